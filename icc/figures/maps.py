"""Maps of cities drawn on the server as SVG, from country shapes shipped with the project.

No tile server, no script: ``data/europe.json`` and ``data/world.json`` are Natural Earth
country shapes already projected (``build_map_data.py``), and a map is a few ``<path>``s
for the land and one link (``<a href>``) a city, in the page like any text.

Most member cities are in Europe, a few far from it (Canada, Mexico, Japan, Korea...). One
map fitted to all of them would be a world map with Europe's cities piled on a few
millimetres, so a map has up to two panels:

- **Europe and its neighbours** (``EUROPE_REGION``: Iceland to the Urals, Morocco and the
  Middle East included), in the European equal-area projection, fitted to its cities with a
  margin and never narrower than ``MIN_SPAN_KM`` (a filter to one country shows its region,
  not a blurred close-up);
- **Elsewhere**, the cities outside that region, on an Equal Earth world map fitted likewise.

Cities without coordinates cannot be drawn; the caption says how many. The listing below a
map is its text alternative: every city of the map is one of its items, the caption says so,
and each link's name is the city's name and country (and its number of practices).
"""

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from icc.formatting import country_name

from .projections import PROJECTIONS

DATA = Path(__file__).parent / "data"

# West, south, east, north (degrees) of the cities drawn on the map of Europe.
EUROPE_REGION = (-32.0, 27.0, 62.0, 72.0)
WIDTH = 1000  # of every panel, in its own units (the page scales it)
MIN_SPAN_KM = {"europe": 900.0, "world": 5000.0}
MARGIN = {"europe": (0.06, 120.0), "world": (0.06, 600.0)}  # share of the span + km
ASPECT = (0.5, 0.8)  # height / width, clamped
CITY_RADIUS = 9
# Drawing detail, in panel units (about 0.7 px on a desktop): finer is not seen.
MIN_STEP_UNITS = 3
MIN_RING_UNITS = 4
LARGEST_RADIUS = 30
SMALLEST_RADIUS = 5


@dataclass
class Place:
    """One city to draw: its link, the name it is announced with, its label, where it is."""

    url: str
    name: str  # accessible name: "Lisbon, Portugal" (": 3 good practices")
    label: str  # shown beside the point on focus and hover: "Lisbon"
    longitude: float
    latitude: float
    country: str = ""
    count: int = 1


@functools.cache
def shapes(name):
    """``[(country code, [(ring points, ring bounding box), ...]), ...]`` of a data file."""
    data = json.loads((DATA / f"{name}.json").read_text())
    countries = []
    for country in data["countries"]:
        rings = []
        for flat in country["rings"]:
            points, x, y = [], 0, 0
            for index in range(0, len(flat), 2):
                x += flat[index]
                y += flat[index + 1]
                points.append((x, y))
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            rings.append((points, (min(xs), min(ys), max(xs), max(ys))))
        countries.append((country["code"], rings))
    return countries


def in_europe(place):
    west, south, east, north = EUROPE_REGION
    return west <= place.longitude <= east and south <= place.latitude <= north


def fit(name, points):
    """The projected rectangle ``(x0, y0, x1, y1)`` (km, y north) that shows ``points``.

    Their bounding box, at least ``MIN_SPAN_KM`` wide, with a margin, its height then
    brought within ``ASPECT`` of its width around the same centre.
    """
    xs = [x for x, _y in points]
    ys = [y for _x, y in points]
    share, extra = MARGIN[name]
    span = max(max(xs) - min(xs), max(ys) - min(ys), MIN_SPAN_KM[name])
    margin = span * share + extra
    width = max(max(xs) - min(xs), MIN_SPAN_KM[name]) + 2 * margin
    height = max(ys) - min(ys) + 2 * margin
    low, high = ASPECT
    if height < width * low:
        height = width * low
    elif height > width * high:
        width = height / high
    centre_x, centre_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return (
        centre_x - width / 2,
        centre_y - height / 2,
        centre_x + width / 2,
        centre_y + height / 2,
    )


@functools.lru_cache(maxsize=32)
def land(name, view, highlighted):
    """Two path strings, the countries without and with cities, for a view (in-process cache:
    the shapes and so the paths depend on nothing but these arguments)."""
    x0, y0, x1, y1 = view
    scale = WIDTH / (x1 - x0)
    plain, marked = [], []
    for code, rings in shapes(name):
        target = marked if code in highlighted else plain
        for points, (left, bottom, right, top) in rings:
            if right < x0 or left > x1 or top < y0 or bottom > y1:
                continue
            if max(right - left, top - bottom) * scale < MIN_RING_UNITS:
                continue  # an islet smaller than a city's point
            target.append(_ring_path(points, x0, y1, scale))
    return "".join(plain), "".join(marked)


def _ring_path(points, x0, y1, scale):
    """A closed ring in relative moves of whole units, points closer than a step merged."""
    steps, last = [], None
    for x, y in points:
        px, py = round((x - x0) * scale), round((y1 - y) * scale)
        if last is None:
            steps.append(f"M{px} {py}l")
        elif abs(px - last[0]) + abs(py - last[1]) >= MIN_STEP_UNITS:
            steps.append(f"{px - last[0]} {py - last[1]} ")
        else:
            continue
        last = (px, py)
    return "".join(steps).rstrip() + "z"


def panel(name, places, *, sized):
    """A panel's drawing: view box, land paths and the cities' points, in panel units."""
    project = PROJECTIONS[name]
    projected = [project(place.longitude, place.latitude) for place in places]
    view = fit(name, projected)
    x0, y0, x1, y1 = view
    scale = WIDTH / (x1 - x0)
    height = round((y1 - y0) * scale)
    highlighted = frozenset(place.country for place in places)
    plain, marked = land(name, tuple(round(value) for value in view), highlighted)
    largest = max((place.count for place in places), default=1)
    points = []
    for place, (x, y) in zip(places, projected, strict=True):
        if sized:
            # Area proportional to the count; the smallest stay big enough to point at.
            radius = max(SMALLEST_RADIUS, LARGEST_RADIUS * math.sqrt(place.count / largest))
        else:
            radius = CITY_RADIUS
        px, py = (x - x0) * scale, (y1 - y) * scale
        right_side = px > WIDTH * 0.7  # the label goes on the side with room for it
        label_x = px - radius - 6 if right_side else px + radius + 6
        # Numbers as text here: a template would localise them ("12,5" in French).
        points.append(
            {
                "place": place,
                "x": f"{px:.1f}",
                "y": f"{py:.1f}",
                "r": f"{radius:.1f}",
                "label_x": f"{label_x:.1f}",
                "label_anchor": "end" if right_side else "start",
                "label_y": f"{min(max(py + 9, 30), height - 8):.1f}",
            }
        )
    return {
        "name": name,
        "width": str(WIDTH),
        "height": str(height),
        "land": plain,
        "land_with_cities": marked,
        "points": points,
    }


def render_map(slug, places, *, title, caption, sized=False, note="", small=False):
    """The HTML of a map: a figure with up to two panels and its caption.

    ``places`` are drawn (and reached by keyboard) in the order given; ``note`` ends the
    caption (how many cities could not be drawn).
    """
    europe = [place for place in places if in_europe(place)]
    elsewhere = [place for place in places if not in_europe(place)]
    if sized:
        # The biggest circles first, so that the small ones on top of them can be pointed at.
        europe.sort(key=lambda place: -place.count)
        elsewhere.sort(key=lambda place: -place.count)
    panels = []
    if europe:
        panels.append(
            {**panel("europe", europe, sized=sized), "title": _("Europe and its neighbours")}
        )
    if elsewhere:
        panels.append({**panel("world", elsewhere, sized=sized), "title": _("Elsewhere")})
    return render_to_string(
        "figures/includes/map.html",
        {
            "slug": slug,
            "title": title,
            "caption": caption,
            "panels": panels,
            "note": note,
            "small": small,
            "place_count": len(places),
        },
    )


def place_name(name, country):
    """A city's name as a map link announces it: "Lisbon, Portugal"."""
    country = country_name(country)
    return _("%(city)s, %(country)s") % {"city": name, "country": country} if country else name
