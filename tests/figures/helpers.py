"""Reading maps and charts back from a page, as a visitor's browser or a checker would."""

import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
MAP_SVG = re.compile(r'<svg class="city-map__svg".*?</svg>', re.S)
CHART_SVG = re.compile(r'<svg class="chart".*?</svg>', re.S)


def map_links(html):
    """``[(href, accessible name), ...]`` of every city of the maps of a page, in order.

    Each panel must be well-formed XML (it is parsed, not searched).
    """
    links = []
    for markup in MAP_SVG.findall(html):
        svg = ET.fromstring(markup.replace("&amp;", "&#38;"))
        for link in svg.iter(f"{SVG}a"):
            links.append((link.get("href"), link.get("aria-label")))
    return links


def charts(html):
    """Every chart's parsed ``<svg>``."""
    return [ET.fromstring(markup) for markup in CHART_SVG.findall(html)]


def table_rows(html, caption_start):
    """``{first cell text: [other cells as int]}`` of the table whose caption starts so
    (or the table at that index, given a number)."""
    for index, table in enumerate(re.findall(r"<table.*?</table>", html, re.S)):
        caption = re.search(r"<caption>(.*?)</caption>", table, re.S).group(1)
        if caption_start != index and not caption.strip().startswith(str(caption_start)):
            continue
        rows = {}
        for row in re.findall(r"<tbody>(.*?)</tbody>", table, re.S)[0].split("</tr>"):
            cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            if len(cells) < 2:
                continue
            label = re.sub(r"<[^>]+>", "", cells[0]).strip()
            rows[label] = [int(cell) for cell in cells[1:]]
        return rows
    raise AssertionError(f"no table captioned {caption_start!r}")


# A transaction's own statements (ATOMIC_REQUESTS) are not page queries.
TRANSACTION_STATEMENTS = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def page_queries(captured):
    """The SQL of the queries a page made, without the transaction's own statements."""
    return [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].startswith(TRANSACTION_STATEMENTS)
    ]
