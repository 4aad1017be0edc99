"""The search index of a generated database, written by set-based SQL on PostgreSQL.

The project's indexer (icc.search.index_objects) renders each item in Python and inserts it
with its own vector expression: right for a few items saved in the admin, minutes for the
bench's 130,000 items. This writes the same rows (same title, body, URL, kind, year and
weighted vector in the language's configuration) with one INSERT … SELECT per model and
language. It knows only the fields the bench generates and plain text bodies;
tests/test_bench.py compares its rows with the project's indexer's, so a change to
icc/search.py that this does not follow fails there.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone, translation
from django_countries import countries

from icc import search
from icc.models import SearchEntry

SLUG_MARK = "bench-slug-mark"


def _text(column, language):
    """A translated column as the reader of ``language`` gets it (English fallback)."""
    if language == "en":
        return f"COALESCE({column}_en, '')"
    return f"COALESCE(NULLIF({column}_{language}, ''), {column}_en, '')"


def _parts(parts):
    """plain_text of each part, the empty ones left out, joined by new lines."""
    return "concat_ws(E'\\n', " + ", ".join(f"NULLIF(btrim({part}), '')" for part in parts) + ")"


def _country(column, language):
    return f"(SELECT name FROM bench_country_names n WHERE n.language = '{language}' AND n.code = {column})"


def _models(language, today):
    """(model, title SQL, body parts SQL, year SQL, WHERE SQL) of every indexed model."""
    from cities.models import City, Network
    from events.models import Event
    from news.models import NewsItem
    from practices.models import Practice

    text = lambda column: _text(column, language)  # noqa: E731 - a local shorthand
    sections = [
        text(name) if name != "contact" else f"CASE WHEN show_contact THEN {text(name)} ELSE '' END"
        for name in Practice.SECTION_FIELDS
    ]
    return [
        (City, text("name"), [text("profile"), _country("country", language)], "joined_year", "is_published"),
        (
            Network, text("name"),
            [text("description"), text("acronym"), text("coordinating_body"), _country("country", language)],
            "founded_year", "is_published",
        ),
        (
            Event, text("title"), [text("description"), text("place"), _country("country", language)],
            "EXTRACT(YEAR FROM start_date)::int", "is_published",
        ),
        (
            NewsItem, text("title"), [text("lead"), f"regexp_replace({text('body')}, '<[^>]*>', '', 'g')"],
            "EXTRACT(YEAR FROM date)::int", f"is_published AND date <= '{today.isoformat()}'",
        ),
        (
            Practice, text("title"), [*sections, text("period"), _country("country", language)],
            "COALESCE(first_year, EXTRACT(YEAR FROM published_at AT TIME ZONE 'UTC')::int)",
            "status = 'published'",
        ),
    ]  # fmt: skip


def index_everything():
    """Replace the search index with the rows of every published item; returns the row count."""
    today = timezone.localdate()
    table = SearchEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
        # One GIN build at the end is far cheaper than 130,000 insertions into it.
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [table, "%USING gin%"],
        )
        gin_indexes = cursor.fetchall()
        for name, _definition in gin_indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_country_names (language text, code text, name text)"
        )
        for language in search.site_languages():
            with translation.override(language):
                names = [(language, code, str(name)) for code, name in countries]
            cursor.executemany("INSERT INTO bench_country_names VALUES (%s, %s, %s)", names)
        for language in search.site_languages():
            config = search.POSTGRES_CONFIGS.get(language, "simple")
            for model, title, parts, year, where in _models(language, today):
                indexed = search.indexed_model_for(model)
                content_type = ContentType.objects.get_for_model(model)
                with translation.override(language):
                    prefix, suffix = model(slug=SLUG_MARK).get_absolute_url().split(SLUG_MARK)
                cursor.execute(
                    f"""
                    INSERT INTO {table}
                        (content_type_id, object_id, language, kind, year, title, body, url,
                         stems, search_vector)
                    SELECT %s, id, %s, %s, year, title, body, %s || slug || %s, '',
                        setweight(to_tsvector(%s::regconfig, COALESCE(title, '')), 'A')
                        || setweight(to_tsvector(%s::regconfig, COALESCE(body, '')), 'B')
                    FROM (
                        SELECT id, slug, {year} AS year, btrim({title}) AS title,
                            {_parts(parts)} AS body
                        FROM {model._meta.db_table} WHERE {where}
                    ) AS item
                    """,
                    [content_type.pk, language, indexed.kind, prefix, suffix, config, config],
                )
        cursor.execute("DROP TABLE bench_country_names")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # CREATE INDEX waits for no trigger
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for _name, definition in gin_indexes:
            cursor.execute(definition)
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]
