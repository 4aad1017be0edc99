"""A good practice as an A4 PDF, in the page's language (issue 11, part 6).

Three steps, so that what a PDF shows is also what names it in the cache:

1. ``practice_pdf_content(practice, language)`` reads what the practice page shows (title,
   country, cities, period, topics, the template's sections, images, documents) into plain
   frozen data, with the site's fallback to English marked as on the page. It reads only
   prefetched relations (``practice_pdf_prefetches()``): a bounded number of queries.
2. ``render_practice_pdf(content)`` lays it out with fpdf2 (pure Python: no system library),
   in the site's typeface (``practices/pdf_fonts/``, made from static/fonts/ by build.py
   there) and its logo (static/images/logo.svg, drawn as vectors). It reads no database;
   images are read through the default storage (local disk or S3), never by file path.
3. ``practice_pdf(content)`` keeps the bytes in the shared cache under the digest of the
   content (``content.digest``): the same practice, language and release give the same key
   until something the PDF shows changes (an edit, a city renamed, an image replaced), and
   then a new one. Unlike a memo (``icc.caching.memo``), it survives the content changes of
   other items, which start a new generation several times a day: a PDF costs a few hundred
   milliseconds to make, and most practices do not change for years. Old entries are simply
   no longer read and expire. Previews are never cached.
"""

import dataclasses
import hashlib
import logging
import re
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape, urlize
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from cities.models import City
from icc import formatting
from icc.caching.versions import release
from icc.renditions import ready_rendition_widths, rendition_name
from icc.templatetags.icc_tags import language_note, translated_value

from .models import Topic
from .transfer import practice_transfer

logger = logging.getLogger(__name__)

# Bump when the layout (here or in pdf_document.py) changes, so that no PDF drawn by the old
# code is served again (the release digest covers templates and translations, not code).
LAYOUT_VERSION = 1
PDF_CACHE_TIMEOUT = 60 * 60 * 24 * 30
# Larger PDFs (a practice with dozens of photos) are made again for each download rather
# than held in Redis, which also keeps pages and sessions.
PDF_CACHE_MAX_BYTES = 4 * 1024 * 1024

FONT_DIR = Path(__file__).resolve().parent / "pdf_fonts"
FONT_FAMILY = "ICCSans"
FONT_FILES = {"": "Regular", "B": "Bold", "I": "Italic", "BI": "BoldItalic"}
LOGO_PATH = Path(settings.BASE_DIR) / "static" / "images" / "logo.svg"

# The site's colours (static/css/site.css).
PRIMARY = (10, 94, 168)  # --color-primary
PRIMARY_DARK = (7, 63, 115)  # --color-primary-dark
ACCENT = (255, 191, 71)  # --color-accent
INK = (26, 26, 26)  # --color-ink
MUTED = (74, 74, 74)  # --color-muted
LINE = (201, 211, 221)  # --color-line
BG_SOFT = (245, 247, 249)  # --color-bg-soft

# Images: the rendition closest to this width (icc.renditions), re-encoded as JPEG.
IMAGE_TARGET_WIDTH = 960
IMAGE_MAX_HEIGHT_MM = 95
IMAGE_JPEG_QUALITY = 80

# The sections of the page, in its order, under its headings (same message ids as
# templates/practices/includes/practice_body.html, so both read alike).
SECTION_HEADINGS = {
    "purpose": _("Purpose"),
    "rationale": _("Stimulus / rationale"),
    "process": _("Process: what was done"),
    "results": _("Results / impact"),
    "evaluation": _("Evaluation"),
    "partners": _("Partners"),
    "budget": _("Budget / resources"),
    "contact": _("Contact"),
    "links": _("Links"),
}
# Of the body text, in lines (fpdf2's default, 1, is tight for reading).
LINE_HEIGHT = 1.3
BULLET = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+")


# --- What the PDF shows -----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class PdfSection:
    heading: str
    blocks: tuple  # ("p", html), ("h3", html) or ("ul", (html, ...)); escaped, links made
    note: str = ""  # "(in English)" when the text falls back to another language


@dataclasses.dataclass(frozen=True)
class PdfImage:
    name: str  # in the default storage
    version: str  # changes when the file is replaced
    alt_text: str
    credit: str


@dataclasses.dataclass(frozen=True)
class PracticePdfContent:
    slug: str
    language: str
    title: str
    url: str
    facts: tuple  # (label, value) pairs: country, cities, period, topics
    sections: tuple
    images: tuple
    documents: tuple  # one line each: "Report · 2019"
    keywords: tuple

    @property
    def digest(self):
        """What names this PDF in the cache and in its ETag: the content, layout and release."""
        parts = (LAYOUT_VERSION, release(), dataclasses.astuple(self))
        return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()

    @property
    def filename(self):
        """``icc-good-practice-<slug>-<language>.pdf`` (the slug shortened if very long)."""
        return f"icc-good-practice-{self.slug[:80].strip('-')}-{self.language}.pdf"


def practice_pdf_prefetches():
    """The relations ``practice_pdf_content`` reads: one query each, whatever their size."""
    return [
        Prefetch("cities", queryset=City.objects.order_by("name")),
        Prefetch("topics", queryset=Topic.objects.order_by("position", "name")),
        "images",
        "documents",  # titles only: the files' signed links would not outlive the cache
    ]


def practice_pdf_content(practice, language):
    """What the practice page shows in ``language``, as plain data (relations prefetched)."""
    with translation.override(language):
        url = absolute_url(practice.get_absolute_url())
        title, _used = translated_value(practice, "title", language)
        cities = [translated_value(city, "name", language)[0] for city in practice.cities.all()]
        topics = [translated_value(topic, "name", language)[0] for topic in practice.topics.all()]
        return PracticePdfContent(
            slug=practice.slug,
            language=language,
            title=title or gettext("(untitled practice)"),
            url=url,
            facts=tuple(_facts(practice, language, cities, topics)),
            sections=(*_sections(practice, language), *_transfer(practice, language)),
            images=tuple(_images(practice, language)),
            documents=tuple(_documents(practice, language)),
            keywords=tuple(topics),
        )


def absolute_url(path):
    return settings.SITE_URL.rstrip("/") + path


def _facts(practice, language, cities, topics):
    """The facts of the page's ``<dl>`` (with its "freshness" lines), and the topics."""
    if practice.country:
        yield gettext("Country"), formatting.country_name(practice.country, language)
    if cities:
        yield gettext("Cities") if len(cities) > 1 else gettext("City"), ", ".join(cities)
    period = translated_value(practice, "period", language)[0]
    if period:
        yield gettext("Period"), period
    if practice.is_ended:
        confirmed = gettext("(confirmed by its city on %(date)s)") % {
            "date": formatting.format_date(practice.ended_on, language)
        }
        yield gettext("Status"), f"{pgettext('good practice', 'Ended')} {confirmed}"
    if practice.status == practice.Status.PUBLISHED and practice.checked_on:
        yield gettext("Last checked"), formatting.format_date(practice.checked_on, language)
    if topics:
        yield gettext("Topics"), ", ".join(topics)


def _sections(practice, language):
    for field, heading in SECTION_HEADINGS.items():
        if field == "contact":
            section = _contact(practice, language)
            if section:
                yield section
            continue
        text, used = translated_value(practice, field, language)
        blocks = text_blocks(text)
        if blocks:
            yield _section(heading, blocks, used, language)


def _section(heading, blocks, used, language):
    other = bool(used) and used != language
    return PdfSection(
        heading=str(heading), blocks=blocks, note=str(language_note(used)) if other else ""
    )


def _contact(practice, language):
    """The page's contact block ("contact"): the person, the form's address, the free text.

    The contact's e-mail address is never read here: the PDF, like the page, never shows it.
    """
    if not practice.show_contact:
        return None
    blocks = []
    if practice.contact_name or practice.contact_role or practice.contact_organisation:
        lines = []
        if practice.contact_name:
            lines.append(f"<b>{escape(practice.contact_name)}</b>")
        for field in ("contact_role", "contact_organisation"):
            value = translated_value(practice, field, language)[0]
            if value:
                lines.append(escape(value))
        blocks.append(("p", "<br>".join(lines)))
    if practice.accepts_messages:
        form = absolute_url(reverse("practices:practice_contact", kwargs={"slug": practice.slug}))
        link = f'<a href="{escape(form)}">{escape(form)}</a>'
        sentence = gettext("Write to the contact through the form on the website: %(link)s")
        blocks.append(("p", escape(sentence) % {"link": link}))
    details, used = translated_value(practice, "contact", language)
    blocks.extend(text_blocks(details))
    if not blocks:
        return None
    return _section(SECTION_HEADINGS["contact"], tuple(blocks), used if details else None, language)


def _transfer(practice, language):
    """The page's "Transfer between cities" ("transfer"): inspired by, adapted by, inspired."""
    transfer = practice_transfer(practice)
    blocks = []
    if transfer["inspired_by"]:
        blocks.append(("h3", escape(gettext("Inspired by"))))
        blocks.append(("ul", (_practice_link(transfer["inspired_by"], language),)))
    if transfer["adaptations"]:
        blocks.append(("h3", escape(gettext("Adapted by"))))
        items = []
        for adaptation in transfer["adaptations"]:
            city = translated_value(adaptation.city, "name", language)[0]
            year = gettext("adapted in %(year)s") % {"year": adaptation.year}
            note = translated_value(adaptation, "note", language)[0]
            item = f"<b>{escape(city)}</b> · {escape(year)}"
            if note:
                item += "<br>" + "<br>".join(
                    _inline_html(line) for line in note.splitlines() if line.strip()
                )
            items.append(item)
        blocks.append(("ul", tuple(items)))
    if transfer["inspired_practices"]:
        blocks.append(("h3", escape(gettext("Practices inspired by this one"))))
        inspired = transfer["inspired_practices"]
        blocks.append(("ul", tuple(_practice_link(linked, language) for linked in inspired)))
    if blocks:
        yield PdfSection(heading=gettext("Transfer between cities"), blocks=tuple(blocks))


def _practice_link(linked, language):
    """Another practice as on the page: its title, linked, and its cities."""
    title = translated_value(linked, "title", language)[0] or str(linked)
    url = absolute_url(linked.get_absolute_url())
    places = ", ".join(translated_value(city, "name", language)[0] for city in linked.cities.all())
    link = f'<a href="{escape(url)}">{escape(title)}</a>'
    return f"{link} · {escape(places)}" if places else link


def text_blocks(text):
    """A section's plain text as the page shows it: paragraphs at blank lines, line breaks
    kept, web and e-mail addresses as links; paragraphs whose every line starts with a bullet
    ("-", "•", "1.") become lists. Each block's HTML is escaped, ready for fpdf2."""
    blocks = []
    for paragraph in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) > 1 and all(BULLET.match(line) for line in lines):
            blocks.append(("ul", tuple(_inline_html(BULLET.sub("", line)) for line in lines)))
        else:
            blocks.append(("p", "<br>".join(_inline_html(line) for line in lines)))
    return tuple(blocks)


def _inline_html(text):
    # urlize escapes the text around the links it makes; attributes fpdf2 does not need go.
    html = urlize(text, autoescape=True)
    return re.sub(r' rel="nofollow"', "", html)


def _images(practice, language):
    for image in practice.images.all():
        widths = ready_rendition_widths(image)
        larger = [width for width in widths if width >= IMAGE_TARGET_WIDTH]
        if larger or widths:
            name = rendition_name(image, min(larger) if larger else max(widths))
        elif image.file:
            name = image.file.name
        else:
            continue
        yield PdfImage(
            name=name,
            version=f"{image.file.name}:{image.updated_at.isoformat() if image.updated_at else ''}",
            alt_text=translated_value(image, "alt_text", language)[0],
            credit=image.credit,
        )


def _documents(practice, language):
    kinds = dict(practice.documents.model.Kind.choices)
    for document in practice.documents.all():
        title = translated_value(document, "title", language)[0] or str(document)
        details = [str(kinds.get(document.kind, ""))]
        if document.year:
            details.append(str(document.year))
        yield " · ".join([title, *filter(None, details)])


def render_practice_pdf(content, generated_on=None):
    """The PDF's bytes (no database query; images read from the default storage)."""
    # fpdf2 (with fontTools and Pillow's plugins) weighs about 35 MB in a process: imported
    # here, only a process that draws a PDF pays it, not every app process (most never do,
    # since PDFs are kept in the shared cache).
    from .pdf_document import PracticeDocument

    generated_on = generated_on or timezone.localdate()
    with translation.override(content.language):
        document = PracticeDocument(content, generated_on)
        document.set_title(content.title)
        document.set_lang(content.language)
        document.set_author(gettext("Intercultural Cities"))
        document.set_creator(gettext("Intercultural Cities"))
        document.set_subject(gettext("Good practice"))
        if content.keywords:
            document.set_keywords(", ".join(content.keywords))
        document.set_creation_date(timezone.now())
        document.draw()
        return bytes(document.output())


def practice_pdf(content):
    """The PDF of ``content``: from the shared cache, or rendered and kept there."""
    key = f"practice-pdf:{content.digest}"
    data = cache.get(key)
    if data is None:
        data = render_practice_pdf(content)
        if len(data) <= PDF_CACHE_MAX_BYTES:
            cache.set(key, data, PDF_CACHE_TIMEOUT)
    return data
