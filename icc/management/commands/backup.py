"""Back up the database and the media as one new set (see icc/backups.py)."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.template.defaultfilters import filesizeformat

from icc import backups


class Command(BaseCommand):
    help = (
        "Back up the database and every media file (local MEDIA_ROOT or the bucket) into the "
        "backup storage (BACKUP_DIR or BACKUP_BUCKET) as one time-stamped set, then delete all "
        "but the newest BACKUP_KEEP sets."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help="How many sets to keep, this one included (default: BACKUP_KEEP, 14).",
        )
        parser.add_argument(
            "--compress",
            action="store_true",
            default=None,
            help="Gzip the files (the default unless BACKUP_COMPRESS=false).",
        )
        parser.add_argument(
            "--no-compress", action="store_false", dest="compress", help="Do not gzip the files."
        )
        parser.add_argument(
            "--no-media", action="store_false", dest="media", help="Back up the database only."
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default)."
        )

    def handle(self, *args, keep, compress, media, database, verbosity, **options):
        storage = backups.backup_storage()
        backup_set, deleted, media_count = backups.create_backup(
            database=database, media=media, compress=compress, keep=keep, verbosity=verbosity
        )
        database_name = connections[database].settings_dict["NAME"]
        self.stdout.write(
            f"Database {database_name} backed up to {backup_set.database_file} "
            f"({filesizeformat(storage.storage.size(backup_set.database_file))})."
        )
        if backup_set.media_file:
            self.stdout.write(
                f"{media_count} media files backed up to {backup_set.media_file} "
                f"({filesizeformat(storage.storage.size(backup_set.media_file))})."
            )
        elif media:
            self.stdout.write("No media file to back up.")
        else:
            self.stdout.write("Media not backed up (--no-media).")
        self.stdout.write(
            f"Backup set {backup_set.stamp} written to {backups.storage_label(storage)}."
        )
        if deleted:
            self.stdout.write(
                f"{len(deleted)} older sets deleted: {', '.join(s.stamp for s in deleted)}."
            )
        self.stdout.write(self.style.SUCCESS("Backup done."))
