"""Backups of the database and the media, as sets of files made together (django-dbbackup).

A *set* is the files one ``manage.py backup`` wrote, named after the same moment (UTC)::

    icc-db-2026-11-30-020000.psql.bin.gz       the database (pg_dump custom format, or SQLite)
    icc-db-2026-11-30-020000.psql.bin.gz.metadata
    icc-media-2026-11-30-020000.tar.gz         every file of the default storage (disk or S3)

django-dbbackup does the work (``pg_dump``/``pg_restore``, SQLite's backup API, the media
tarball, gzip, the storage); this module names the files so that a database and its media
are restored together, keeps the newest sets and says what was done.
"""

import contextlib
import dataclasses
import datetime
import os
import re
import tarfile

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections

STAMP_FORMAT = "%Y-%m-%d-%H%M%S"
STAMP_PATTERN = r"\d{4}-\d{2}-\d{2}-\d{6}"


def backup_storage():
    """dbbackup's view of the "dbbackup" storage (folder or bucket)."""
    from dbbackup.storage import get_storage

    return get_storage()


def storage_label(storage):
    """Where the backups go, for people: a folder, or s3://bucket/prefix."""
    inner = storage.storage
    if getattr(inner, "bucket_name", None):
        return f"s3://{inner.bucket_name}/{getattr(inner, 'location', '')}".rstrip("/")
    return str(getattr(inner, "location", inner))


@dataclasses.dataclass
class BackupSet:
    stamp: str
    database_file: str | None = None
    media_file: str | None = None
    other_files: list = dataclasses.field(default_factory=list)  # the .metadata

    @property
    def files(self):
        return [name for name in (self.database_file, self.media_file) if name] + self.other_files


def _file_pattern():
    return re.compile(
        rf"^{re.escape(settings.BACKUP_NAME)}-(?P<kind>db|media)-(?P<stamp>{STAMP_PATTERN})\.(?P<rest>.+)$"
    )


def list_sets(storage=None):
    """The backup sets in the storage, oldest first."""
    storage = storage or backup_storage()
    pattern = _file_pattern()
    sets = {}
    try:
        names = storage.list_directory()
    except FileNotFoundError:  # a local folder the first backup will create
        names = []
    for name in names:
        match = pattern.match(name)
        if not match:
            continue
        backup_set = sets.setdefault(match["stamp"], BackupSet(match["stamp"]))
        if name.endswith(".metadata"):
            backup_set.other_files.append(name)
        elif match["kind"] == "db":
            backup_set.database_file = name
        else:
            backup_set.media_file = name
    return [sets[stamp] for stamp in sorted(sets)]


def find_set(name=None, storage=None):
    """The set called ``name`` (its time stamp or one of its file names), or the newest one
    with a database backup."""
    sets = list_sets(storage)
    if name:
        stamp = re.search(STAMP_PATTERN, name)
        for backup_set in sets:
            if stamp and backup_set.stamp == stamp[0]:
                return backup_set
        raise CommandError(
            f"No backup called {name!r}. Sets available: "
            f"{', '.join(s.stamp for s in sets) or 'none'}."
        )
    complete = [backup_set for backup_set in sets if backup_set.database_file]
    if not complete:
        raise CommandError("There is no backup to restore.")
    return complete[-1]


def _new_stamp(storage):
    """Now, in UTC; a second later if a set of that second exists (names must not collide:
    the storage would rename the second file and split the set)."""
    taken = {backup_set.stamp for backup_set in list_sets(storage)}
    moment = datetime.datetime.now(datetime.UTC)
    while moment.strftime(STAMP_FORMAT) in taken:
        moment += datetime.timedelta(seconds=1)
    return moment.strftime(STAMP_FORMAT)


def _media_file_count():
    """The number of files in the default storage, walked as dbbackup walks it."""
    from django.core.files.storage import default_storage

    if not default_storage.exists(""):  # a local MEDIA_ROOT before the first upload
        return 0
    count = 0
    folders = [""]
    while folders:
        folder = folders.pop()
        subfolders, files = default_storage.listdir(folder)
        count += len(files)
        folders.extend(os.path.join(folder, subfolder) for subfolder in subfolders)
    return count


@contextlib.contextmanager
def _reported_as(message):
    """Turn a failure of the library or of the tools it runs (pg_dump, gzip, the storage)
    into a one-line error, rather than a traceback."""
    try:
        yield
    except CommandError:
        raise
    except Exception as error:
        raise CommandError(f"{message}: {type(error).__name__}: {error}") from error


def check_database(alias):
    """Refuse an unknown alias, or a database no file can be restored into."""
    if alias not in connections:
        raise CommandError(f"No database {alias!r} in DATABASES.")
    connection = connections[alias]
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        raise CommandError(f"The database {alias!r} is an in-memory SQLite database.")


def _library_options(verbosity):
    # dbbackup logs each step at INFO; shown from verbosity 2, we report the outcome ourselves.
    return {"verbosity": verbosity, "quiet": verbosity < 2, "interactive": False}


def create_backup(*, database=DEFAULT_DB_ALIAS, media=True, compress=None, keep=None, verbosity=1):
    """Back up the database (and the media) as a new set; keep the newest ``keep`` sets.

    Returns (the new set, the sets deleted, the number of media files)."""
    from dbbackup.db.base import get_connector

    if database not in connections:
        raise CommandError(f"No database {database!r} in DATABASES.")
    compress = settings.BACKUP_COMPRESS if compress is None else compress
    keep = settings.BACKUP_KEEP if keep is None else keep
    if keep < 1:
        raise CommandError("--keep must be at least 1.")
    storage = backup_storage()
    stamp = _new_stamp(storage)
    suffix = ".gz" if compress else ""
    backup_set = BackupSet(stamp)

    try:
        extension = get_connector(database).extension
        backup_set.database_file = f"{settings.BACKUP_NAME}-db-{stamp}.{extension}{suffix}"
        with _reported_as("The database backup failed"):
            call_command(
                "dbbackup",
                database=database,
                output_filename=backup_set.database_file,
                compress=compress,
                **_library_options(verbosity),
            )
        backup_set.other_files.append(f"{backup_set.database_file}.metadata")

        media_count = _media_file_count() if media else None
        if media_count:
            backup_set.media_file = f"{settings.BACKUP_NAME}-media-{stamp}.tar{suffix}"
            with _reported_as("The media backup failed"):
                call_command(
                    "mediabackup",
                    output_filename=backup_set.media_file,
                    compress=compress,
                    **_library_options(verbosity),
                )
    except BaseException:
        # Half a set would be restored as if whole: delete what was written of it.
        for partial in list_sets(storage):
            if partial.stamp == stamp:
                for name in partial.files:
                    storage.delete_file(name)
        raise

    deleted = delete_old_sets(keep=keep, storage=storage)
    return backup_set, deleted, media_count


def delete_old_sets(*, keep, storage=None):
    """Delete every set but the newest ``keep`` (by set, so a database backup and its media
    go together); return the sets deleted."""
    storage = storage or backup_storage()
    sets = list_sets(storage)
    old = sets[: max(0, len(sets) - keep)]
    for backup_set in old:
        for name in backup_set.files:
            storage.delete_file(name)
    return old


def media_archive_count(name, storage=None):
    """The number of files in a media archive; reading it whole also proves it is readable
    before the database is touched."""
    storage = storage or backup_storage()
    with storage.read_file(name) as archive_file:
        try:
            with tarfile.open(fileobj=archive_file, mode="r:*") as archive:
                return sum(1 for member in archive if member.isfile())
        except (tarfile.TarError, OSError, EOFError) as error:
            raise CommandError(f"The media archive {name} cannot be read: {error}") from error


def restore_backup(backup_set, *, database=DEFAULT_DB_ALIAS, media=True, verbosity=1):
    """Restore the set's database into ``database``, then its media into the default storage
    (files of the archive replace those of the same name; others are left in place).

    Returns the number of media files restored (None when the media were not restored)."""
    from icc.caching.invalidation import bump_now

    if backup_set.database_file is None:
        raise CommandError(f"The set {backup_set.stamp} has no database backup.")
    check_database(database)
    media = media and backup_set.media_file is not None
    media_count = media_archive_count(backup_set.media_file) if media else None

    # pg_restore runs in one transaction: if it fails, the database is as it was.
    with _reported_as(f"Restoring the database from {backup_set.database_file} failed"):
        call_command(
            "dbrestore",
            database=database,
            input_filename=backup_set.database_file,
            uncompress=backup_set.database_file.endswith(".gz"),
            # A new server's role has another name: objects belong to whoever restores them.
            pg_options="--no-owner --no-privileges",
            **_library_options(verbosity),
        )
    if media:
        with _reported_as(f"Restoring the media from {backup_set.media_file} failed"):
            call_command(
                "mediarestore",
                input_filename=backup_set.media_file,
                uncompress=backup_set.media_file.endswith(".gz"),
                replace=True,
                **_library_options(verbosity),
            )
    # Pages cached from the content before the restore must not be served. (No transaction
    # to wait for: pg_restore committed its own.)
    bump_now()
    return media_count
