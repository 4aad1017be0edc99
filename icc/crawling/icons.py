"""Draw the site's icons and its default sharing image, committed in static/.

One mark, three overlapping white rings on the site's navy (static/css/site.css), is described once below
and written both as SVG and, drawn by Pillow from the same shapes, as the ICO and PNG sizes
that browsers, phones and link previews ask for. Run it again after changing the mark:

    .venv/bin/python -m icc.crawling.icons          # rewrites static/icons/ and static/images/

Needs Pillow only (no SVG rasteriser): every shape is a rectangle or a circle, which
both formats draw alike. The sharing image's text is set in DejaVu Sans, the copy that
matplotlib (a pinned development requirement) ships, so every machine draws the same pixels.
"""

import importlib.util
import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BLUE = "#0a5ea8"  # --color-primary of site.css: the links
BLUE_DARK = "#073f73"  # --color-primary-dark: the tile of the mark, headings
AMBER = "#ffbf47"  # --color-accent: the meeting point
MUTED = "#4a4a4a"  # --muted
WHITE = "#ffffff"

# The mark on a 64-unit square (static/images/logo.svg, docs/design.md): a rounded navy tile,
# three white rings that overlap like the communities of a city, and an amber dot where all
# three meet, the shared space.
GRID = 64
CORNER = 14
STROKE = 4
RING_RADIUS = 13  # radius of each ring's centre line
RING_CENTRES = ((25, 25.94), (39, 25.94), (32, 38.06))  # an equilateral triangle, side 14
MEETING_POINT = (32, 29.98)  # the triangle's centroid, inside all three rings
DOT_RADIUS = 2.6

ICON_FILES = {
    # name: (size in pixels, rounded tile or full bleed, glyph scale)
    "icon-192.png": (192, True, 1.0),
    "icon-512.png": (512, True, 1.0),
    # Launchers crop a maskable icon to any shape inside the central circle (80%).
    "icon-maskable-512.png": (512, False, 0.8),
    # iOS rounds the corners itself and shows transparent ones black: full bleed.
    "apple-touch-icon.png": (180, False, 1.0),
}
FAVICON_SIZES = (16, 32, 48)
SOCIAL_IMAGE_SIZE = (1200, 630)  # what link previews crop to (1.91:1)
# The programme's name as the Council of Europe writes it in its two official languages:
# the same image serves every language version of the site.
SOCIAL_IMAGE_LINES = (
    # text, colour, font file, largest size
    ("Intercultural Cities", BLUE_DARK, "DejaVuSans-Bold.ttf", 72),
    ("Cités interculturelles", BLUE, "DejaVuSans.ttf", 50),
    ("Council of Europe · Conseil de l’Europe", MUTED, "DejaVuSans.ttf", 32),
)


def _number(value):
    return f"{value:.2f}".rstrip("0").rstrip(".")


def mark_svg():
    """The mark as an SVG document (the favicon of browsers that take SVG)."""
    shapes = [f'<rect width="{GRID}" height="{GRID}" rx="{CORNER}" fill="{BLUE_DARK}"/>']
    for centre_x, centre_y in RING_CENTRES:
        shapes.append(
            f'<circle cx="{_number(centre_x)}" cy="{_number(centre_y)}" r="{RING_RADIUS}"'
            f' fill="none" stroke="{WHITE}" stroke-width="{STROKE}"/>'
        )
    dot_x, dot_y = MEETING_POINT
    shapes.append(
        f'<circle cx="{_number(dot_x)}" cy="{_number(dot_y)}" r="{_number(DOT_RADIUS)}"'
        f' fill="{AMBER}"/>'
    )
    body = "".join(shapes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {GRID} {GRID}">'
        f"<title>Intercultural Cities</title>{body}</svg>\n"
    )


def draw_mark(size, *, rounded=True, glyph_scale=1.0):
    """The mark as a ``size``-pixel RGBA image, drawn large and reduced (smooth edges)."""
    factor = max(4, math.ceil(1024 / size))
    large = size * factor
    unit = large / GRID
    image = Image.new("RGBA", (large, large), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle((0, 0, large - 1, large - 1), radius=CORNER * unit, fill=BLUE_DARK)
    else:
        draw.rectangle((0, 0, large - 1, large - 1), fill=BLUE_DARK)

    def scaled(x, y):
        middle = GRID / 2
        return (
            (middle + (x - middle) * glyph_scale) * unit,
            (middle + (y - middle) * glyph_scale) * unit,
        )

    half_stroke = STROKE / 2
    for centre_x, centre_y in RING_CENTRES:
        # Pillow draws a wide outline inwards from its box: the box is the stroke's outer edge.
        outer = RING_RADIUS + half_stroke
        box = (
            *scaled(centre_x - outer, centre_y - outer),
            *scaled(centre_x + outer, centre_y + outer),
        )
        draw.ellipse(box, outline=WHITE, width=round(STROKE * unit * glyph_scale))
    dot_x, dot_y = MEETING_POINT
    draw.ellipse(
        (
            *scaled(dot_x - DOT_RADIUS, dot_y - DOT_RADIUS),
            *scaled(dot_x + DOT_RADIUS, dot_y + DOT_RADIUS),
        ),
        fill=AMBER,
    )
    return image.resize((size, size), Image.Resampling.LANCZOS)


def font_path(name):
    """A font file of matplotlib's package data (found without importing matplotlib)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("The icons need matplotlib's fonts: pip install -r requirements-dev.txt")
    return Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf" / name


def _fitting_font(text, font_name, size, max_width):
    """The font at ``size``, or smaller until ``text`` fits in ``max_width``."""
    while True:
        font = ImageFont.truetype(str(font_path(font_name)), size=size)
        if font.getlength(text) <= max_width or size <= 12:
            return font
        size -= 2


def social_image():
    """The default og:image: the mark and the programme's name on white, under a blue band."""
    width, height = SOCIAL_IMAGE_SIZE
    image = Image.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 17), fill=BLUE)
    mark_size = 280
    margin = 96
    mark = draw_mark(mark_size)
    image.paste(mark, (margin, (height - mark_size) // 2), mark)
    text_left = margin + mark_size + 64
    max_width = width - text_left - margin // 2
    fonts = [
        _fitting_font(text, font_name, size, max_width)
        for text, _colour, font_name, size in SOCIAL_IMAGE_LINES
    ]
    lines = [
        (font, text, colour)
        for font, (text, colour, *_rest) in zip(fonts, SOCIAL_IMAGE_LINES, strict=True)
    ]
    gap = 24
    heights = [font.getbbox(text)[3] for font, text, _colour in lines]
    top = (height - sum(heights) - gap * (len(heights) - 1)) // 2
    for (font, text, colour), line_height in zip(lines, heights, strict=True):
        draw.text((text_left, top), text, font=font, fill=colour)
        top += line_height + gap
    return image


def write_all(static_folder):
    """Write every icon and the sharing image under ``static_folder``; return their paths."""
    icons = Path(static_folder) / "icons"
    images = Path(static_folder) / "images"
    icons.mkdir(parents=True, exist_ok=True)
    images.mkdir(parents=True, exist_ok=True)
    written = []

    svg = icons / "icon.svg"
    svg.write_text(mark_svg(), encoding="utf-8")
    written.append(svg)

    favicon = icons / "favicon.ico"
    # Each size drawn on its own (sharper than one image scaled by the ICO writer).
    sizes = [draw_mark(size) for size in FAVICON_SIZES]
    sizes[-1].save(
        favicon,
        format="ICO",
        sizes=[(size, size) for size in FAVICON_SIZES],
        append_images=sizes[:-1],
    )
    written.append(favicon)

    for name, (size, rounded, glyph_scale) in ICON_FILES.items():
        path = icons / name
        picture = draw_mark(size, rounded=rounded, glyph_scale=glyph_scale)
        if not rounded:
            picture = picture.convert("RGB")  # full bleed: nothing is transparent
        picture.save(path, format="PNG", optimize=True)
        written.append(path)

    sharing = images / "og-default.png"
    social_image().save(sharing, format="PNG", optimize=True)
    written.append(sharing)
    return written


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "static"
    for path in write_all(target):
        print(path)
