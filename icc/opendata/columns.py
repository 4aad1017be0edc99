"""The columns of a download: a stable English name, how to read the value, and its type.

Rows are read as plain values (``QuerySet.values()``: no model instances, which cost most of
the time of a large download), one object per row whose attributes are the fields read; the
related items a column lists are read for a whole chunk at once (``Related``). Values are
read in the page's language and made plain here, once for both formats: text as ``str``, dates
and times in ISO 8601, URLs absolute, lists as lists (joined in CSV).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils import translation

from icc.formatting import country_name
from icc.templatetags.icc_tags import fallback_languages

TEXT = "text"
URL = "url"
INTEGER = "integer"
NUMBER = "number"
BOOLEAN = "boolean"
DATE = "date"
TIME = "time"
DATETIME = "datetime"
LIST = "list"

# A slug no item has: reversed once per language, then replaced by each item's slug.
_SLUG_PLACEHOLDER = "opendata-slug-placeholder"


@dataclass(frozen=True)
class Column:
    """One column: ``value(row)`` gives the raw value, ``kind`` how to write it."""

    name: str
    value: Any  # callable(row) -> value
    kind: str = TEXT


def site_language_codes():
    return [code for code, _name in settings.LANGUAGES]


def reader_language():
    """The active language as a site language code (its column suffix)."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in site_language_codes() else settings.LANGUAGE_CODE


def translations(*fields):
    """The columns of translated ``fields`` in every site language: ``title_en``, ``title_fr``."""
    return tuple(f"{field}_{code}" for field in fields for code in site_language_codes())


def first_text(row, field, languages):
    """The first non-empty ``<field>_<code>`` of ``row`` for ``languages`` in order, or ""."""
    for code in languages:
        value = getattr(row, f"{field}_{code}", None)
        if value:
            return value
    return ""


def resolve_translations(rows, fields, language):
    """Give each row its ``fields`` in ``language``, with the site's fallback (as the pages)."""
    languages = fallback_languages(language)
    for row in rows:
        for field in fields:
            setattr(row, field, first_text(row, field, languages))


def translated(field):
    """The reader's-language text of a translated field the view lists in ``translated_fields``."""
    return lambda row: getattr(row, field)


@lru_cache(maxsize=4096)
def _country_name(code, language):
    return country_name(code, language)


def country(field="country"):
    """The name, in the reader's language, of the country whose code is in ``field``."""
    return lambda row: _country_name(str(getattr(row, field) or ""), reader_language())


def country_code(field="country"):
    return lambda row: str(getattr(row, field) or "")


def choice_label(choices, field):
    """The label, in the reader's language, of the choice (a ``TextChoices``) in ``field``."""

    def label(row):
        value = getattr(row, field)
        return dict(choices.choices).get(value, value) if value else ""

    return label


@lru_cache(maxsize=256)
def _detail_url_template(url_name, language, script_prefix):
    with translation.override(language):
        return reverse(url_name, kwargs={"slug": _SLUG_PLACEHOLDER})


def detail_url(url_name):
    """The path of a row's page, ``url_name`` reversed with the row's slug in the language."""

    def path(row):
        template = _detail_url_template(url_name, reader_language(), get_script_prefix())
        return template.replace(_SLUG_PLACEHOLDER, row.slug)

    return path


@dataclass(frozen=True)
class Related:
    """Items related to the rows of a chunk, read in one query: ``row.<key>`` is their list.

    ``links()`` gives the link rows (``PracticeCity.objects.all()``), ``owner`` is their field
    naming the row's item and ``target`` the related item's; only the related items in
    ``public()`` are listed (their ``published()`` queryset). Each listed item has ``name`` (in
    the reader's language, with the site's fallback) and the ``extra`` fields of the target.
    ``order``: target fields to sort by, ``"name"`` being the name in the reader's language.
    """

    key: str
    links: Any  # callable() -> QuerySet of the link model
    owner: str
    target: str
    public: Any = None  # callable() -> QuerySet of the target model
    order: tuple = ("name",)
    extra: tuple = ()

    def read(self, ids):
        """``{owner id: [related item, ...]}`` for the owners ``ids``."""
        codes = site_language_codes()
        language = reader_language()
        order = [
            f"{self.target}__name_{language}" if field == "name" else f"{self.target}__{field}"
            for field in self.order
        ]
        links = self.links().filter(**{f"{self.owner}__in": ids})
        if self.public is not None:
            links = links.filter(**{f"{self.target}__in": self.public()})
        rows = links.order_by(*order, f"{self.target}__pk").values_list(
            self.owner,
            *(f"{self.target}__name_{code}" for code in codes),
            *(f"{self.target}__{field}" for field in self.extra),
        )
        languages = fallback_languages(language)
        found = defaultdict(list)
        for owner_id, *values in rows:
            item = SimpleNamespace(
                **dict(zip([f"name_{code}" for code in codes], values, strict=False)),
                **dict(zip(self.extra, values[len(codes) :], strict=True)),
            )
            item.name = first_text(item, "name", languages)
            found[owner_id].append(item)
        return found


def names(key):
    """The names of the related items in ``row.<key>`` (each once, in their order)."""
    return lambda row: list(dict.fromkeys(item.name for item in getattr(row, key)))


def plain(kind, value, absolute_url):
    """``value`` as the plain JSON-ready value of a column of type ``kind``.

    ``absolute_url(path)`` makes a site path absolute (a URL that is already absolute stays).
    """
    if kind == LIST:
        return [str(part) for part in (value or ()) if part not in (None, "")]
    if kind == BOOLEAN:
        return bool(value)
    if value is None or value == "":
        return "" if kind in (TEXT, URL) else None
    if kind == URL:
        return absolute_url(str(value))
    if kind == INTEGER:
        return int(value)
    if kind == NUMBER:
        return float(value) if isinstance(value, Decimal) else value
    if kind == DATETIME:
        moment = value.astimezone(datetime.UTC).replace(microsecond=0)
        return moment.isoformat().replace("+00:00", "Z")
    if kind in (DATE, TIME):
        return value.isoformat()
    return str(value)  # text, and lazy translations made plain
