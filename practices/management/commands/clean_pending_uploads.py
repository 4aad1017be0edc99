"""Delete kept uploads (pending-uploads/) older than their token's lifetime."""

import datetime
import posixpath

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from practices.forms import PENDING_UPLOAD_DIRECTORY, PENDING_UPLOAD_MAX_AGE


def pending_files(directory=PENDING_UPLOAD_DIRECTORY):
    """Every file below ``directory`` in the default storage (local disk or S3)."""
    if not default_storage.exists(directory):
        return
    folders, files = default_storage.listdir(directory)
    for name in files:
        yield posixpath.join(directory, name)
    for folder in folders:
        yield from pending_files(posixpath.join(directory, folder))


class Command(BaseCommand):
    help = "Delete files kept for a form that failed validation once they can no longer be used."

    def handle(self, *args, **options):
        limit = timezone.now() - datetime.timedelta(seconds=PENDING_UPLOAD_MAX_AGE)
        deleted = kept = 0
        for path in list(pending_files()):
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
                deleted += 1
            else:
                kept += 1
        self.stdout.write(f"Pending uploads deleted: {deleted}; still usable: {kept}.")
