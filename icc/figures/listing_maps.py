"""The maps of the cities listing, the good-practices listing and the home page.

A listing's map shows every city of the listing's filtered queryset (all its pages, not
only the page shown), in the listing's order, and is memoized with the listing's own filter
combination (``FacetedListView.filter_parts``: view, path, language, valid filters): a page
seen before in this content generation gets its map from the shared cache with no query,
a new one costs one query (cities) or two (practices) whatever the number of items.
"""

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from cities.models import City
from icc.caching.memo import memoize
from icc.facets import encode
from practices.models import PracticeCity

from .maps import Place, place_name, render_map
from .stats import member_cities

CITY_FIELDS = ("slug", "name", "country", "latitude", "longitude", "status")


def city_url_maker():
    """A function slug -> the city page's address, reversing the pattern once."""
    marker = "city-slug-marker"
    pattern = reverse("cities:city_detail", kwargs={"slug": marker})
    return lambda slug: pattern.replace(marker, slug)


def missing_note(missing):
    if not missing:
        return ""
    return ngettext(
        "%(count)s city has no known location and is not on the map.",
        "%(count)s cities have no known location and are not on the map.",
        missing,
    ) % {"count": missing}


def city_places(cities, url_of):
    """Places of the cities that have coordinates, and how many have none."""
    places, missing = [], 0
    for city in cities:
        if city.latitude is None or city.longitude is None:
            missing += 1
            continue
        name = place_name(city.name, city.country)
        if city.status == City.Status.FORMER:
            name = _("%(place)s (former member)") % {"place": name}
        places.append(
            Place(
                url=url_of(city),
                name=name,
                label=city.name,
                longitude=float(city.longitude),
                latitude=float(city.latitude),
                country=str(city.country),
            )
        )
    return places, missing


def listing_rows(view):
    """The listing's items in its order, all pages: the queryset the view already built.

    ``ListView.get`` keeps it as ``object_list``; building it again would validate the
    filters again (a query for a network or a topic slug).
    """
    rows = getattr(view, "object_list", None)
    return rows if isinstance(rows, QuerySet) else view.listing_queryset()


def city_listing_map(view):
    """The cities listing's map: every city it lists, linked to its page (memoized)."""

    def compute():
        url = city_url_maker()
        cities = listing_rows(view).only(*CITY_FIELDS)
        places, missing = city_places(cities, lambda city: url(city.slug))
        caption = ngettext(
            "The %(count)s city of this list that has a known location, on a map; the list "
            "below is its text version.",
            "The %(count)s cities of this list that have a known location, on a map; the list "
            "below is its text version.",
            len(places),
        ) % {"count": len(places)}
        return render_map(
            "city-map",
            places,
            title=_("Map of the cities listed"),
            caption=caption,
            note=missing_note(missing),
        )

    return memoize("figures-city-map", view.filter_parts, compute)


def practice_counts(practices):
    """``{city id: published practices}`` of a practices queryset: the listing's city facet."""
    rows = (
        PracticeCity.objects.filter(practice__in=practices.order_by().values("pk"))
        .values_list("city_id")
        .annotate(count=Count("practice_id", distinct=True))
    )
    return dict(rows)


def practice_listing_map(view):
    """The practices listing's map: a circle a city, its area the city's number of practices
    under the current filters, linked to the listing filtered by that city (memoized)."""

    def compute():
        counts = practice_counts(listing_rows(view))
        cities = City.objects.filter(pk__in=list(counts)).only(*CITY_FIELDS).order_by("pk")
        data = {
            key: values
            for key, values in view.filterset.valid_data().items()
            if key not in ("page", "city")
        }
        path = view.request.path

        def listing_of(city):
            return f"{path}?{encode({**data, 'city': [city.slug]})}"

        places, missing = city_places(cities, listing_of)
        by_url = {place.url: place for place in places}
        for city in cities:
            place = by_url.get(listing_of(city))
            if place:
                place.count = counts[city.pk]
                place.label = f"{place.label} ({place.count})"
                place.name = ngettext(
                    "%(place)s: %(count)s good practice",
                    "%(place)s: %(count)s good practices",
                    place.count,
                ) % {"place": place.name, "count": place.count}
        places.sort(key=lambda place: (-place.count, place.label.casefold()))
        caption = _(
            "Good practices by city, on a map: the area of each circle is proportional to the "
            "number of practices of the city that match the filters; each leads to them. The "
            "list below is its text version."
        )
        return render_map(
            "practice-map",
            places,
            title=_("Map of the good practices by city"),
            caption=caption,
            sized=True,
            note=missing_note(missing),
        )

    return memoize("figures-practice-map", view.filter_parts, compute)


def members_map():
    """The home page's map of every current member city, linked to its page (memoized)."""

    def compute():
        url = city_url_maker()
        language = get_language() or "en"
        cities = member_cities().order_by(f"name_{language}", "pk").only(*CITY_FIELDS)
        places, missing = city_places(cities, lambda city: url(city.slug))
        caption = ngettext(
            "The %(count)s member city with a known location; the list of member cities is "
            "its text version.",
            "The %(count)s member cities with a known location; the list of member cities is "
            "its text version.",
            len(places),
        ) % {"count": len(places)}
        return render_map(
            "members-map",
            places,
            title=_("Map of the member cities"),
            caption=caption,
            note=missing_note(missing),
            small=True,
        )

    return memoize("figures-members-map", (get_language(),), compute)
