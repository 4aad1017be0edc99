"""CSV and JSON written row by row, for StreamingHttpResponse: memory stays flat.

Both take the columns and an iterable of *chunks* (lists of rows of plain values, see
``columns.plain``) and yield text, one piece per chunk.
"""

import csv
import json

from .columns import LIST, TEXT

# A cell starting with one of these is a formula for a spreadsheet ("=HYPERLINK(...)"): text
# cells are written with a leading apostrophe so that opening a download never runs one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "


class _Echo:
    """A file-like object whose ``write`` returns what it is given (Django's CSV streaming)."""

    def write(self, value):
        return value


def _text_cell(text):
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_cell(kind, value):
    if kind == LIST:
        return _text_cell(LIST_SEPARATOR.join(value))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if kind == TEXT:
        return _text_cell(value)
    return str(value)


def csv_stream(columns, chunks):
    """A header row of the column names, then one row per item (RFC 4180, CRLF)."""
    writer = csv.writer(_Echo())
    yield writer.writerow([column.name for column in columns])
    kinds = [column.kind for column in columns]
    for rows in chunks:
        yield "".join(
            writer.writerow([csv_cell(kind, value) for kind, value in zip(kinds, row, strict=True)])
            for row in rows
        )


def json_stream(columns, chunks):
    """A JSON array of objects, one per item, keyed by the column names, in column order."""
    names = [column.name for column in columns]
    separator = "\n"
    yield "["
    for rows in chunks:
        pieces = []
        for row in rows:
            item = dict(zip(names, row, strict=True))
            pieces.append(separator + json.dumps(item, ensure_ascii=False))
            separator = ",\n"
        yield "".join(pieces)
    yield "]\n" if separator == "\n" else "\n]\n"
