"""Cursor pagination in the listing's own order, read by keyset.

A list is one or more *runs*, each an ordered part of the filtered items (events: upcoming,
soonest first, then past, latest first; the others: one run), in the listing's order. The
cursor holds the run and the sort values of the last item given, so the next page starts right
after it by a condition on those values rather than an offset: an item added or withdrawn
meanwhile shifts nothing (no item is given twice or skipped because another moved, as an offset
would do), and the database has no rows before the page to count through.

A page is read as its ids (one small query per run it spans), then its rows by id with what
the serializer needs: the number of queries does not grow with the page or the list.
"""

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Q
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_CURSOR_LENGTH = 1000


@dataclass(frozen=True)
class SortKey:
    """One column of an order: ascending or not, and where its empty values (NULL) go."""

    field: str
    descending: bool = False
    nulls_first: bool = False

    def expression(self):
        column = F(self.field)
        placement = {"nulls_first": True} if self.nulls_first else {"nulls_last": True}
        return column.desc(**placement) if self.descending else column.asc(**placement)

    def after(self, value, nullable):
        """The condition "comes after ``value``" in this column, or None if nothing does."""
        if value is None:
            return Q(**{f"{self.field}__isnull": False}) if self.nulls_first else None
        lookup = "lt" if self.descending else "gt"
        condition = Q(**{f"{self.field}__{lookup}": value})
        if nullable and not self.nulls_first:
            condition |= Q(**{f"{self.field}__isnull": True})
        return condition

    def equal(self, value):
        if value is None:
            return Q(**{f"{self.field}__isnull": True})
        return Q(**{self.field: value})


@dataclass(frozen=True)
class Run:
    """An ordered part of a list: the items matching ``condition`` (all if None) by ``keys``.

    The last key must be unique (the primary key), so the order is total.
    """

    keys: tuple
    condition: object = None
    name: str = field(default="", compare=False)


def order_signature(runs):
    """A short digest of the order: a cursor of another order (another language) is refused."""
    text = repr(
        [(run.name, [(k.field, k.descending, k.nulls_first) for k in run.keys]) for run in runs]
    )
    return hashlib.blake2b(text.encode(), digest_size=4).hexdigest()


def model_field(model, name):
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


def keyset_condition(model, keys, values):
    """The items that come after the one whose sort values are ``values`` (None: nothing)."""
    condition, same_so_far = None, Q()
    for key, value in zip(keys, values, strict=True):
        after = key.after(value, model_field(model, key.field).null)
        if after is not None:
            part = same_so_far & after
            condition = part if condition is None else condition | part
        same_so_far &= key.equal(value)
    return condition


def to_json(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def invalid_cursor():
    return ValidationError(
        {"cursor": [_("This cursor is not valid: follow the “next” link of the previous page.")]}
    )


class KeysetPagination(BasePagination):
    """``?cursor=`` (from the ``next`` link) and ``?page_size=`` (1 to 100, default 20).

    The view gives its order as ``view.sort_runs()``: a list of ``Run``.
    """

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.model = queryset.model
        self.runs = view.sort_runs()
        self.signature = order_signature(self.runs)
        size = self.get_page_size(request)
        run_index, after = self.decode_cursor(request)
        self.count = queryset.order_by().count()

        # The ids and sort values of the page and of one more item (is there a next page?).
        rows = []
        keys_queryset = queryset.prefetch_related(None).select_related(None)
        while run_index < len(self.runs) and len(rows) <= size:
            run = self.runs[run_index]
            items = keys_queryset if run.condition is None else keys_queryset.filter(run.condition)
            if after is not None:
                condition = keyset_condition(self.model, run.keys, after)
                items = items.filter(condition) if condition is not None else items.none()
            names = [key.field for key in run.keys]
            found = items.order_by(*(key.expression() for key in run.keys)).values_list(*names)
            rows += [(run_index, values) for values in found[: size + 1 - len(rows)]]
            run_index, after = run_index + 1, None

        page, more = rows[:size], len(rows) > size
        self.next_cursor = self.encode_cursor(*page[-1]) if more and page else None
        pk_position = {
            run: [k.field for k in r.keys].index("pk") for run, r in enumerate(self.runs)
        }
        ids = [values[pk_position[run]] for run, values in page]
        found = queryset.filter(pk__in=ids).in_bulk() if ids else {}
        return [found[pk] for pk in ids if pk in found]

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param, "").strip()
        if not raw:
            return self.page_size
        try:
            size = int(raw) if len(raw) < 10 else None
        except ValueError:
            size = None
        if size is None or not 1 <= size <= self.max_page_size:
            message = _("page_size must be a whole number from 1 to %(maximum)s.") % {
                "maximum": self.max_page_size
            }
            raise ValidationError({self.page_size_query_param: [message]})
        return size

    def decode_cursor(self, request):
        """``(run index, sort values of the last item given or None)`` from ``?cursor=``."""
        raw = request.query_params.get(self.cursor_query_param, "").strip()
        if not raw:
            return 0, None
        if len(raw) > MAX_CURSOR_LENGTH:
            raise invalid_cursor()
        try:
            payload = json.loads(base64.urlsafe_b64decode(raw.encode("ascii") + b"==="))
            if payload["o"] != self.signature:
                raise ValueError("another order")
            run_index, values = payload["r"], payload["k"]
            if not isinstance(run_index, int) or not 0 <= run_index < len(self.runs):
                raise ValueError("no such run")
            keys = self.runs[run_index].keys
            if not isinstance(values, list) or len(values) != len(keys):
                raise ValueError("not the sort values of this run")
            after = []
            for key, value in zip(keys, values, strict=True):
                if not isinstance(value, (str, int, type(None))) or isinstance(value, bool):
                    raise ValueError("not a sort value")
                after.append(
                    None if value is None else model_field(self.model, key.field).to_python(value)
                )
            return run_index, after
        except (
            ValueError,
            TypeError,
            KeyError,
            UnicodeError,
            binascii.Error,
            DjangoValidationError,
        ) as error:
            raise invalid_cursor() from error

    def encode_cursor(self, run_index, values):
        payload = {"o": self.signature, "r": run_index, "k": [to_json(value) for value in values]}
        text = json.dumps(payload, separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode("ascii").rstrip("=")

    def get_next_link(self):
        if self.next_cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self.next_cursor)

    def get_first_link(self):
        return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)

    def get_paginated_response(self, data, extra=None):
        return Response(
            {
                "count": self.count,
                "next": self.get_next_link(),
                **(extra or {}),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "next", "language", "ignored_filters", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": "How many items match the filters, on every page.",
                    "example": 42,
                },
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The next page, or null on the last one.",
                },
                "language": {
                    "type": "string",
                    "description": "The language of the texts (or `all`).",
                    "example": "en",
                },
                "ignored_filters": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": (
                        "Filters whose value is not valid and were ignored, as the listing "
                        "page ignores them."
                    ),
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where the page starts: copy it from the `next` link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Items per page (default {self.page_size}).",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                },
            },
        ]
