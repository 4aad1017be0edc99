"""Restore the newest (or a named) backup set: the database, then the media."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.template.defaultfilters import filesizeformat

from icc import backups


class Command(BaseCommand):
    help = (
        "Restore a backup set made by `manage.py backup`: replace the database with the one "
        "backed up, then write back every media file of the set (files of the same name are "
        "replaced, other files are left in place). Without a name, the newest set."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "name",
            nargs="?",
            help="The set's time stamp (e.g. 2026-11-30-020000) or one of its file names.",
        )
        parser.add_argument(
            "--list",
            action="store_true",
            dest="list_only",
            help="List the sets available and restore nothing.",
        )
        parser.add_argument(
            "--no-media", action="store_false", dest="media", help="Restore the database only."
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default)."
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, name, list_only, media, database, interactive, verbosity, **options):
        storage = backups.backup_storage()
        if list_only:
            self._list(storage)
            return
        backup_set = backups.find_set(name, storage)
        backups.check_database(database)
        database_name = connections[database].settings_dict["NAME"]
        restores_media = media and backup_set.media_file is not None
        if interactive:
            what = "the database and the media files" if restores_media else "the database"
            try:
                answer = input(
                    f"This replaces the database {database_name} with the backup set "
                    f"{backup_set.stamp} ({what}). Type 'yes' to continue: "
                )
            except EOFError:  # no terminal (cron, a pipe)
                answer = ""
            if answer.strip().lower() != "yes":
                raise CommandError(
                    "Restore cancelled: nothing was changed (--noinput restores without asking)."
                )

        media_count = backups.restore_backup(
            backup_set, database=database, media=media, verbosity=verbosity
        )
        self.stdout.write(f"Database {database_name} restored from {backup_set.database_file}.")
        if media_count is not None:
            self.stdout.write(f"{media_count} media files restored from {backup_set.media_file}.")
        elif media:
            self.stdout.write("This set has no media backup: media left as they are.")
        else:
            self.stdout.write("Media left as they are (--no-media).")
        self.stdout.write(self.style.SUCCESS(f"Restore of backup set {backup_set.stamp} done."))

    def _list(self, storage):
        sets = backups.list_sets(storage)
        if not sets:
            self.stdout.write(f"No backup set in {backups.storage_label(storage)}.")
        for backup_set in sets:
            sizes = ", ".join(
                f"{name} ({filesizeformat(storage.storage.size(name))})"
                for name in (backup_set.database_file, backup_set.media_file)
                if name
            )
            self.stdout.write(f"{backup_set.stamp}: {sizes}")
