"""The drawing half of practices/pdf.py: the fpdf2 document, imported only to draw a PDF.

Kept apart because fpdf2 is heavy to import (about 35 MB of memory with fontTools): every app
process imports practices/pdf.py with the URLconf, but only one that draws a PDF imports this.
"""

import functools
import io
import re

from django.core.files.storage import default_storage
from django.utils.html import escape
from django.utils.translation import gettext
from fpdf import FPDF, FontFace, TextStyle
from fpdf.enums import MethodReturnValue, XPos, YPos
from PIL import Image as PILImage
from PIL import ImageOps

from icc import formatting

from .pdf import (
    ACCENT,
    BG_SOFT,
    FONT_DIR,
    FONT_FAMILY,
    FONT_FILES,
    IMAGE_JPEG_QUALITY,
    IMAGE_MAX_HEIGHT_MM,
    IMAGE_TARGET_WIDTH,
    INK,
    LINE,
    LINE_HEIGHT,
    LOGO_PATH,
    MUTED,
    PRIMARY,
    PRIMARY_DARK,
    logger,
)


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
