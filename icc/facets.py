"""Faceted listings: a django-filter FilterSet whose facets count their options.

Each facet's counts are computed with every *other* active filter applied (one grouped
query per facet), so "12 Education" means: 12 items would match if you added Education.
Invalid values are ignored with a message instead of failing the page.

A listing declares, on its FilterSet, ``facets = [Facet(...), ...]``; the view is
``FacetedListView`` (see cities/views.py for the smallest example).
"""

import functools
from dataclasses import dataclass, field
from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import ListView
from django_countries import countries

from icc.caching.memo import memoize
from icc.models import ChosenRows
from icc.opendata.links import download_links

MAX_QUERY_LENGTH = 200

# A facet with more options than this shows a few of them and the rest behind "Show all"
# (templates/includes/facets.html): every option reachable, none hidden in a scroll box.
LONG_FACET = 8
SHOWN_OF_LONG_FACET = 5


class YearFilter(django_filters.NumberFilter):
    """A year between 1900 and 2100: anything else is reported, never sent to the database."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class CountryCodeField(forms.CharField):
    """A country code (``PT``), checked against the set of codes, not the translated names.

    A ``ChoiceField`` of every country would sort about 250 names in the reader's language to
    check one value, on every request of a listing.
    """

    default_error_messages = {
        "invalid_choice": forms.ChoiceField.default_error_messages["invalid_choice"]
    }

    def validate(self, value):
        super().validate(value)
        if value and value not in country_codes():
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )


@functools.cache
def country_codes():
    return frozenset(countries.countries)


class CountryFilter(django_filters.CharFilter):
    """Items of one country (an ISO 3166 code), as a ``ChoiceFilter`` of the countries was."""

    field_class = CountryCodeField


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    url: str  # the listing with this option toggled (and the page reset)


@dataclass
class Facet:
    """One facet: the filter it drives and how to group the items to count them.

    ``param``: the GET parameter (and filter name). ``group_by``: the ORM path whose values
    are the option values (``"topic_links__topic__slug"``, ``"country"``). ``choices``: a
    callable returning ``[(value, label), ...]`` in display order, or None to use the values
    found. ``counter``: optional callable ``(queryset, values) -> {value: count}`` for facets
    that are not a plain GROUP BY (a year range, say). ``option_label``: optional callable
    ``value -> label`` for the values found when there are no ``choices`` (a country name).
    """

    param: str
    label: str
    group_by: str = ""
    choices: object = None
    counter: object = None
    option_label: object = None
    multiple: bool = False
    options: list = field(default_factory=list)

    @property
    def selected_options(self):
        return [option for option in self.options if option.selected]

    @property
    def shown_options(self):
        """The options always shown: all of a short facet; of a long one, the selected options
        and its first options that have items (a reader must always see, and be able to
        remove, a choice), in display order.
        """
        shown = self._shown_indexes()
        return [option for index, option in enumerate(self.options) if index in shown]

    @property
    def more_options(self):
        """The other options of a long facet, shown on demand ("Show all"), in display order."""
        shown = self._shown_indexes()
        return [option for index, option in enumerate(self.options) if index not in shown]

    def _shown_indexes(self):
        if len(self.options) <= LONG_FACET:
            return set(range(len(self.options)))
        with_items = [index for index, option in enumerate(self.options) if option.count]
        selected = {index for index, option in enumerate(self.options) if option.selected}
        return selected | set(with_items[:SHOWN_OF_LONG_FACET])


# --- Facets counted by conditions: yes/no, bands of a number, ... (issue 11) --------------


def count_conditions(queryset, conditions):
    """``{key: how many items of queryset meet condition}`` for ``{key: condition}``, one query."""
    if not conditions:
        return {}
    # Aggregate names must be identifiers; option values need not be.
    names = {f"option_{index}": key for index, key in enumerate(conditions)}
    counts = queryset.order_by().aggregate(
        **{name: Count("pk", filter=conditions[key]) for name, key in names.items()}
    )
    return {key: counts[name] or 0 for name, key in names.items()}


class ConditionCounter:
    """A ``Facet.counter`` counting each option by its own condition, in one query.

    ``conditions``: ``{value: condition}`` (a ``Q`` or a boolean expression such as
    ``Exists``), or a callable ``values -> {value: condition}`` (for conditions that depend on
    the day, or on options read from the database), for options that are not values of a
    column: ``yes``/``no``, ``ongoing``/``ended``, bands of a number, "in this network". The
    facets counted so whose parameter is not chosen all count the same items: the listing
    counts them together, in one query (``FacetFilterSet.shared_condition_counts``).

    A condition on a many-valued relation should be ``pk__in=<subquery>`` (or ``Exists``): an
    item is counted once, however many of its rows match, and PostgreSQL hashes the subquery
    once for the whole count.
    """

    def __init__(self, conditions):
        self._conditions = conditions

    def conditions(self, values):
        values = list(values)
        conditions = self._conditions(values) if callable(self._conditions) else self._conditions
        return {value: conditions[value] for value in values if value in conditions}

    def __call__(self, queryset, values):
        return count_conditions(queryset, self.conditions(values))


def condition_counter(conditions):
    """A ``ConditionCounter`` of ``conditions`` (see there)."""
    return ConditionCounter(conditions)


@dataclass(frozen=True)
class Band:
    """A band of a number, ``lower <= number < upper`` (``None``: no bound on that side), an
    option of a facet counted by conditions (``ConditionCounter``)."""

    value: str
    label: object
    lower: int | None = None
    upper: int | None = None

    def condition(self, path):
        """The ``Q`` of values of ``path`` in the band (a ``NULL`` is in no band)."""
        condition = Q(**{f"{path}__isnull": False})
        if self.lower is not None:
            condition &= Q(**{f"{path}__gte": self.lower})
        if self.upper is not None:
            condition &= Q(**{f"{path}__lt": self.upper})
        return condition


class FacetFilterSet(django_filters.FilterSet):
    """A FilterSet that knows its facets; subclasses set ``facets`` (a list of Facet)."""

    facets = ()

    def valid_data(self):
        """The submitted values that passed validation, as a plain dict of lists."""
        self.form.is_valid()
        valid = {}
        for name in self.filters:
            if name in self.form.errors:
                continue
            values = (
                self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data.get(name)]
            )
            values = [value for value in values if value not in (None, "")]
            if values:
                valid[name] = values
        return valid

    def invalid_params(self):
        self.form.is_valid()
        return [name for name in self.filters if name in self.form.errors]

    def queryset_without(self, param):
        """The queryset with every valid filter applied except ``param``.

        From the values this FilterSet has cleaned already (as ``FilterSet.qs`` does): another
        FilterSet would clean them again, one query per slug given, for every facet.
        """
        self.form.is_valid()
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name != param:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def facet_choices(self, facet):
        """A facet's options, which do not depend on the filters: once per generation."""
        parts = (type(self).__module__, type(self).__qualname__, facet.param)
        parts += (translation.get_language(),)
        compute = lambda: [(value, str(label)) for value, label in facet.choices()]  # noqa: E731
        return list(memoize("facet-choices", parts, compute))

    def shared_condition_counts(self, data):
        """``{param: (choices, {value: count})}`` of the facets counted by conditions whose
        parameter is not chosen, in one query: each of them counts the items of every filter.
        """
        shared = [
            facet
            for facet in self.facets
            if isinstance(facet.counter, ConditionCounter)
            and facet.choices
            and facet.param not in data
        ]
        choices = {facet.param: self.facet_choices(facet) for facet in shared}
        conditions = {}
        for facet in shared:
            values = [value for value, _label in choices[facet.param]]
            for value, condition in facet.counter.conditions(values).items():
                conditions[facet.param, value] = condition
        found = count_conditions(self.qs, conditions)
        return {
            facet.param: (
                choices[facet.param],
                {value: count for (param, value), count in found.items() if param == facet.param},
            )
            for facet in shared
        }

    def compute_facets(self, base_path):
        """Fill each facet's options with counts and toggle links; return the facets."""
        data = self.valid_data()
        shared = self.shared_condition_counts(data)
        facets = []
        for template in self.facets:
            facet = Facet(**{**template.__dict__, "options": []})
            if facet.param in shared:
                choices, counts = shared[facet.param]
            elif facet.counter:
                queryset = self.queryset_without(facet.param)
                choices = self.facet_choices(facet) if facet.choices else []
                counts = facet.counter(queryset, [value for value, _label in choices])
            else:
                queryset = self.queryset_without(facet.param)
                rows = (
                    queryset.order_by()
                    .values(facet.group_by)
                    .annotate(count=Count("pk", distinct=True))
                    .values_list(facet.group_by, "count")
                )
                counts = {str(value): count for value, count in rows if value not in (None, "")}
                choices = (
                    self.facet_choices(facet) if facet.choices else [(v, v) for v in sorted(counts)]
                )
            selected = data.get(facet.param, [])
            known = {str(value) for value, _label in choices}
            # A valid selected value without options (no items, or no longer listed) must
            # still appear, selected, so the reader can remove it.
            choices += [(value, value) for value in selected if value not in known]
            if facet.option_label:
                choices = [(value, facet.option_label(value)) for value, _label in choices]
                if not facet.choices:
                    choices.sort(key=lambda choice: str(choice[1]).casefold())
            for value, label in choices:
                value = str(value)
                facet.options.append(
                    Option(
                        value=value,
                        label=str(label),
                        count=counts.get(value, 0),
                        selected=value in selected,
                        url=toggle_url(base_path, data, facet.param, value, facet.multiple),
                    )
                )
            facets.append(facet)
        return facets


def encode(data):
    return urlencode([(key, value) for key, values in data.items() for value in values])


def toggle_url(base_path, data, param, value, multiple):
    """The listing URL with ``param=value`` switched on or off, without the page number."""
    new = {key: list(values) for key, values in data.items() if key != "page"}
    current = new.get(param, [])
    if value in current:
        current = [v for v in current if v != value]
    elif multiple:
        current = [*current, value]
    else:
        current = [value]
    if current:
        new[param] = current
    else:
        new.pop(param, None)
    query = encode(new)
    return f"{base_path}?{query}" if query else base_path


class KnownCountPaginator(Paginator):
    """A paginator told its count, so paging does not count the rows again."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class FacetedListView(ListView):
    """A listing filtered by a FacetFilterSet, with facets, active filters and safe paging.

    A page number that is not a number or is past the end shows the last page with a
    message rather than a 404, so a shared link never dies.

    The result count, the facets and the active filters depend only on the valid filters,
    not on the page: they are computed once per filter combination and content generation
    and kept in the shared cache (``icc.caching.memo``), so a listing's cost does not grow
    with the number of items once its combination has been seen.
    """

    filterset_class = None
    paginate_by = 20
    # Leave out a facet with no option at all (no published item has a value for it).
    hide_empty_facets = False
    # The URL name of the listing's CSV/JSON downloads (icc.opendata), e.g. "news:download".
    download_url_name = None

    def get_base_queryset(self):
        return self.model._default_manager.all()

    def filtered_queryset(self):
        """The base queryset with the request's valid filters applied; sets ``self.filterset``."""
        data = self.request.GET.copy()
        for key in list(data):
            data.setlist(key, [value[:MAX_QUERY_LENGTH] for value in data.getlist(key)])
        self.filterset = self.filterset_class(
            data=data, queryset=self.get_base_queryset(), request=self.request
        )
        return self.filterset.qs

    def listing_queryset(self):
        """The items the listing shows, in its order (a listing adds its order here)."""
        return self.filtered_queryset()

    def listing_runs(self):
        """The listing as ordered querysets shown one after the other: its pages and its
        downloads (icc.opendata) read these, so both always hold the same items in one order."""
        return [self.listing_queryset()]

    def get_queryset(self):
        return self.listing_queryset()

    @cached_property
    def filter_parts(self):
        """What names this listing's filter combination in a memo: view, path, language, filters."""
        data = self.filterset.valid_data()
        data.pop("page", None)
        return (
            type(self).__module__,
            type(self).__qualname__,
            self.request.path,
            translation.get_language(),
            sorted((name, sorted(values)) for name, values in data.items()),
        )

    @cached_property
    def listing_summary(self):
        """Count, active filters and rendered facet panel of the current filters (memoized).

        The facets themselves (hundreds of options) are kept apart (``listing_facets``): the
        page sends the panel already rendered, so reading them back on every request would
        only cost their unpickling.
        """

        def compute():
            summary = self.compute_listing_summary()
            facets = summary.pop("facets")
            memoize("listing-facets", self.filter_parts, lambda: facets)
            return summary

        return memoize("listing", self.filter_parts, compute)

    def listing_facets(self):
        """The facets with their options and counts (for code and tests that look at them)."""
        return memoize(
            "listing-facets", self.filter_parts, lambda: self.compute_listing_summary()["facets"]
        )

    def compute_listing_summary(self):
        path = self.request.path
        data = self.filterset.valid_data()
        facets = self.filterset.compute_facets(path)
        if self.hide_empty_facets:
            facets = [facet for facet in facets if facet.options]
        active = [
            {"facet": facet.label, "label": option.label, "remove_url": option.url}
            for facet in facets
            for option in facet.selected_options
        ]
        for name, values in data.items():
            if name not in {facet.param for facet in self.filterset.facets}:
                active.append(
                    {
                        "facet": str(self.filterset.filters[name].label or name),
                        "label": ", ".join(values),
                        "remove_url": toggle_url(path, data, name, values[0], multiple=False),
                    }
                )
        for facet in facets:
            # Kept in the shared cache: plain values only, no functions, no lazy text.
            facet.label = str(facet.label)
            facet.choices = facet.counter = facet.option_label = None
        for item in active:
            item["facet"] = str(item["facet"])
        # Hundreds of options: rendering them is the costly part of the page, so the panel
        # is kept rendered (it depends on nothing but these values and the language).
        panel = render_to_string(
            "includes/facet_panel.html",
            {"facets": facets, "active_filters": active, "clear_filters_url": path},
        )
        return {
            "count": self.filterset.qs.count(),
            "facets": facets,
            "active": active,
            "panel": str(panel),
            **self.summary_extras(),
        }

    def summary_extras(self):
        """More values of the filters that a listing keeps with its summary (memoized)."""
        return {}

    def paginate_queryset(self, queryset, page_size):
        paginator = KnownCountPaginator(queryset, page_size, self.listing_summary["count"])
        raw = self.request.GET.get("page") or 1
        self.page_warning = ""
        try:
            page = paginator.page(raw)
        except PageNotAnInteger:
            page = paginator.page(1)
            self.page_warning = _("The page number was not valid; here is the first page.")
        except EmptyPage:
            page = paginator.page(paginator.num_pages)
            self.page_warning = _("There are not that many pages; here is the last one.")
        if isinstance(queryset, QuerySet):
            # The page's ids are memoized with the filters; the rows are read only for the
            # cards not cached yet (``{% cards %}``), so a page seen before costs no query.
            window = page.object_list
            page.object_list = ChosenRows(
                queryset.order_by(),
                memoize(
                    "listing-page",
                    (*self.filter_parts, page.number, page_size),
                    lambda: list(window.values_list("pk", flat=True)),
                ),
            )
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        path = self.request.path
        data = self.filterset.valid_data()
        summary = self.listing_summary
        page_query = encode({k: v for k, v in data.items() if k != "page"})
        context.update(
            filterset=self.filterset,
            facets=SimpleLazyObject(self.listing_facets),
            active_filters=summary["active"],
            clear_filters_url=path,
            page_query=page_query,
            invalid_filters=[
                str(self.filterset.filters[name].label or name)
                for name in self.filterset.invalid_params()
            ],
            page_warning=self.page_warning,
            # For a text-search form that keeps the other filters (includes/listing_search.html).
            search_text=" ".join(data.get("q", [])),
            hidden_filters=[
                (name, value) for name, values in data.items() if name != "q" for value in values
            ],
            result_count=summary["count"],
            facet_panel=mark_safe(summary["panel"]),  # rendered by our template, escaped there
            downloads=download_links(self.download_url_name, page_query),
        )
        return context
