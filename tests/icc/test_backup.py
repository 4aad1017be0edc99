"""`manage.py backup` and `manage.py restore` (icc/backups.py, django-dbbackup).

The round trips restore into a *fresh* database (a new PostgreSQL database, or a new SQLite
file) and a fresh media folder, then compare every table row by row and every file byte by
byte. The commands close the default connection (django-dbbackup does), so every test here
commits: ``transaction=True``, with the data-migration rows put back afterwards.
"""

import contextlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from cities.models import City
from icc import backups
from icc.models import DocumentFile, Image
from tests.factories import (
    CityFactory,
    DocumentFactory,
    EventFactory,
    ImageFactory,
    NewsItemFactory,
    PracticeFactory,
    TopicFactory,
    png_upload,
)

# The commands close the default connection: each test commits what it creates.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RESTORED = "restored"


def is_postgresql():
    return connections["default"].vendor == "postgresql"


@pytest.fixture
def backup_dir(tmp_path, monkeypatch):
    """An empty backup folder (django-dbbackup reads its storage options once, at import)."""
    import dbbackup.settings

    folder = tmp_path / "backups"
    monkeypatch.setattr(dbbackup.settings, "STORAGE_OPTIONS", {"location": str(folder)})
    return folder


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def run(command, *args, **options):
    out = io.StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


def make_content():
    """Content of every kind, with an image (and its renditions) and a document."""
    image = ImageFactory(file=png_upload(name="square.png", width=1000, height=600))
    city = CityFactory(image=image)
    topic = TopicFactory()
    PracticeFactory(cities=[city], topics=[topic])
    NewsItemFactory(cities=[city], topics=[topic])
    EventFactory(host_cities=[city])
    DocumentFactory()
    image.refresh_from_db()
    assert image.rendition_widths == [480, 960]
    return image


def media_files(folder):
    """{relative path: bytes} of every file under ``folder``."""
    folder = Path(folder)
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# --- Comparing databases --------------------------------------------------------------------


def postgresql_parameters(name):
    source = connections["default"].settings_dict
    return {
        "host": source["HOST"] or None,
        "port": source["PORT"] or None,
        "user": source["USER"] or None,
        "password": source["PASSWORD"] or None,
        "dbname": name,
    }


def postgresql_snapshot(name):
    """{table: rows ordered by primary key} and {sequence: last value} of a database."""
    import psycopg

    with psycopg.connect(**postgresql_parameters(name)) as connection:
        cursor = connection.cursor()
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = {}
        for (table,) in cursor.fetchall():
            cursor.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                "WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum",
                [f'"{table}"'],
            )
            key = ", ".join(f'"{column}"' for (column,) in cursor.fetchall()) or "1"
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY {key}')
            tables[table] = cursor.fetchall()
        cursor.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        )
        sequences = dict(cursor.fetchall())
    return tables, sequences


def sqlite_snapshot(cursor):
    """{table: rows ordered by rowid} of a SQLite database (sqlite_sequence included)."""
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    tables = {}
    for (table,) in cursor.fetchall():
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
        tables[table] = [tuple(row) for row in cursor.fetchall()]
    return tables


@contextlib.contextmanager
def fresh_database(tmp_path, monkeypatch):
    """A new, empty database under the alias "restored"; dropped afterwards."""
    source = connections["default"].settings_dict
    if is_postgresql():
        import psycopg

        name = f"icc_restore_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(**postgresql_parameters("postgres"), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    else:
        name = str(tmp_path / "restored.sqlite3")
    monkeypatch.setitem(settings.DATABASES, RESTORED, {**source, "NAME": name})
    try:
        yield name
    finally:
        connections[RESTORED].close()
        del connections[RESTORED]
        if is_postgresql():
            with psycopg.connect(**postgresql_parameters("postgres"), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query_restored(restored_name, sql):
    """Rows of ``sql`` in the restored database, read outside Django (the test may not open a
    connection to a database it did not declare)."""
    if is_postgresql():
        import psycopg

        with psycopg.connect(**postgresql_parameters(restored_name)) as connection:
            return connection.execute(sql).fetchall()
    with contextlib.closing(sqlite3.connect(restored_name)) as connection:
        return connection.execute(sql).fetchall()


def assert_same_databases(restored_name):
    if is_postgresql():
        source_tables, source_sequences = postgresql_snapshot(
            connections["default"].settings_dict["NAME"]
        )
        restored_tables, restored_sequences = postgresql_snapshot(restored_name)
        assert restored_sequences == source_sequences
        assert any(value for value in source_sequences.values())
    else:
        source_tables = sqlite_snapshot(connections["default"].cursor())
        # Read as Django reads (its converters: booleans, dates), like the source.
        types = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
        with contextlib.closing(sqlite3.connect(restored_name, detect_types=types)) as restored:
            restored_tables = sqlite_snapshot(restored.cursor())
    assert sorted(restored_tables) == sorted(source_tables)
    for table, rows in source_tables.items():
        assert restored_tables[table] == rows, f"table {table} differs"
    # The comparison saw the content, not empty tables.
    assert len(source_tables[Image._meta.db_table]) == 1
    assert len(source_tables[DocumentFile._meta.db_table]) == 1
    assert source_tables["django_migrations"]


# --- Round trips ----------------------------------------------------------------------------


@committed
def test_round_trip_into_a_fresh_database_and_media_folder(
    backup_dir, media_root, tmp_path, monkeypatch, settings
):
    image = make_content()
    source_media = media_files(media_root)
    assert image.file.name in source_media
    assert any(name.startswith(f"renditions/{image.pk}/") for name in source_media)
    assert any(name.startswith("documents/") for name in source_media)

    output = run("backup")
    assert f"{len(source_media)} media files backed up" in output
    assert "Backup done." in output

    with fresh_database(tmp_path, monkeypatch) as restored_name:
        settings.MEDIA_ROOT = str(tmp_path / "restored-media")
        # Twice: a restore over a restored database and media gives the same result.
        for _attempt in range(2):
            output = run("restore", "--noinput", "--database", RESTORED)
            assert f"{len(source_media)} media files restored" in output
            assert_same_databases(restored_name)
            assert media_files(tmp_path / "restored-media") == source_media


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="PostgreSQL round trip (pg_dump/pg_restore): set DATABASE_URL to a PostgreSQL "
    "database; CI runs the suite on PostgreSQL.",
)
@committed
def test_postgresql_backup_is_a_custom_format_dump(backup_dir, media_root):
    make_content()
    run("backup", "--no-compress")
    (backup_set,) = backups.list_sets()
    assert backup_set.database_file.endswith(".psql.bin")
    assert (backup_dir / backup_set.database_file).read_bytes().startswith(b"PGDMP")


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="restores into the test database itself, which on SQLite is in memory (see "
    "test_restore_refuses_an_in_memory_database); set DATABASE_URL to a PostgreSQL database.",
)
@committed
def test_restore_brings_back_the_state_of_the_backup(backup_dir, media_root):
    """Restoring into the live database and media: what changed since is undone."""
    city = CityFactory(name_en="Before")
    image = ImageFactory()
    original_bytes = Path(image.file.path).read_bytes()
    run("backup")

    city.name_en = "After"
    city.save()
    CityFactory(name_en="Added later")
    Path(image.file.path).write_bytes(b"overwritten")

    output = run("restore", "--noinput")
    assert "Restore of backup set" in output
    assert list(City.objects.values_list("name_en", flat=True)) == ["Before"]
    assert Path(image.file.path).read_bytes() == original_bytes


# --- Sets, retention, errors ----------------------------------------------------------------


@committed
def test_backup_writes_one_set_and_keeps_the_newest(backup_dir, media_root):
    ImageFactory()
    for _attempt in range(3):
        output = run("backup", "--keep", "2")
    assert "1 older sets deleted" in output
    sets = backups.list_sets()
    assert len(sets) == 2
    for backup_set in sets:
        assert backup_set.database_file.endswith(".gz")
        assert backup_set.media_file == f"icc-media-{backup_set.stamp}.tar.gz"
    stored = sorted(path.name for path in backup_dir.iterdir())
    assert stored == sorted(name for backup_set in sets for name in backup_set.files)


@committed
def test_backup_without_compression_or_media(backup_dir, media_root, tmp_path, monkeypatch):
    ImageFactory()
    output = run("backup", "--no-compress", "--no-media")
    assert "Media not backed up" in output
    (backup_set,) = backups.list_sets()
    assert not backup_set.database_file.endswith(".gz")
    assert backup_set.media_file is None
    # A set without media restores the database and says the media were left alone.
    with fresh_database(tmp_path, monkeypatch) as restored_name:
        output = run("restore", backup_set.stamp, "--noinput", "--database", RESTORED)
        assert "no media backup" in output
        table = Image._meta.db_table
        assert query_restored(restored_name, f"SELECT COUNT(*) FROM {table}") == [(1,)]


@committed
def test_restore_a_named_set(backup_dir, media_root, tmp_path, monkeypatch):
    CityFactory(name_en="First")
    run("backup")
    first = backups.list_sets()[-1]
    CityFactory(name_en="Second")
    run("backup")
    assert len(backups.list_sets()) == 2

    with fresh_database(tmp_path, monkeypatch) as restored_name:
        run("restore", first.database_file, "--noinput", "--database", RESTORED)
        names = query_restored(restored_name, f"SELECT name_en FROM {City._meta.db_table}")
        assert names == [("First",)]


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="the SQLite test database is in memory; on PostgreSQL it is not",
)
@committed
def test_restore_refuses_an_in_memory_database(backup_dir, media_root):
    run("backup", "--no-media")
    with pytest.raises(CommandError, match="in-memory SQLite database"):
        run("restore", "--noinput")
    with pytest.raises(CommandError, match="No database 'elsewhere'"):
        run("restore", "--noinput", "--database", "elsewhere")


@committed
def test_restore_lists_the_sets(backup_dir, media_root):
    assert "No backup set in" in run("restore", "--list")
    ImageFactory()
    run("backup")
    (backup_set,) = backups.list_sets()
    assert run("restore", "--list").startswith(f"{backup_set.stamp}: {backup_set.database_file}")


@committed
def test_restore_without_backups_or_with_an_unknown_name_is_a_clear_error(backup_dir, media_root):
    with pytest.raises(CommandError, match="There is no backup to restore"):
        run("restore", "--noinput")
    run("backup", "--no-media")
    with pytest.raises(CommandError, match="No backup called '1999-01-01-000000'"):
        run("restore", "1999-01-01-000000", "--noinput")
    with pytest.raises(CommandError, match="--keep must be at least 1"):
        run("backup", "--keep", "0")


@committed
def test_restore_refuses_a_damaged_media_archive_before_touching_the_database(
    backup_dir, media_root, tmp_path, monkeypatch
):
    CityFactory()
    ImageFactory()
    run("backup")
    (backup_set,) = backups.list_sets()
    (backup_dir / backup_set.media_file).write_bytes(b"not a tarball")

    with fresh_database(tmp_path, monkeypatch) as restored_name:
        with pytest.raises(CommandError, match="cannot be read"):
            run("restore", "--noinput", "--database", RESTORED)
        assert_database_untouched(restored_name)


@committed
def test_restore_asks_for_confirmation(backup_dir, media_root, tmp_path, monkeypatch):
    CityFactory()
    run("backup", "--no-media")
    prompts = []
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or "no")
    with fresh_database(tmp_path, monkeypatch) as restored_name:
        with pytest.raises(CommandError, match="nothing was changed"):
            run("restore", "--database", RESTORED)
        assert_database_untouched(restored_name)
    assert "Type 'yes' to continue" in prompts[0]


def assert_database_untouched(restored_name):
    """The fresh database still has no table."""
    if is_postgresql():
        sql = "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"
        assert query_restored(restored_name, sql) == [(0,)]
    else:
        assert not Path(restored_name).exists()


SETTINGS_SCRIPT = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps(settings.STORAGES["dbbackup"]))
"""


def backup_storage_setting(**environment):
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "icc.settings.production",
        "SECRET_KEY": "x" * 64,
        "ALLOWED_HOSTS": "icc.example.org",
        "DATABASE_URL": "postgres://icc:secret@db.internal:5432/icc",
        **environment,
    }
    result = subprocess.run(
        [sys.executable, "-c", SETTINGS_SCRIPT],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_backups_go_to_the_folder_or_a_private_bucket():
    local = backup_storage_setting(BACKUP_DIR="/var/backups/icc")
    assert local["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert local["OPTIONS"] == {"location": "/var/backups/icc"}

    bucket = backup_storage_setting(BACKUP_BUCKET="icc-backups", AWS_STORAGE_BUCKET_NAME="media")
    assert bucket["BACKEND"] == "storages.backends.s3.S3Storage"
    assert bucket["OPTIONS"]["bucket_name"] == "icc-backups"
    assert bucket["OPTIONS"]["location"] == "backups"
    assert bucket["OPTIONS"]["default_acl"] == "private"


@committed
def test_a_failed_backup_leaves_no_half_set(backup_dir, media_root, monkeypatch):
    from dbbackup.management.commands import mediabackup

    ImageFactory()
    run("backup")
    (complete,) = backups.list_sets()

    def disk_full(command):
        raise OSError("No space left on device")

    monkeypatch.setattr(mediabackup.Command, "backup_mediafiles", disk_full)
    with pytest.raises(CommandError, match="The media backup failed: OSError: No space left"):
        run("backup")
    assert backups.list_sets() == [complete]


@committed
def test_restore_of_a_damaged_or_foreign_database_backup_is_a_clear_error(
    backup_dir, media_root, tmp_path, monkeypatch
):
    CityFactory()
    run("backup", "--no-media")
    (backup_set,) = backups.list_sets()
    database_file = backup_dir / backup_set.database_file
    metadata_file = backup_dir / f"{backup_set.database_file}.metadata"

    with fresh_database(tmp_path, monkeypatch) as restored_name:
        database_file.write_bytes(b"not gzip")
        with pytest.raises(CommandError, match="Restoring the database from .* failed"):
            run("restore", "--noinput", "--database", RESTORED)
        assert_database_untouched(restored_name)

        metadata = json.loads(metadata_file.read_text())
        metadata_file.write_text(json.dumps({**metadata, "engine": "django.db.backends.mysql"}))
        with pytest.raises(CommandError, match="different database engine"):
            run("restore", "--noinput", "--database", RESTORED)
        assert_database_untouched(restored_name)
