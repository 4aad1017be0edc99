"""The download views: a listing's items streamed as CSV or JSON, in the page's language."""

from itertools import islice
from types import SimpleNamespace

from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.views import View

from icc.ratelimits import download_limit

from .columns import plain, resolve_translations, translations
from .streaming import csv_stream, json_stream

# Rows read (and their related items) per query: memory and queries stay flat per chunk.
CHUNK_SIZE = 1000
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
WRITERS = {"csv": csv_stream, "json": json_stream}


@method_decorator(download_limit, name="dispatch")
class DownloadView(View):
    """A dataset streamed as ``format`` ("csv" or "json"); subclasses say which rows.

    ``runs()`` returns the ordered querysets written one after the other; each is read as
    the values of ``fields`` (plus ``pk``), ``chunk_size`` rows at a time, and each chunk's
    ``related`` items are read in one query per relation. ``columns`` say what is written.
    """

    http_method_names = ["get", "head", "options"]
    dataset = ""  # in the file name: icc-<dataset>-<language>-<date>.csv
    fields = ()
    translated_fields = ()  # read in every language, written in the page's (with fallback)
    related = ()
    columns = ()
    chunk_size = CHUNK_SIZE

    def get(self, request, format, **kwargs):
        runs = self.runs()
        chunks = self.row_chunks(runs, translation.get_language())
        response = StreamingHttpResponse(
            WRITERS[format](self.columns, chunks), content_type=MEDIA_TYPES[format]
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename(format)}"'
        ignored = self.ignored_filters()
        if ignored:
            # What the listing would report as "not understood and ignored".
            response["X-Ignored-Filters"] = ", ".join(ignored)
        return response

    def runs(self):
        raise NotImplementedError

    def public_only(self, rows):
        """The rows of a chunk that may be written (all of them, unless a view says)."""
        return rows

    def ignored_filters(self):
        return []

    def filename(self, url_format):
        language = translation.get_language()
        return f"icc-{self.dataset}-{language}-{timezone.localdate().isoformat()}.{url_format}"

    def row_chunks(self, runs, language):
        """Lists of rows of plain values, ``chunk_size`` items at a time, in ``language``.

        Rows are read while the response is sent, after the view has returned: the language is
        set for each chunk (and only then, never while the server writes).
        """
        absolute_url = self.request.build_absolute_uri
        for run in runs:
            values = run.values(
                "pk", *self.fields, *translations(*self.translated_fields)
            ).iterator(chunk_size=self.chunk_size)
            while True:
                with translation.override(language):
                    chunk = [SimpleNamespace(**row) for row in islice(values, self.chunk_size)]
                    if not chunk:
                        break
                    chunk = self.public_only(chunk)
                    resolve_translations(chunk, self.translated_fields, language)
                    ids = [row.pk for row in chunk]
                    for related in self.related:
                        found = related.read(ids) if ids else {}
                        for row in chunk:
                            setattr(row, related.key, found.get(row.pk, []))
                    rows = [
                        [
                            plain(column.kind, column.value(row), absolute_url)
                            for column in self.columns
                        ]
                        for row in chunk
                    ]
                yield rows


class ListingDownloadView(DownloadView):
    """The downloads of a ``FacetedListView``: its ``listing_runs()``, so its filters and order."""

    listing_view = None  # the FacetedListView subclass whose items are written

    def runs(self):
        self.listing = self.listing_view()
        self.listing.setup(self.request)
        return self.listing.listing_runs()

    def ignored_filters(self):
        return self.listing.filterset.invalid_params()
