"""A GIN index on the search vector, on PostgreSQL only (SQLite uses the stems column)."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS icc_searchentry_vector_gin "
            "ON icc_searchentry USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS icc_searchentry_vector_gin")


class Migration(migrations.Migration):
    dependencies = [("icc", "0002_groups")]
    operations = [migrations.RunPython(create_index, drop_index)]
