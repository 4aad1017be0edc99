"""Site search: one SearchEntry row per published item per site language, and its queries.

Indexing (``index_object``, ``index_objects``, ``remove_object``) is called by the signal
receivers in icc.signals and by the ``rebuild_search_index`` command. Which items are public is
always the model's ``published()`` queryset's decision.

Querying (``search``) uses PostgreSQL full-text search when the database is PostgreSQL
(``search_vector``: the title weighted A, the body B, in the row language's text-search
configuration) and, on any other database, a portable fallback on the ``stems`` column
(Snowball stems of the accent-folded words). Both give the same kind of results: every word of
the query must match (in any grammatical form), items matching in their title come first, and
each result carries an excerpt whose matches are wrapped in ``<mark>`` and whose text is
escaped.
"""

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import snowballstemmer
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.core.cache import cache as django_cache
from django.db import connection, models
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Value, When
from django.db.models.expressions import Func
from django.utils import timezone, translation
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import SearchEntry

# PostgreSQL text-search configurations of the site languages; a language not listed here
# (a third one added later) is indexed and queried with 'simple' (no stemming).
POSTGRES_CONFIGS = {"en": "english", "fr": "french"}
# Snowball algorithms for the fallback; a language not listed is not stemmed (words only).
SNOWBALL_ALGORITHMS = {"en": "english", "fr": "french"}

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 10
BATCH_SIZE = 500

# ts_headline marks matches with these private-use characters; the headline is escaped and
# then they become <mark> tags. Indexed text is stripped of them, so content cannot forge one.
_MARK_START = "\ue000"
_MARK_STOP = "\ue001"
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_EXCERPT_WORDS = 40


class Kind(models.TextChoices):
    """What a search result is; the ``type`` facet of the search page."""

    CITY = "city", _("City")
    NETWORK = "network", _("Network")
    EVENT = "event", _("Event")
    NEWS = "news", _("News")
    PRACTICE = "practice", _("Good practice")
    PAGE = "page", _("Programme page")


@dataclass(frozen=True)
class IndexedModel:
    """How one model is indexed: its kind, its texts and its year."""

    kind: str
    model: type
    texts: object  # callable(obj) -> (title, [body parts]), called in the row's language
    year: object  # callable(obj) -> int or None


def _country_name(obj):
    return str(obj.country.name) if obj.country else ""


# What each model shows the search, in the active language. Body parts put prose first, so an
# excerpt without a match starts with a sentence rather than a country name.


def _city_texts(city):
    return city.name, [city.profile, _country_name(city)]


def _network_texts(network):
    parts = [network.description, network.acronym, network.coordinating_body]
    return network.name, [*parts, _country_name(network)]


def _event_texts(event):
    return event.title, [event.description, event.place, _country_name(event)]


def _news_texts(item):
    return item.title, [item.lead, html_text(item.body)]


def _practice_texts(practice):
    # With "show the contact" off, the contact details are shown nowhere: not found either.
    sections = [
        getattr(practice, name)
        for name in practice.SECTION_FIELDS
        if name != "contact" or practice.show_contact
    ]
    return practice.title, [*sections, practice.period, _country_name(practice)]


def _page_texts(page):
    return page.title, [page.summary, html_text(page.body)]


def _practice_year(practice):
    if practice.first_year:
        return practice.first_year
    return practice.published_at.year if practice.published_at else None


@cache
def indexed_models():
    """The models the site search covers (imported late: they import icc.models)."""
    from cities.models import City, Network
    from events.models import Event
    from icc.pages.models import Page
    from news.models import NewsItem
    from practices.models import Practice

    return (
        IndexedModel(Kind.CITY, City, _city_texts, lambda city: city.joined_year),
        IndexedModel(Kind.NETWORK, Network, _network_texts, lambda net: net.founded_year),
        IndexedModel(Kind.EVENT, Event, _event_texts, lambda event: event.start_date.year),
        IndexedModel(Kind.NEWS, NewsItem, _news_texts, lambda item: item.date.year),
        IndexedModel(Kind.PRACTICE, Practice, _practice_texts, _practice_year),
        # The programme's own pages: undated, so outside the year facet.
        IndexedModel(Kind.PAGE, Page, _page_texts, lambda page: None),
    )


def indexed_model_for(model):
    for indexed in indexed_models():
        if indexed.model is model:
            return indexed
    return None


def site_languages():
    return [code for code, _name in settings.LANGUAGES]


def is_postgresql():
    return connection.vendor == "postgresql"


# --- Text preparation ---------------------------------------------------------------------


def html_text(value):
    """The text of an HTML field (a news body): tags dropped, entities decoded."""
    return html.unescape(strip_tags(value or ""))


def plain_text(value):
    """``value`` with blank runs collapsed and the highlight sentinels removed."""
    text = (value or "").replace(_MARK_START, "").replace(_MARK_STOP, "").replace("\x00", "")
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def fold(word):
    """Lower-case ``word`` and drop its accents (é -> e), so typing accents is optional."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@cache
def _stemmer(language):
    algorithm = SNOWBALL_ALGORITHMS.get(language)
    return snowballstemmer.stemmer(algorithm) if algorithm else None


@lru_cache(maxsize=100_000)  # a vocabulary repeats: stemming in pure Python is the cost
def stem(word, language):
    """The Snowball stem of the accent-folded ``word`` (folded first, so réfugiés = refugies)."""
    folded = fold(word)
    stemmer = _stemmer(language)
    return stemmer.stemWord(folded) if stemmer else folded


def stems_of(text, language):
    """The distinct stems of the words of ``text``, in order of first appearance."""
    return list(dict.fromkeys(stem(word, language) for word in _WORD.findall(text)))


def stems_column(title, body, language):
    """The fallback's searchable text: every stem, plus the title's prefixed with ``t:``.

    The ``t:`` copies let one LIKE tell a title match from a body match (ranking) without a
    second column; leading and trailing spaces let ``" stem "`` match whole stems only.
    """
    words = stems_of(f"{title}\n{body}", language)
    title_words = [f"t:{word}" for word in stems_of(title, language)]
    return f" {' '.join(words + title_words)} "


# --- Indexing -----------------------------------------------------------------------------


def _entries_for(indexed, obj, content_type):
    """Unsaved SearchEntry rows of ``obj``, one per site language."""
    entries = []
    year = indexed.year(obj)
    for language in site_languages():
        with translation.override(language):
            # modeltranslation falls back to English when this language's text is empty.
            title, body_parts = indexed.texts(obj)
            url = obj.get_absolute_url()
        title = plain_text(title) or str(obj)
        body = "\n".join(part for part in map(plain_text, body_parts) if part)
        entry = SearchEntry(
            content_type=content_type,
            object_id=obj.pk,
            language=language,
            kind=indexed.kind,
            year=year,
            title=title,
            body=body,
            url=url,
        )
        if is_postgresql():
            config = POSTGRES_CONFIGS.get(language, "simple")
            # Values only (no column reference), so the vector is computed in the INSERT.
            entry.search_vector = SearchVector(
                Value(title), config=config, weight="A"
            ) + SearchVector(Value(body), config=config, weight="B")
        else:
            entry.stems = stems_column(title, body, language)
        entries.append(entry)
    return entries


def _upsert(entries):
    SearchEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["content_type", "object_id", "language"],
        update_fields=["kind", "year", "title", "body", "url", "stems", "search_vector"],
        batch_size=BATCH_SIZE,
    )


def remove_object(obj):
    """Take ``obj`` out of the search index (one query)."""
    SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).delete()


def index_object(obj):
    """Bring ``obj``'s search rows up to date: written if public, removed if not (two queries)."""
    indexed = indexed_model_for(type(obj))
    if indexed is None:
        return
    if not indexed.model._default_manager.published().filter(pk=obj.pk).exists():
        remove_object(obj)
        return
    _upsert(_entries_for(indexed, obj, ContentType.objects.get_for_model(indexed.model)))


def index_objects(queryset):
    """Index every item of ``queryset`` at once: public ones written, the others removed.

    Returns ``(indexed, removed)``: the number of items written and of search rows deleted.
    A few queries per batch of items, whatever their number.
    """
    indexed = indexed_model_for(queryset.model)
    if indexed is None:
        raise ValueError(f"{queryset.model.__name__} is not covered by the site search.")
    content_type = ContentType.objects.get_for_model(indexed.model)
    public = queryset.published()
    removed, _detail = (
        SearchEntry.objects.filter(content_type=content_type)
        .filter(object_id__in=queryset.values("pk"))
        .exclude(object_id__in=public.values("pk"))
        .delete()
    )
    count, batch = 0, []
    for obj in public.order_by("pk").iterator(chunk_size=BATCH_SIZE):
        batch.extend(_entries_for(indexed, obj, content_type))
        count += 1
        if len(batch) >= BATCH_SIZE:
            _upsert(batch)
            batch = []
    if batch:
        _upsert(batch)
    return count, removed


def remove_stale_entries():
    """Delete rows of languages no longer offered or of models no longer indexed."""
    content_types = ContentType.objects.get_for_models(
        *[indexed.model for indexed in indexed_models()]
    ).values()
    removed, _detail = (
        SearchEntry.objects.exclude(language__in=site_languages())
        | SearchEntry.objects.exclude(content_type__in=list(content_types))
    ).delete()
    return removed


def index_newly_visible():
    """Index items that became public without being saved (a news item whose date has come).

    Visibility of dated items changes only when the day changes, so this runs once a day
    (the first search of the day), cheaply: one query per model when nothing is pending.
    """
    today = timezone.localdate()
    if not django_cache.add(f"search-index-caught-up-{today.isoformat()}", True, 60 * 60 * 25):
        return 0
    count = 0
    for indexed in indexed_models():
        content_type = ContentType.objects.get_for_model(indexed.model)
        missing = indexed.model._default_manager.published().filter(
            ~Exists(SearchEntry.objects.filter(content_type=content_type, object_id=OuterRef("pk")))
        )
        if missing.exists():
            count += index_objects(missing)[0]
    return count


# --- Querying -----------------------------------------------------------------------------


class QueryError(ValueError):
    """A query that cannot be searched; the message is for the reader."""


def clean_query(raw):
    """The query to search and an optional note for the reader about what was changed.

    Raises QueryError when nothing searchable remains (only punctuation, say).
    """
    text = "".join(char for char in (raw or "") if char.isprintable() or char.isspace())
    text = " ".join(text.split())
    note = ""
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
        note = _("Your search was long, so only its first %(count)s characters were used.") % {
            "count": MAX_QUERY_LENGTH
        }
    if not _WORD.search(text):
        raise QueryError(_("Type at least one word (letters or digits) to search for."))
    return text, note


@dataclass
class SearchResults:
    """A search's rows (a queryset to paginate) and how to count them by facet."""

    queryset: object
    base: object  # the matches before the kind and year filters

    def counts(self, field, **filters):
        """``{value: count}`` of the matches grouped by ``field``, with ``filters`` applied."""
        rows = (
            self.base.filter(**filters)
            .order_by()
            .values(field)
            .annotate(count=models.Count("pk"))
            .values_list(field, "count")
        )
        return {value: count for value, count in rows if value is not None}


def search(query, *, language, kind=None, year=None):
    """Rows matching ``query`` in ``language``, best first, each with an ``excerpt`` to show.

    ``query`` must come from ``clean_query``. The queryset's rows have ``title``, ``url``,
    ``kind``, ``year`` and, after ``with_excerpts``, ``excerpt`` (safe HTML).
    """
    matches = SearchEntry.objects.filter(language=language)
    if is_postgresql():
        config = POSTGRES_CONFIGS.get(language, "simple")
        search_query = SearchQuery(query, search_type="websearch", config=config)
        matches = matches.filter(search_vector=search_query)
        ranked = matches.annotate(
            title_hit=_TitleMatches(F("search_vector"), search_query),
            rank=SearchRank(F("search_vector"), search_query),
            headline=SearchHeadline(
                "body",
                search_query,
                config=config,
                start_sel=_MARK_START,
                stop_sel=_MARK_STOP,
                max_words=_EXCERPT_WORDS,
                min_words=15,
            ),
        ).order_by("-title_hit", "-rank", F("year").desc(nulls_last=True), "pk")
    else:
        query_stems = stems_of(query, language)[:MAX_QUERY_WORDS]
        for word in query_stems:
            matches = matches.filter(stems__contains=f" {word} ")
        title_hits = sum(
            (
                Case(
                    When(stems__contains=f" t:{word} ", then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
                for word in query_stems
            ),
            Value(0),
        )
        ranked = matches.annotate(title_hit=title_hits).order_by(
            "-title_hit", F("year").desc(nulls_last=True), "pk"
        )
    ranked = ranked.only("title", "body", "url", "kind", "year", "language")
    if kind:
        ranked = ranked.filter(kind=kind)
    if year:
        ranked = ranked.filter(year=year)
    return SearchResults(queryset=ranked, base=matches)


class _TitleMatches(Func):
    """True when the query matches the title part (weight A) of the search vector."""

    output_field = models.BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        vector, query = self.get_source_expressions()
        vector_sql, vector_params = compiler.compile(vector)
        query_sql, query_params = compiler.compile(query)
        return (
            f"(ts_filter({vector_sql}, '{{a}}') @@ {query_sql})",
            [*vector_params, *query_params],
        )


def with_excerpts(entries, query, language):
    """Give each row of ``entries`` (a page of results) its ``excerpt``: safe, highlighted HTML."""
    query_stems = set(stems_of(query, language))
    for entry in entries:
        headline = getattr(entry, "headline", None)
        if headline is not None:
            entry.excerpt = _mark(escape(headline))
        else:
            entry.excerpt = excerpt(entry.body, query_stems, language)
    return entries


def _mark(escaped):
    return mark_safe(escaped.replace(_MARK_START, "<mark>").replace(_MARK_STOP, "</mark>"))


def excerpt(body, query_stems, language):
    """The sentence of ``body`` with the first matching word, its matches marked, all escaped."""
    sentences = [sentence for sentence in _SENTENCE_END.split(body) if sentence.strip()]
    if not sentences:
        return ""
    chosen = sentences[0]
    for sentence in sentences:
        if any(stem(word, language) in query_stems for word in _WORD.findall(sentence)):
            chosen = sentence
            break
    words = chosen.split()
    if len(words) > _EXCERPT_WORDS:
        first = next(
            (
                index
                for index, token in enumerate(words)
                if any(stem(word, language) in query_stems for word in _WORD.findall(token))
            ),
            0,
        )
        start = max(0, first - _EXCERPT_WORDS // 4)
        chosen = " ".join(words[start : start + _EXCERPT_WORDS])
        chosen = ("… " if start else "") + chosen + " …"

    def highlight(match):
        word = match.group(0)
        if stem(word, language) in query_stems:
            return f"{_MARK_START}{word}{_MARK_STOP}"
        return word

    return _mark(escape(_WORD.sub(highlight, chosen)))
