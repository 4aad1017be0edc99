"""Build the map shapes shipped in ``icc/figures/data/`` from Natural Earth (world-atlas).

Run by hand, only when the source data or the projections change; the output is committed::

    cd /tmp && npm pack world-atlas && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python -m icc.figures.build_map_data /tmp/package

It reads ``countries-50m.json`` (Europe and its neighbours, where cities are close together)
and ``countries-110m.json`` (the rest of the world), decodes the TopoJSON, keeps for Europe
only the area any map of it can show (a longitude/latitude box, the rings cut to it),
projects every point once (``projections.py``), simplifies the rings (Douglas-Peucker, a
tolerance in km below what a map of that scale can show) and writes whole kilometres,
delta-encoded: ``{"countries": [{"code": "PT", "rings": [[x0, y0, dx1, dy1, ...], ...]}]}``.
"""

import json
import math
import sys
from pathlib import Path

from django_countries.data import ALT_CODES

from icc.figures.projections import PROJECTIONS

DATA = Path(__file__).parent / "data"

# Longitude and latitude bounds of what a map of Europe and its neighbours may show: a little
# more than maps.EUROPE_REGION, so that the edges cut here never come into view.
EUROPE_CLIP = (-45.0, 14.0, 85.0, 84.0)
OUTPUTS = {
    # name: (source file, projection, clip box or None, tolerance km, smallest ring km²)
    "europe": ("countries-50m.json", "europe", EUROPE_CLIP, 1.5, 20.0),
    "world": ("countries-110m.json", "world", None, 10.0, 500.0),
}
ANTARCTICA = "010"
# Natural Earth shapes without an ISO numeric code.
CODES_BY_NAME = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}


def decode_arcs(topology):
    """Each arc as a list of (longitude, latitude): undo the quantisation and the deltas."""
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"].values()
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring_points(arcs, indexes):
    """A ring from its arcs (``~i`` is arc ``i`` reversed); each arc starts where one ends."""
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def country_rings(arcs, geometry):
    if geometry["type"] == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return []
    return [ring_points(arcs, ring) for polygon in polygons for ring in polygon]


def split_at_antimeridian(points):
    """A ring that crosses 180° (Russia, Fiji) as the rings of its parts on either side."""
    if all(abs(a[0] - b[0]) <= 180 for a, b in zip(points, points[1:], strict=False)):
        return [points]
    continuous = [points[0]]
    for longitude, latitude in points[1:]:
        previous = continuous[-1][0]
        longitude += 360 * round((previous - longitude) / 360)
        continuous.append((longitude, latitude))
    parts = []
    for turn in (-360, 0, 360):
        shifted = [(longitude + turn, latitude) for longitude, latitude in continuous]
        part = clip_ring(shifted, (-180.0, -90.0, 180.0, 90.0))
        if len(part) >= 4:
            parts.append(part)
    return parts


def clip_ring(points, box):
    """Sutherland-Hodgman: the ring cut to a longitude/latitude box (it stays closed)."""
    west, south, east, north = box
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _cross_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _cross_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _cross_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _cross_y(a, b, north)),
    ]
    for inside, cross in edges:
        if not points:
            break
        clipped = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    clipped.append(cross(previous, point))
                clipped.append(point)
            elif inside(previous):
                clipped.append(cross(previous, point))
            previous = point
        points = clipped
    return points


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(points, tolerance):
    """Douglas-Peucker, iterative; the first and last points are kept."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            px, py = points[index]
            if length:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                d = math.hypot(px - ax, py - ay)
            if d > distance:
                farthest, distance = index, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def area(points):
    return abs(
        sum(
            x1 * y2 - x2 * y1
            for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)
        )
        / 2
    )


def encode(points):
    """Whole kilometres, each point after the first as the step from the one before."""
    flat, last_x, last_y = [], 0, 0
    for x, y in points:
        x, y = round(x), round(y)
        if flat and (x, y) == (last_x, last_y):
            continue
        flat += [x - last_x, y - last_y] if flat else [x, y]
        last_x, last_y = x, y
    return flat


def country_code(geometry):
    numeric = geometry.get("id")
    by_numeric = {str(codes[1]).zfill(3): alpha2 for alpha2, codes in ALT_CODES.items()}
    if numeric in by_numeric:
        return by_numeric[numeric]
    return CODES_BY_NAME.get(geometry.get("properties", {}).get("name"), "")


def build(source_folder, name):
    filename, projection_name, clip, tolerance, smallest = OUTPUTS[name]
    project = PROJECTIONS[projection_name]
    topology = json.loads((Path(source_folder) / filename).read_text())
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") == ANTARCTICA:
            continue
        rings = []
        whole_rings = country_rings(arcs, geometry)
        for points in [part for ring in whole_rings for part in split_at_antimeridian(ring)]:
            if clip:
                points = clip_ring(points, clip)
            if len(points) < 4:
                continue
            projected = simplify([project(lon, lat) for lon, lat in points], tolerance)
            if len(projected) < 4 or area(projected) < smallest:
                continue
            rings.append(encode(projected))
        if rings:
            countries.append({"code": country_code(geometry), "rings": rings})
    return {
        "source": f"Natural Earth via world-atlas 2.0.2, {filename}",
        "projection": projection_name,
        "unit": "km",
        "countries": countries,
    }


def main(source_folder):
    DATA.mkdir(exist_ok=True)
    for name in OUTPUTS:
        data = build(source_folder, name)
        path = DATA / f"{name}.json"
        path.write_text(json.dumps(data, separators=(",", ":")))
        points = sum(len(ring) // 2 for country in data["countries"] for ring in country["rings"])
        print(f"{path}: {len(data['countries'])} countries, {points} points, "
              f"{path.stat().st_size // 1024} KiB")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/package")
