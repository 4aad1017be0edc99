"""The two map projections, as plain functions of (longitude, latitude) in degrees.

Both give kilometres on a sphere of the Earth's mean radius, so the shipped shapes
(``data/*.json``, projected once by ``build_map_data.py``) and the cities (projected when a
map is drawn) share one plane, and fitting a map to its cities is a matter of rectangles.

- Europe and its neighbours: Lambert azimuthal equal-area centred on 52° N, 10° E, the
  projection of the European statistical maps (ETRS89-LAEA, EPSG:3035, here on a sphere).
- The rest of the world: Equal Earth (Šavrič, Patterson and Jenny, 2018), an equal-area
  world projection; areas are compared fairly on both maps.

The y axis points north, as in the projections' definitions; SVG's points south, which the
drawing (``maps.py``) turns round.
"""

import math

EARTH_RADIUS_KM = 6371.0

EUROPE_CENTRE = (10.0, 52.0)  # longitude, latitude

_SIN_PHI1 = math.sin(math.radians(EUROPE_CENTRE[1]))
_COS_PHI1 = math.cos(math.radians(EUROPE_CENTRE[1]))


def europe(longitude, latitude):
    """Lambert azimuthal equal-area centred on Europe: ``(x, y)`` in km."""
    phi = math.radians(latitude)
    delta = math.radians(longitude - EUROPE_CENTRE[0])
    cos_phi = math.cos(phi)
    denominator = 1 + _SIN_PHI1 * math.sin(phi) + _COS_PHI1 * cos_phi * math.cos(delta)
    # The antipode (52° S, 170° W, in the Pacific) has no image; nothing shown is near it.
    k = math.sqrt(2 / max(denominator, 1e-9))
    x = k * cos_phi * math.sin(delta)
    y = k * (_COS_PHI1 * math.sin(phi) - _SIN_PHI1 * cos_phi * math.cos(delta))
    return (EARTH_RADIUS_KM * x, EARTH_RADIUS_KM * y)


_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def world(longitude, latitude):
    """Equal Earth centred on Greenwich: ``(x, y)`` in km."""
    lam = math.radians(longitude)
    theta = math.asin(_M * math.sin(math.radians(latitude)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = 2 * math.sqrt(3) * lam * math.cos(theta)
    x /= 3 * (9 * _A4 * t6 * t2 + 7 * _A3 * t6 + 3 * _A2 * t2 + _A1)
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return (EARTH_RADIUS_KM * x, EARTH_RADIUS_KM * y)


PROJECTIONS = {"europe": europe, "world": world}
