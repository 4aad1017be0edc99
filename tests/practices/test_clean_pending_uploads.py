import io
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from practices.forms import PENDING_UPLOAD_MAX_AGE


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_old_pending_uploads_are_deleted_and_usable_ones_kept(media):
    old = default_storage.save("pending-uploads/aaa/photo.png", ContentFile(b"old"))
    fresh = default_storage.save("pending-uploads/bbb/report.pdf", ContentFile(b"new"))
    long_ago = time.time() - PENDING_UPLOAD_MAX_AGE - 60
    os.utime(media / old, (long_ago, long_ago))
    output = io.StringIO()

    call_command("clean_pending_uploads", stdout=output)

    assert not default_storage.exists(old)
    assert default_storage.exists(fresh)
    assert "Pending uploads deleted: 1; still usable: 1." in output.getvalue()


def test_nothing_to_clean_is_fine(media):
    output = io.StringIO()
    call_command("clean_pending_uploads", stdout=output)
    assert "Pending uploads deleted: 0; still usable: 0." in output.getvalue()
