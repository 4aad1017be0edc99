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
import functools
import hashlib
import io
import logging
import re
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape, urlize
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from fpdf import FPDF, FontFace, TextStyle
from fpdf.enums import MethodReturnValue, XPos, YPos
from PIL import Image as PILImage
from PIL import ImageOps

from cities.models import City
from icc import formatting
from icc.caching.versions import release
from icc.renditions import ready_rendition_widths, rendition_name
from icc.templatetags.icc_tags import language_note, translated_value

from .models import Topic
from .transfer import practice_transfer

logger = logging.getLogger(__name__)

# Bump when the layout changes, so that no PDF drawn by the old code is served again (the
# release digest covers templates and translations, not this file).
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


# --- Drawing ----------------------------------------------------------------------------------


class PracticeDocument(FPDF):
    """An A4 page with the site's header (logo, name) and a footer (address, page numbers)."""

    def __init__(self, content, generated_on):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.content = content
        self.generated_on = generated_on
        self.set_margins(left=18, top=30, right=18)
        self.set_auto_page_break(auto=True, margin=24)
        for style, name in FONT_FILES.items():
            self.add_font(FONT_FAMILY, style, FONT_DIR / f"ICCSans-{name}.ttf")
        self.set_font(FONT_FAMILY, size=10.5)
        self.set_text_color(*INK)

    def header(self):
        top = 12
        self.image(io.BytesIO(logo_svg()), x=self.l_margin, y=top, w=11, h=11)
        self.set_xy(self.l_margin + 14, top + 0.2)
        self.set_font(FONT_FAMILY, "B", 13)
        self.set_text_color(*PRIMARY_DARK)
        self.cell(0, 6, gettext("Intercultural Cities"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_x(self.l_margin + 14)
        self.set_font(FONT_FAMILY, "", 8.5)
        self.set_text_color(*MUTED)
        self.cell(0, 4.5, gettext("Council of Europe"))
        self.set_xy(self.l_margin, top + 2.5)
        self.set_font(FONT_FAMILY, "B", 9)
        self.cell(0, 6, gettext("Good practice").upper(), align="R")
        # The site's header band, as a rule: dark blue with an amber start.
        rule = top + 13.5
        self.set_fill_color(*PRIMARY_DARK)
        self.rect(self.l_margin, rule, self.epw, 0.8, style="F")
        self.set_fill_color(*ACCENT)
        self.rect(self.l_margin, rule, 18, 0.8, style="F")
        self.set_text_color(*INK)
        self.set_font(FONT_FAMILY, "", 10.5)
        self.set_xy(self.l_margin, self.t_margin)

    def footer(self):
        bottom = self.h - 16
        self.set_draw_color(*LINE)
        self.set_line_width(0.3)
        self.line(self.l_margin, bottom, self.w - self.r_margin, bottom)
        self.set_text_color(*MUTED)
        # The page's address, whole, as a link: smaller type when it is long.
        size = 8
        while size > 5 and self._string_width(self.content.url, size) > self.epw:
            size -= 0.5
        self.set_font(FONT_FAMILY, "", size)
        self.set_xy(self.l_margin, bottom + 1.5)
        self.cell(self.epw, 4, self.content.url, link=self.content.url)
        self.set_font(FONT_FAMILY, "", 7.5)
        self.set_xy(self.l_margin, bottom + 6)
        generated = gettext("Generated on %(date)s from the Intercultural Cities website.") % {
            "date": formatting.format_date(self.generated_on, self.content.language)
        }
        self.cell(self.epw - 30, 4, generated)
        pages = gettext("Page %(page)s of %(pages)s") % {
            "page": self.page_no(),
            "pages": self.str_alias_nb_pages,
        }
        self.set_font(FONT_FAMILY, "B", 8)
        self.set_xy(self.w - self.r_margin - 30, bottom + 6)
        self.cell(30, 4, pages, align="R")
        self.set_text_color(*INK)

    def _string_width(self, text, size):
        self.set_font(FONT_FAMILY, "", size)
        return self.get_string_width(text)

    # The body ---------------------------------------------------------------------------------

    def draw(self):
        content = self.content
        self.add_page()
        self.set_font(FONT_FAMILY, "B", 22)
        self.set_text_color(*PRIMARY_DARK)
        self.multi_cell(0, 9.5, content.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)
        self.draw_facts()
        for section in content.sections:
            self.draw_section(section)
        if content.images:
            self.draw_images()
        if content.documents:
            self.draw_documents()

    def draw_facts(self):
        """The page's facts (country, cities, period, topics) and its address, in a box."""
        content = self.content
        facts = [*content.facts, (gettext("On the web"), content.url)]
        label_width, padding, line_height = 26, 3, 5.5
        value_width = self.epw - label_width - 2 * padding - 2
        self.set_font(FONT_FAMILY, "", 10)
        heights = [
            self.multi_cell(
                value_width, line_height, value, dry_run=True, output=MethodReturnValue.HEIGHT
            )
            for _label, value in facts
        ]
        box_height = sum(heights) + 2 * padding
        if box_height < self.page_break_trigger - self.t_margin and self.will_page_break(
            box_height
        ):
            self.add_page()
        top = self.get_y()
        if box_height < self.page_break_trigger - top:
            self.set_fill_color(*BG_SOFT)
            self.set_draw_color(*LINE)
            self.set_line_width(0.3)
            self.rect(self.l_margin, top, self.epw, box_height, style="DF")
        self.set_y(top + padding)
        for (label, value), height in zip(facts, heights, strict=True):
            y = self.get_y()
            self.set_xy(self.l_margin + padding, y)
            self.set_font(FONT_FAMILY, "B", 9.5)
            self.set_text_color(*MUTED)
            self.cell(label_width, line_height, label)
            self.set_xy(self.l_margin + padding + label_width, y)
            self.set_font(FONT_FAMILY, "", 10)
            self.set_text_color(*INK)
            self.multi_cell(
                value_width, line_height, value, link=value if value == content.url else "",
                new_x=XPos.LMARGIN, new_y=YPos.NEXT,
            )  # fmt: skip
            self.set_y(max(self.get_y(), y + height))
        self.set_y(self.get_y() + padding + 2)

    def draw_heading(self, text, keep_with=12):
        """A section's heading, on the next page unless ``keep_with`` mm fit under it."""
        if self.will_page_break(14 + keep_with):
            self.add_page()
        self.ln(3)
        self.set_font(FONT_FAMILY, "B", 14)
        self.set_text_color(*PRIMARY_DARK)
        self.multi_cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_fill_color(*ACCENT)
        self.rect(self.l_margin, self.get_y() + 0.3, 12, 0.8, style="F")
        self.ln(2.6)
        self.set_text_color(*INK)

    def draw_section(self, section):
        self.draw_heading(section.heading)
        html = []
        for kind, value in section.blocks:
            if kind == "ul":
                items = "".join(f"<li>{item}</li>" for item in value)
                html.append(f'<ul line-height="{LINE_HEIGHT}">{items}</ul>')
            elif kind == "p":
                html.append(f'<p line-height="{LINE_HEIGHT}">{value}</p>')
            else:
                html.append(f"<{kind}>{value}</{kind}>")
        if section.note:
            html.append(f"<p><i>{escape(section.note)}</i></p>")
        self.set_font(FONT_FAMILY, "", 10.5)
        self.write_html(
            "".join(html),
            font_family=FONT_FAMILY,
            ul_bullet_char="•",
            li_prefix_color=PRIMARY,
            tag_styles={
                "a": FontFace(color=PRIMARY, emphasis="UNDERLINE"),
                # fpdf2 reads a top margin of 0 as "one line": the smallest one instead.
                "p": TextStyle(t_margin=0.01, b_margin=2.2),
                "ul": TextStyle(t_margin=0.01, b_margin=1.2),
                "li": TextStyle(l_margin=4, t_margin=0.8),
                "h3": TextStyle(
                    font_family=FONT_FAMILY,
                    font_style="B",
                    font_size_pt=11.5,
                    color=PRIMARY_DARK,
                    t_margin=1.5,
                    b_margin=1,
                ),
            },
        )

    def draw_images(self):
        pictures = []
        for image in self.content.images:
            picture = _jpeg(image)
            if picture is None:
                continue
            data, width_px, height_px = picture
            width = self.epw
            height = width * height_px / width_px
            if height > IMAGE_MAX_HEIGHT_MM:
                height = IMAGE_MAX_HEIGHT_MM
                width = height * width_px / height_px
            caption = (
                gettext("Photo: %(credit)s") % {"credit": image.credit} if image.credit else ""
            )
            pictures.append((image, data, width, height + (7 if caption else 3), caption))
        if not pictures:
            return
        # The heading goes to the next page with the first image rather than alone.
        self.draw_heading(gettext("Images"), keep_with=pictures[0][3])
        for image, data, width, room, caption in pictures:
            if self.will_page_break(room):
                self.add_page()
            height = room - (7 if caption else 3)
            self.image(
                io.BytesIO(data), x=self.l_margin, w=width, h=height, alt_text=image.alt_text
            )
            if caption:
                self.set_font(FONT_FAMILY, "I", 8.5)
                self.set_text_color(*MUTED)
                self.multi_cell(0, 4.5, caption, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                self.set_text_color(*INK)
            self.ln(4)

    def draw_documents(self):
        self.draw_heading(gettext("Documents"))
        self.set_font(FONT_FAMILY, "", 10.5)
        for line in self.content.documents:
            self.multi_cell(0, 5.5, f"•  {line}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)
        self.set_font(FONT_FAMILY, "I", 9.5)
        self.set_text_color(*MUTED)
        self.multi_cell(
            0, 5, gettext("The documents can be downloaded from the practice's page on the web."),
            new_x=XPos.LMARGIN, new_y=YPos.NEXT,
        )  # fmt: skip
        self.set_text_color(*INK)


@functools.cache
def logo_svg():
    """The site's logo (static/images/logo.svg) as fpdf2 draws it: vectors, no <title>."""
    svg = LOGO_PATH.read_text(encoding="utf-8")
    return re.sub(r"<title[^>]*>.*?</title>|<!--.*?-->", "", svg, flags=re.DOTALL).encode()


def _jpeg(image):
    """``(jpeg bytes, width, height)`` of a practice image read from the storage, or None."""
    try:
        with default_storage.open(image.name, "rb") as source:
            picture = PILImage.open(source)
            picture.draft("RGB", (IMAGE_TARGET_WIDTH * 2, IMAGE_TARGET_WIDTH * 2))
            picture = ImageOps.exif_transpose(picture)
            picture.thumbnail((IMAGE_TARGET_WIDTH * 2, IMAGE_TARGET_WIDTH * 2))
            if picture.mode in ("RGBA", "LA", "P"):
                picture = picture.convert("RGBA")
                flat = PILImage.new("RGB", picture.size, (255, 255, 255))
                flat.paste(picture, mask=picture.getchannel("A"))
                picture = flat
            elif picture.mode != "RGB":
                picture = picture.convert("RGB")
            buffer = io.BytesIO()
            picture.save(buffer, format="JPEG", quality=IMAGE_JPEG_QUALITY, optimize=True)
            return buffer.getvalue(), picture.width, picture.height
    except (OSError, ValueError, PILImage.DecompressionBombError):
        # A missing or unreadable file leaves the image out: the rest of the PDF still helps.
        logger.warning("Practice PDF: image %s left out (unreadable)", image.name, exc_info=True)
        return None


def render_practice_pdf(content, generated_on=None):
    """The PDF's bytes (no database query; images read from the default storage)."""
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
