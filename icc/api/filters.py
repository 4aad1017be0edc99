"""The API's filters: each listing's own FilterSet, fed exactly as the listing feeds it.

So a parameter has the name and the meaning it has on the listing page, and a list holds the
items of the listing with the same query string: values cut to the same length, a value that
is not valid (an unknown country, a year that is not a number) ignored as the listing ignores
it, and reported (``ignored_filters`` in the answer, ``X-Ignored-Filters`` header).

``api_filters(filterset_class)`` describes each filter once, for the OpenAPI schema and for
the documentation page.
"""

from dataclasses import dataclass

import django_filters
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from rest_framework.filters import BaseFilterBackend

from cities.filters import CityFilterSet, NetworkFilterSet
from cities.index_downloads import IndexResultFilterSet
from events.filters import EventFilterSet
from icc.facets import (
    MAX_QUERY_LENGTH,
    CountryFilter,
    FacetFilterSet,
    YearFilter,
    country_codes,
)
from icc.models import Document, DocumentFile
from news.filters import NewsFilterSet
from practices.filters import PracticeFilterSet


def document_language_choices():
    return settings.LANGUAGES_OF_DOCUMENTS


class DocumentFilterSet(FacetFilterSet):
    """The documents have no listing page: these filters are the API's own."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Document.Kind.choices)
    year = YearFilter(label=_("Year"), field_name="year")
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=document_language_choices, method="filter_language"
    )

    class Meta:
        model = Document
        fields = []

    def filter_language(self, queryset, name, value):
        return queryset.filter(
            Exists(DocumentFile.objects.filter(document=OuterRef("pk"), language=value))
        )


# What a filter means, where its label alone does not say it (the listing's rule, in words).
FILTER_MEANINGS = {
    (CityFilterSet, "q"): _("Every word must be in the city's name, in any language."),
    (CityFilterSet, "network"): _("Cities that are members of this network today."),
    (CityFilterSet, "joined"): _("The year the city joined the programme."),
    (NetworkFilterSet, "q"): _(
        "Every word must be in the network's name or acronym, in any language."
    ),
    (EventFilterSet, "when"): _(
        "upcoming: events that have not ended yet; past: events that have ended."
    ),
    (EventFilterSet, "year"): _("Events that start in this year."),
    (EventFilterSet, "city"): _("Events that this city hosts."),
    (EventFilterSet, "network"): _("Events that this network organises."),
    (NewsFilterSet, "year"): _("News dated in this year."),
    (NewsFilterSet, "topic"): _("News about any of these topics."),
    (NewsFilterSet, "city"): _("News about this city."),
    (NewsFilterSet, "network"): _("News about this network."),
    (PracticeFilterSet, "q"): _(
        "Text in the title or the purpose, in the answer's language or in English."
    ),
    (PracticeFilterSet, "topic"): _("Practices of any of these topics."),
    (PracticeFilterSet, "city"): _("Practices of this city."),
    (PracticeFilterSet, "year"): _(
        "Practices running in this year (an ongoing practice runs up to the current year)."
    ),
    # "transfer".
    (PracticeFilterSet, "adapted"): _(
        "yes: practices that at least one other city adapted (a published adaptation)."
    ),
    # "facets11": the more facets of good practices (issue 11; docs/public-site.md).
    (PracticeFilterSet, "size"): _(
        "Practices of a city of this size (population; each band includes its lower bound)."
    ),
    (PracticeFilterSet, "network"): _(
        "Practices of a city that is a member of this network today."
    ),
    (PracticeFilterSet, "running"): _(
        "ongoing: said to run, not confirmed ended, no last year past; ended: all the others."
    ),
    (PracticeFilterSet, "evaluation"): _("yes: practices with an evaluation, in any language."),
    (PracticeFilterSet, "documents"): _("yes: practices with at least one document attached."),
    (DocumentFilterSet, "year"): _("The year of the document."),
    (DocumentFilterSet, "language"): _("Documents with a file in this language."),
    (IndexResultFilterSet, "city"): _("The results of this city."),
    (IndexResultFilterSet, "year"): _("The results of this year."),
}

# The endpoint listing the values of a filter that takes a slug.
SLUG_ENDPOINTS = {"city": "cities", "network": "networks", "topic": "topics"}
# A longer list of values is described, not enumerated, on the documentation page.
MAX_LISTED_CHOICES = 20


@dataclass
class ApiFilter:
    """One filter as a client sees it: its parameter, the values it takes and what it means."""

    name: str
    label: str
    kind: str  # "text", "choice", "slug" or "year"
    meaning: str = ""
    choices: tuple = ()  # (value, label) for "choice"
    multiple: bool = False
    endpoint: str = ""  # for "slug": the endpoint listing the values
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = MAX_QUERY_LENGTH

    @property
    def listed_choices(self):
        return self.choices if len(self.choices) <= MAX_LISTED_CHOICES else ()

    def schema(self):
        """The OpenAPI schema of the parameter's value."""
        if self.kind == "year":
            value = {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}
        elif self.kind == "choice":
            value = {"type": "string", "enum": [choice for choice, _label in self.choices]}
        else:
            value = {"type": "string", "maxLength": self.max_length}
        return {"type": "array", "items": value} if self.multiple else value

    def description(self):
        parts = [f"{self.label}."]
        if self.meaning:
            parts.append(str(self.meaning))
        if self.kind == "slug":
            parts.append(
                str(
                    _("The slug of an item of /api/v1/%(endpoint)s/.") % {"endpoint": self.endpoint}
                )
            )
        if self.kind == "choice" and self.listed_choices:
            parts.append(
                "; ".join(f"`{value}`: {label}" for value, label in self.listed_choices) + "."
            )
        elif self.kind == "choice" and self.name == "country":
            parts.append(str(_("A country code (ISO 3166-1 alpha-2), e.g. FR.")))
        if self.multiple:
            parts.append(str(_("Repeat the parameter to match any of several values.")))
        return " ".join(parts)

    def openapi_parameter(self):
        parameter = {
            "name": self.name,
            "in": "query",
            "required": False,
            "description": self.description(),
            "schema": self.schema(),
        }
        if self.multiple:
            parameter.update(style="form", explode=True)
        return parameter


def api_filters(filterset_class):
    """The filters of ``filterset_class`` as ``ApiFilter``s, in their declared order."""
    described = []
    for name, declared in filterset_class.base_filters.items():
        meaning = FILTER_MEANINGS.get((filterset_class, name), "")
        common = {"name": name, "label": str(declared.label or name), "meaning": meaning}
        if isinstance(
            declared, django_filters.ModelMultipleChoiceFilter | django_filters.ModelChoiceFilter
        ):
            described.append(
                ApiFilter(
                    kind="slug",
                    endpoint=SLUG_ENDPOINTS.get(name, name),
                    multiple=isinstance(declared, django_filters.ModelMultipleChoiceFilter),
                    **common,
                )
            )
        elif isinstance(
            declared,
            django_filters.ChoiceFilter | django_filters.MultipleChoiceFilter | CountryFilter,
        ):
            if isinstance(declared, CountryFilter):
                choices = [(code, countries.name(code)) for code in sorted(country_codes())]
            else:
                choices = declared.extra.get("choices", ())
                choices = choices() if callable(choices) else choices
            described.append(
                ApiFilter(
                    kind="choice",
                    choices=tuple((str(value), str(label)) for value, label in choices),
                    multiple=isinstance(declared, django_filters.MultipleChoiceFilter),
                    **common,
                )
            )
        elif isinstance(declared, YearFilter):
            described.append(
                ApiFilter(
                    kind="year",
                    minimum=declared.extra.get("min_value"),
                    maximum=declared.extra.get("max_value"),
                    **common,
                )
            )
        else:
            described.append(
                ApiFilter(
                    kind="text",
                    max_length=declared.extra.get("max_length") or MAX_QUERY_LENGTH,
                    **common,
                )
            )
    return described


def listing_data(query_params):
    """The query string as the listing reads it: each value cut to ``MAX_QUERY_LENGTH``."""
    data = query_params.copy()
    for key in list(data):
        data.setlist(key, [value[:MAX_QUERY_LENGTH] for value in data.getlist(key)])
    return data


class ListingFilterBackend(BaseFilterBackend):
    """The view's ``filterset_class`` on its lists (never on a single item)."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = getattr(view, "filterset_class", None)
        view.ignored_filters = []
        if filterset_class is None or getattr(view, "action", "list") != "list":
            return queryset
        filterset = filterset_class(
            data=listing_data(request.query_params), queryset=queryset, request=request._request
        )
        view.ignored_filters = filterset.invalid_params()
        return filterset.qs

    def get_schema_operation_parameters(self, view):
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is None:
            return []
        return [api_filter.openapi_parameter() for api_filter in api_filters(filterset_class)]
