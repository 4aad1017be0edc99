"""Write the TrueType fonts of the practice PDFs from the site's own web fonts.

    .venv/bin/python practices/pdf_fonts/build.py

The site serves Source Sans 3 as two variable WOFF2 files (static/fonts/: Latin, and Latin
Extended for names such as Łódź, Győr, Kayseri's ş or České Budějovice). A PDF library cannot
instantiate them quickly on every rendering (seconds for each weight), so this script does it
once and the result is committed beside it: for each style, a static instance of both files
merged into one font, without hinting (a PDF viewer does not need it), named "ICC Sans" as the
licence requires of a modified version. Source Sans 3 has an italic, but the site does not serve
it; the italic styles here are the upright ones slanted by 10 degrees.

Run it again only when static/fonts/ changes. The fonts keep their licence: OFL.txt, beside them.
"""

import io
import math
import sys
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

HERE = Path(__file__).resolve().parent
WEB_FONTS = HERE.parent.parent / "static" / "fonts"
SOURCES = ("source-sans-3-latin-wght-normal.woff2", "source-sans-3-latin-ext-wght-normal.woff2")
STYLES = {
    "Regular": (400, False),
    "Bold": (700, False),
    "Italic": (400, True),
    "BoldItalic": (700, True),
}
SLANT_DEGREES = 10
# Source Sans 3 carries the Reserved Font Name "Source": a modified version (these are
# instanced, merged, subset and slanted) must be named otherwise (OFL, condition 3).
FAMILY = "ICC Sans"


def static_instance(path, weight):
    """One weight of a variable font, as a TrueType font without hinting."""
    font = TTFont(path)
    font.flavor = None
    instancer.instantiateVariableFont(font, {"wght": weight}, inplace=True, static=True)
    options = subset.Options()
    options.hinting = False
    options.layout_features = ["kern", "liga"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=font.getBestCmap().keys())
    subsetter.subset(font)
    return _reloaded(font)


def _reloaded(font):
    buffer = io.BytesIO()
    font.save(buffer)
    buffer.seek(0)
    return TTFont(buffer)


def merged(fonts):
    """The fonts as one (the first one's glyph wins where both have a character)."""
    files = []
    for font in fonts:
        buffer = io.BytesIO()
        font.save(buffer)
        buffer.seek(0)
        files.append(buffer)
    return _reloaded(Merger().merge(files))


def slanted(font, degrees):
    """The font with every outline sheared to the right around half the x-height.

    Composite glyphs (accented letters) stay composite: their components are sheared already,
    so only each component's offset moves (by the shear of its height).
    """
    shear = math.tan(math.radians(degrees))
    pivot = getattr(font["OS/2"], "sxHeight", 500) / 2
    glyph_set = font.getGlyphSet()
    glyf = font["glyf"]
    outlines, composites = {}, []
    for name in font.getGlyphOrder():
        glyph = glyf[name]
        if glyph.isComposite() and all(
            not hasattr(component, "transform") for component in glyph.components
        ):
            composites.append(glyph)
            continue
        recording = DecomposingRecordingPen(glyph_set)
        glyph_set[name].draw(recording)
        pen = TTGlyphPen(None)
        recording.replay(TransformPen(pen, (1, 0, shear, 1, -shear * pivot, 0)))
        outlines[name] = pen.glyph()
    # Only once every outline is read: a decomposed glyph may be drawn from these composites.
    for glyph in composites:
        for component in glyph.components:
            component.x = round(component.x + shear * component.y)
    for name, glyph in outlines.items():
        glyf[name] = glyph
    hmtx = font["hmtx"]
    for name in font.getGlyphOrder():
        glyph = glyf[name]
        glyph.recalcBounds(glyf)
        width, _lsb = hmtx[name]
        hmtx[name] = (width, getattr(glyph, "xMin", 0))
    font["post"].italicAngle = -float(degrees)
    font["head"].macStyle |= 0b10
    font["OS/2"].fsSelection = (font["OS/2"].fsSelection | 0b1) & ~0b1000000
    return font


def renamed(font, style):
    names = font["name"]
    names.setName(FAMILY, 1, 3, 1, 0x409)
    names.setName(style, 2, 3, 1, 0x409)
    names.setName(f"{FAMILY} {style}", 4, 3, 1, 0x409)
    names.setName(f"ICCSans-{style}", 6, 3, 1, 0x409)
    names.setName(f"ICCSans-{style};3.052", 3, 3, 1, 0x409)
    names.setName(
        "Derived from Source Sans 3 (Adobe) for the Intercultural Cities PDFs.", 10, 3, 1, 0x409
    )
    # Names left from the variable font (weight axis, typographic family "Source Sans 3") and
    # the Mac-platform ones would still say otherwise.
    kept = {0, 1, 2, 3, 4, 5, 6, 10, 13, 14}
    names.names = [
        record for record in names.names if record.platformID == 3 and record.nameID in kept
    ]
    return font


def build(target=HERE):
    written = []
    for style, (weight, italic) in STYLES.items():
        font = merged([static_instance(WEB_FONTS / source, weight) for source in SOURCES])
        if italic:
            font = slanted(font, SLANT_DEGREES)
        path = Path(target) / f"ICCSans-{style}.ttf"
        # The same sources give the same bytes: the sources' date, not today's.
        font.recalcTimestamp = False
        source_head = TTFont(WEB_FONTS / SOURCES[0])["head"]
        font["head"].created = source_head.created
        font["head"].modified = source_head.modified
        renamed(font, style).save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(f"{path.name}: {path.stat().st_size // 1024} KiB")
