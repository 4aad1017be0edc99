"""Demo images: abstract compositions drawn with Pillow, so that no photograph is needed.

The alternative texts describe what the generated pictures really show.
"""

import io
import random

from PIL import Image, ImageDraw, ImageOps

CREDIT = "Intercultural Cities demo illustration"
FULL_SIZE = (1200, 675)
SMALL_SIZE = (160, 90)

# key -> (alt text EN, alt text FR, background colours top/bottom, shape colours)
IMAGES = {
    "meeting-board": (
        "Abstract composition of yellow and orange squares, like notes pinned to a dark blue board",
        "Composition abstraite de carrés jaunes et orange, comme des notes épinglées sur un tableau bleu foncé",
        ("#1d3557", "#0b1d33"),
        ["#ffd166", "#f4a261", "#ffe8a3"],
        "squares",
    ),
    "network-circles": (
        "Overlapping translucent circles in teal, green and white on a deep green background",
        "Cercles translucides qui se chevauchent en bleu canard, vert et blanc sur un fond vert profond",
        ("#0b3d2e", "#14532d"),
        ["#2a9d8f", "#8ac926", "#f1faee"],
        "circles",
    ),
    "video-frames": (
        "Rows of coloured rectangles resembling film frames on a purple gradient",
        "Rangées de rectangles colorés évoquant des images de film sur un dégradé violet",
        ("#3c1642", "#086375"),
        ["#affc41", "#1dd3b0", "#ffffff"],
        "frames",
    ),
    "reykjavik-waves": (
        "Horizontal bands of blue and white waves under a pale sky with a red sun",
        "Bandes horizontales de vagues bleues et blanches sous un ciel pâle où brille un soleil rouge",
        ("#a8dadc", "#457b9d"),
        ["#1d3557", "#f1faee", "#e63946"],
        "waves",
    ),
    "city-mosaic": (
        "A mosaic of small coloured tiles in warm reds and yellows, like a map of city blocks",
        "Une mosaïque de petits carreaux colorés aux tons chauds rouges et jaunes, comme un plan d'îlots urbains",
        ("#6a040f", "#370617"),
        ["#f48c06", "#ffba08", "#dc2f02", "#faa307"],
        "tiles",
    ),
    "open-hands": (
        "Two large semicircles in orange and blue facing each other on a cream background",
        "Deux grands demi-cercles orange et bleu qui se font face sur un fond crème",
        ("#fefae0", "#faedcd"),
        ["#e76f51", "#264653"],
        "halves",
    ),
    "festival-lights": (
        "Scattered dots of many colours on a night-blue gradient, like festival lights",
        "Points de toutes les couleurs dispersés sur un dégradé bleu nuit, comme des lumières de fête",
        ("#03045e", "#000814"),
        ["#ffbe0b", "#fb5607", "#ff006e", "#8338ec", "#3a86ff"],
        "dots",
    ),
    "language-letters": (
        "Stacked rounded bars of different lengths in green and blue, like lines of text",
        "Barres arrondies de longueurs différentes en vert et bleu, empilées comme des lignes de texte",
        ("#edf6f9", "#caf0f8"),
        ["#0077b6", "#00b4d8", "#2d6a4f"],
        "bars",
    ),
}


def render_image(key, size=FULL_SIZE):
    """The JPEG bytes of the composition ``key``, drawn at ``size`` (always the same picture)."""
    _alt_en, _alt_fr, (top, bottom), colours, pattern = IMAGES[key]
    width, height = size
    # A vertical gradient made by stretching Pillow's 256-pixel ramp: fast at any size.
    ramp = Image.linear_gradient("L").resize((width, height))
    canvas = ImageOps.colorize(ramp, top, bottom).convert("RGB")
    draw = ImageDraw.Draw(canvas, "RGBA")
    rng = random.Random(key)  # deterministic: the same key always draws the same picture
    unit = max(2, width // 40)
    if pattern in ("squares", "tiles"):
        step = unit * (6 if pattern == "squares" else 3)
        for x in range(0, width, step):
            for y in range(0, height, step):
                if rng.random() < (0.35 if pattern == "squares" else 0.8):
                    colour = _rgba(rng.choice(colours), 230)
                    draw.rectangle([x + 2, y + 2, x + step - 3, y + step - 3], fill=colour)
    elif pattern in ("circles", "dots"):
        count, largest = (9, width // 4) if pattern == "circles" else (90, unit)
        for _ in range(count):
            radius = rng.randint(max(1, largest // 3), largest)
            x, y = rng.randint(0, width), rng.randint(0, height)
            alpha = 110 if pattern == "circles" else 220
            draw.ellipse(
                [x - radius, y - radius, x + radius, y + radius],
                fill=_rgba(rng.choice(colours), alpha),
            )
    elif pattern == "frames":
        frame_w, frame_h = width // 6, height // 4
        for row in range(3):
            for column in range(5):
                x = column * (frame_w + unit) + unit
                y = row * (frame_h + unit) + unit * 2
                draw.rectangle(
                    [x, y, x + frame_w, y + frame_h], fill=_rgba(rng.choice(colours), 170)
                )
    elif pattern == "waves":
        band = height // 8
        for index in range(4, 8):
            points = [
                (x, index * band + int(band * 0.3 * rng.random()))
                for x in range(0, width + unit, unit)
            ]
            draw.line(points, fill=_rgba(colours[index % 2], 220), width=max(1, band // 3))
        draw.ellipse([width * 3 // 4, band, width * 3 // 4 + band * 2, band * 3], fill=colours[2])
    elif pattern == "halves":
        radius = height // 2
        draw.pieslice([width // 2 - 2 * radius - unit, radius // 2, width // 2 - unit, radius // 2 + 2 * radius],
                      -90, 90, fill=colours[0])  # fmt: skip
        draw.pieslice([width // 2 + unit, radius // 2, width // 2 + 2 * radius + unit, radius // 2 + 2 * radius],
                      90, 270, fill=colours[1])  # fmt: skip
    elif pattern == "bars":
        bar = max(2, height // 14)
        for index in range(1, 12):
            length = rng.randint(width // 4, width - 2 * unit * 3)
            y = index * bar + bar // 3
            draw.rounded_rectangle([unit * 3, y, unit * 3 + length, y + bar * 2 // 3],
                                   radius=bar // 3, fill=rng.choice(colours))  # fmt: skip
    buffer = io.BytesIO()
    canvas.save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def _rgba(hex_colour, alpha):
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4)) + (alpha,)
