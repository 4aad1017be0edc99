"""Charts as SVG: well-formed, named and described, and drawn to scale."""

import xml.etree.ElementTree as ET

import pytest

from icc.figures import charts
from tests.figures.helpers import SVG


@pytest.mark.parametrize(
    "largest, step", [(0, 1), (4, 1), (9, 2), (48, 10), (230, 50), (3000, 1000)]
)
def test_gridlines_fall_on_round_numbers(largest, step):
    assert charts.nice_step(largest) == step


def parse(svg):
    tree = ET.fromstring(str(svg))
    assert tree.get("role") == "img"
    assert tree.find(f"{SVG}title").text == "Title & co"
    assert tree.find(f"{SVG}desc").text == "What it shows <really>"
    return tree


def test_a_bar_chart_escapes_its_labels_and_draws_bars_to_scale():
    tree = parse(
        charts.bar_chart("c", "Title & co", "What it shows <really>", [("A <b>", 4), ("B", 1)])
    )
    texts = [text.text for text in tree.iter(f"{SVG}text")]
    assert texts == ["A <b>", "4", "B", "1"]
    widths = [float(rect.get("width")) for rect in tree.iter(f"{SVG}rect")]
    assert widths[0] == pytest.approx(4 * widths[1], abs=0.2)


def test_a_bar_chart_of_nothing_is_still_valid():
    tree = parse(charts.bar_chart("c", "Title & co", "What it shows <really>", [("Zero", 0)]))
    assert [float(rect.get("width")) for rect in tree.iter(f"{SVG}rect")] == [0]


def test_a_column_chart_labels_its_years_and_values():
    rows = [(2015 + index, index) for index in range(8)]
    tree = parse(charts.column_chart("c", "Title & co", "What it shows <really>", rows))
    texts = [text.text for text in tree.iter(f"{SVG}text")]
    assert "2015" in texts and "2022" in texts and "7" in texts
    heights = [float(rect.get("height")) for rect in tree.iter(f"{SVG}rect")]
    assert heights[7] == pytest.approx(7 * heights[1], abs=0.5)


def test_a_line_chart_names_each_line_beside_its_last_value():
    tree = parse(
        charts.line_chart(
            "c",
            "Title & co",
            "What it shows <really>",
            [2019, 2020, 2021],
            [
                {"label": "members", "values": [1, 2, 3]},
                {"label": "in a network", "values": [1, 2, 3]},
            ],
        )
    )
    labels = {
        text.text: float(text.get("y"))
        for text in tree.iter(f"{SVG}text")
        if not text.text.isdigit()
    }
    # The two lines end at the same value: their labels are kept apart.
    assert abs(labels["members"] - labels["in a network"]) >= 30
    polylines = list(tree.iter(f"{SVG}polyline"))
    assert len(polylines) == 2 and polylines[1].get("stroke-dasharray")
