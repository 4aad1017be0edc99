"""Import a CSV or XLSX file of content; every refused row is reported (docs/import-export.md).

django-import-export's own ``import`` command leaves out invalid rows without a word and exits
0. This one checks every row before anything is written, prints each refused row with its line
in the file (the header is line 1) and the reasons, and then writes nothing and exits 1;
``--skip-invalid`` imports the valid rows knowingly. Rows are matched on their slug and an
unchanged row is not saved again, so running it twice changes nothing.

Exit status: 0 imported (with ``--skip-invalid``: the valid rows, refused ones listed), 1 rows
refused and nothing written, 2 the file or the options cannot be used.
"""

import csv
import io
import sys
import time
from collections import Counter
from pathlib import Path

import openpyxl
import tablib
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export.results import RowResult

from icc.tasks.indexing import bulk_indexing, deferring

# Short names of the resources documented in docs/import-export.md.
RESOURCES = {
    "cities": "cities.resources.CityResource",
    "networks": "cities.resources.NetworkResource",
    "events": "events.resources.EventResource",
    "news": "news.resources.NewsItemResource",
    "practices": "practices.resources.PracticeResource",
    "published-practices": "practices.resources.PublishedPracticeResource",
}
FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "tsv", ".xlsx": "xlsx"}

EXIT_REFUSED = 1
EXIT_UNUSABLE = 2


class Unusable(CommandError):
    def __init__(self, message):
        super().__init__(message, returncode=EXIT_UNUSABLE)


class RefusedRow:
    """One refused row: its line in the file and its reasons as ``(column, message)``."""

    def __init__(self, line, reasons):
        self.line = line
        self.reasons = reasons


def validation_reasons(error):
    """``[(column or "", message)]`` of a ValidationError."""
    if hasattr(error, "error_dict"):
        return [
            ("" if field == NON_FIELD_ERRORS else field, message)
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [("", message) for message in error.messages]


def read_csv(text, delimiter):
    """Headers, then ``(line, values)`` of each non-empty record (a record may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers, records, line = None, [], 1
    for values in reader:
        if headers is None:
            headers = values
        elif any(value.strip() for value in values):
            records.append((line, values))
        line = reader.line_num + 1  # where the next record starts
    return headers or [], records


def read_xlsx(data):
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook is the user's file
        raise Unusable(_("This is not an XLSX workbook: %(error)s") % {"error": error}) from None
    rows = book.active.iter_rows(values_only=True)
    headers = [("" if value is None else str(value)) for value in next(rows, ())]
    records = []
    for line, values in enumerate(rows, start=2):
        values = ["" if value is None else value for value in values]
        if any(str(value).strip() for value in values):
            records.append((line, values))
    book.close()
    return headers, records


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file (docs/import-export.md): every refused row is reported with "
        "its line and reason; nothing is written unless every row is valid or --skip-invalid "
        "is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "resource",
            help=(
                f"what the file holds: {', '.join(RESOURCES)}, "
                "or the dotted path of a django-import-export resource"
            ),
        )
        parser.add_argument("file", help="the CSV or XLSX file (- for CSV on standard input)")
        parser.add_argument(
            "--format", choices=["csv", "tsv", "xlsx"], help="default: from the file name"
        )
        parser.add_argument(
            "--encoding", default="utf-8-sig", help="of a CSV file (default: UTF-8)"
        )
        parser.add_argument(
            "--delimiter",
            help="of a CSV file (default: ; if the header has more ; than commas, else ,)",
        )
        parser.add_argument(
            "-n", "--dry-run", action="store_true", help="check and report, write nothing"
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid rows and list the refused ones (exit status 0)",
        )
        parser.add_argument(
            "--user",
            help=(
                "username recorded as the author of the import (revisions, and the life cycle "
                "of practices published by it); default: none (the system)"
            ),
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        resource_class = self.resource_class(options["resource"])
        user = self.user(options["user"])
        name = "-" if options["file"] == "-" else Path(options["file"]).name
        headers, records = self.read(options)
        resource = resource_class()
        self.check_headers(resource, headers)

        refused, candidates = self.check_identifiers(resource, headers, records)
        result, refused = self.import_rows(
            resource, headers, candidates, refused, user=user, options=options
        )
        for row in sorted(refused, key=lambda row: row.line):
            for column, message in row.reasons:
                where = _("%(file)s, line %(line)d") % {"file": name, "line": row.line}
                self.stderr.write(f"{where}: {column + ': ' if column else ''}{message}")

        total = len(records)
        if refused and not options["skip_invalid"]:
            raise CommandError(
                ngettext(
                    "%(refused)d of %(total)d row refused: nothing was imported. Correct it, "
                    "or run again with --skip-invalid to import the other rows.",
                    "%(refused)d of %(total)d rows refused: nothing was imported. Correct "
                    "them, or run again with --skip-invalid to import the other rows.",
                    len(refused),
                )
                % {"refused": len(refused), "total": total},
                returncode=EXIT_REFUSED,
            )
        self.report(resource, result, total, refused, options, time.monotonic() - started)

    # --- Options and file --------------------------------------------------------------------

    def resource_class(self, name):
        path = RESOURCES.get(name, name)
        try:
            return import_string(path)
        except ImportError:
            raise Unusable(
                _("Unknown resource “%(name)s”: write one of %(names)s or a dotted path.")
                % {"name": name, "names": ", ".join(RESOURCES)}
            ) from None

    def user(self, username):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise Unusable(_("No active user “%(name)s”.") % {"name": username})
        return user

    def read(self, options):
        path = options["file"]
        kind = options["format"] or FORMATS.get(Path(path).suffix.lower())
        if path == "-":
            kind = kind or "csv"
        if kind is None:
            raise Unusable(
                _("Cannot tell the format of “%(file)s”: give --format csv or xlsx.")
                % {"file": path}
            )
        if kind == "xlsx" and path == "-":
            raise Unusable(_("An XLSX file cannot be read from standard input."))
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except OSError as error:
            raise Unusable(
                _("Cannot read “%(file)s”: %(error)s") % {"file": path, "error": error.strerror}
            ) from None
        if kind == "xlsx":
            headers, records = read_xlsx(data)
        else:
            try:
                text = data.decode(options["encoding"])
            except (UnicodeDecodeError, LookupError) as error:
                raise Unusable(
                    _("Cannot read “%(file)s” as %(encoding)s: %(error)s (see --encoding).")
                    % {"file": path, "encoding": options["encoding"], "error": error}
                ) from None
            delimiter = options["delimiter"]
            if kind == "tsv":
                delimiter = delimiter or "\t"
            if not delimiter:
                first_line = text.split("\n", 1)[0]
                delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
            headers, records = read_csv(text, delimiter)
        headers = [str(header).strip() for header in headers]
        # Spreadsheets often carry empty columns after the last one named.
        while headers and not headers[-1]:
            headers.pop()
        width = len(headers)
        records = [
            (line, values[:width] if not any(str(v).strip() for v in values[width:]) else values)
            for line, values in records
        ]
        return headers, records

    def check_headers(self, resource, headers):
        if not [header for header in headers if header]:
            raise Unusable(_("The file is empty: its first line must name the columns."))
        # A resource may rename or refuse columns itself (the Index results accept a topic's
        # name for its column): it reads the header first, as it will before the import.
        probe = tablib.Dataset(headers=list(headers))
        try:
            resource.before_import(probe)
        except (ValueError, ValidationError) as error:
            messages = getattr(error, "messages", None) or [str(error)]
            raise Unusable(" ".join(str(message) for message in messages)) from None
        known = set(resource.get_export_headers())
        known |= {field.column_name for field in resource.get_import_fields()}
        unknown = [
            header
            for header, read_as in zip(headers, probe.headers or headers, strict=False)
            if header not in known and read_as not in known
        ]
        twice = [header for header, count in Counter(headers).items() if count > 1]
        missing = [
            resource.fields[name].column_name
            for name in resource.get_import_id_fields()
            if resource.fields[name].column_name not in headers
        ]
        problems = []
        if missing:
            problems.append(_("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)})
        if unknown:
            problems.append(
                _("Unknown column(s): %(columns)s. The columns are: %(known)s.")
                % {
                    "columns": ", ".join(f"“{header}”" for header in unknown),
                    "known": ", ".join(resource.get_export_headers()),
                }
            )
        if twice:
            problems.append(
                _("Column(s) given twice: %(columns)s.") % {"columns": ", ".join(twice)}
            )
        if problems:
            raise Unusable(" ".join(problems))

    def check_identifiers(self, resource, headers, records):
        """Rows too long, rows without a slug, and a slug given again: refused before importing.

        Without its slug, a row would be a new item at every run; given twice, the second row
        would silently overwrite the first.
        """
        columns = [resource.fields[name].column_name for name in resource.get_import_id_fields()]
        positions = [headers.index(column) for column in columns]
        refused, candidates, seen = [], [], {}
        for line, values in records:
            if len(values) > len(headers):
                refused.append(
                    RefusedRow(
                        line,
                        [
                            (
                                "",
                                _(
                                    "This row has %(cells)d cells, more than the %(columns)d "
                                    "columns of the header."
                                )
                                % {"cells": len(values), "columns": len(headers)},
                            )
                        ],
                    )
                )
                continue
            values = list(values) + [""] * (len(headers) - len(values))
            key = tuple(str(values[position]).strip() for position in positions)
            if not all(key):
                reasons = [
                    (column, _("Required: it identifies the row when the file is imported again."))
                    for column, value in zip(columns, key, strict=True)
                    if not value
                ]
                refused.append(RefusedRow(line, reasons))
            elif key in seen:
                refused.append(
                    RefusedRow(
                        line,
                        [
                            (
                                columns[0],
                                _("“%(value)s” is already on line %(line)d.")
                                % {"value": ", ".join(key), "line": seen[key]},
                            )
                        ],
                    )
                )
            else:
                seen[key] = line
                candidates.append((line, values))
        return refused, candidates

    # --- Importing ---------------------------------------------------------------------------

    def import_rows(self, resource, headers, candidates, refused, *, user, options):
        """Import ``candidates``; return the result and every refused row.

        Every row is checked in one transaction, rolled back if any row is refused (or for a
        dry run). With --skip-invalid, the rows that passed are imported again without the
        refused ones; a row refused only then (it depended on a refused one) stops everything.
        """
        rows = candidates
        result = None
        for attempt in (1, 2):
            dry_run = options["dry_run"] or bool(refused and not options["skip_invalid"])
            dataset = tablib.Dataset(*[values for _line, values in rows], headers=headers)
            with bulk_indexing():
                result = resource.import_data(
                    dataset,
                    dry_run=dry_run,
                    use_transactions=True,
                    rollback_on_validation_errors=True,
                    user=user,
                )
                new_refused = self.refused_rows(result, [line for line, _values in rows])
                if dry_run or new_refused:
                    deferring().clear()  # rolled back: nothing to re-index
            if not new_refused:
                return result, refused
            refused = refused + new_refused
            if not options["skip_invalid"] or attempt == 2:
                break
            lines = {row.line for row in new_refused}
            rows = [(line, values) for line, values in rows if line not in lines]
        if options["skip_invalid"] and new_refused:
            # Refused only once the others were left out: nothing was written.
            options["skip_invalid"] = False
        return result, refused

    def refused_rows(self, result, lines):
        refused = []
        for base_error in result.base_errors:
            raise CommandError(
                _("The import failed: %(error)s") % {"error": base_error.error},
                returncode=EXIT_REFUSED,
            )
        for invalid in result.invalid_rows:
            refused.append(RefusedRow(lines[invalid.number - 1], validation_reasons(invalid.error)))
        for number, errors in result.row_errors():
            reasons = []
            for error in errors:
                if isinstance(error.error, ValidationError):
                    reasons += validation_reasons(error.error)
                else:
                    reasons.append(("", str(error.error) or type(error.error).__name__))
            refused.append(RefusedRow(lines[number - 1], reasons))
        return refused

    def report(self, resource, result, total, refused, options, seconds):
        totals = result.totals if result is not None else Counter()
        model = resource._meta.model._meta.verbose_name_plural
        summary = _(
            "%(total)d rows read: %(new)d new, %(updated)d updated, %(unchanged)d unchanged, "
            "%(refused)d refused (%(model)s, %(seconds).1f s)."
        ) % {
            "total": total,
            "new": totals[RowResult.IMPORT_TYPE_NEW],
            "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
            "unchanged": totals[RowResult.IMPORT_TYPE_SKIP],
            "refused": len(refused),
            "model": model,
            "seconds": seconds,
        }
        published = getattr(resource, "published_count", 0)
        if published:
            summary += " " + (
                ngettext(
                    "%(count)d published with its original date.",
                    "%(count)d published with their original dates.",
                    published,
                )
                % {"count": published}
            )
        if options["dry_run"]:
            summary = _("Dry run, nothing was written: %(summary)s") % {"summary": summary}
        self.stdout.write(summary)
