"""Site-wide views: the home page, previews of unpublished items, and the error pages."""

from django.db import transaction
from django.db.models import Count
from django.db.models.sql.where import WhereNode
from django.http import Http404, HttpResponseBadRequest, HttpResponseServerError
from django.template import loader
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import DetailView, TemplateView

from .caching.memo import memoize
from .models import ChosenRows
from .structured_data import home_page_data, json_ld_script

PREVIEW_CACHE_CONTROL = {
    "no_cache": True,
    "no_store": True,
    "must_revalidate": True,
    "private": True,
}


# Public pages only read: outside ATOMIC_REQUESTS they save a BEGIN and a COMMIT round trip
# (each statement sees committed data either way, as under READ COMMITTED).
@method_decorator(transaction.non_atomic_requests, name="dispatch")
class PreviewableDetailView(DetailView):
    """A detail page of published items that the secretariat may also preview unpublished.

    The public sees the model's ``published()`` queryset only; a staff user with the
    model's change permission (the secretariat) sees every item, with ``is_preview=True`` in the context when the item
    is not public, and never-cache headers so no shared cache keeps a draft.
    Subclasses set ``model`` and may override ``get_public_queryset()`` to add
    ``select_related``/``prefetch_related``.

    The page's main content (``body_template_name``) is most of its cost: for the public it is
    kept rendered for the content generation (``icc.caching.memo``), so ``get_body_context()``,
    which reads the related lists, runs only when it is rendered. Previews and signed-in
    visitors always get it rendered anew.
    """

    is_preview = False
    body_template_name = None

    def get_public_queryset(self):
        return self.model._default_manager.published()

    def can_preview(self):
        # Staff only: city coordinators hold practices.change_practice for their own
        # workspace, which must not let them read other cities' unpublished practices.
        opts = self.model._meta
        user = self.request.user
        return (
            user.is_authenticated
            and user.is_staff
            and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )

    def get_queryset(self):
        public = self.get_public_queryset()
        if not self.can_preview():
            return public
        # The same queryset (select_related, prefetches, annotations) without the
        # published() conditions: an editor previews any item of the model.
        everything = public._chain()
        everything.query.where = WhereNode()
        return everything

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if self.can_preview():
            self.is_preview = not self.get_public_queryset().filter(pk=obj.pk).exists()
        return obj

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = self.is_preview
        if self.body_template_name:
            body = self.render_body(context)
            context["body"] = mark_safe(body["html"])  # noqa: S308 - our template's output
            context["structured_data"] = body["structured_data"]
            context["page_image"] = body["page_image"]
        elif not self.is_preview:
            context["structured_data"] = self.get_structured_data(context)
        return context

    def get_body_context(self):
        """What the body reads beyond the object (related lists, prefetched relations)."""
        return {}

    def get_structured_data(self, context):
        """The schema.org objects describing the item (``icc.structured_data``); none here.

        ``context`` is the body's: the related items the page lists are there.
        """
        return []

    def get_page_image(self, context):
        """The icc.Image shared with the page (og:image) when the item itself does not hold it."""
        return None

    def render_body(self, context):
        """The main content, the JSON-LD blocks and the og:image of the page.

        ``{"html", "structured_data", "page_image"}``; ``structured_data`` is the written
        ``<script>`` blocks (``{% json_ld %}`` passes them through).

        An unpublished item's preview is described to no one: search engines never see drafts.
        """

        def render():
            body_context = {**context, **self.get_body_context()}
            html = str(render_to_string(self.body_template_name, body_context, self.request))
            # Kept as written text: encoding the city page's JSON-LD again would cost more
            # than rendering the rest of the page.
            structured = (
                "" if self.is_preview else json_ld_script(self.get_structured_data(body_context))
            )
            image = self.get_page_image(body_context)
            return {"html": html, "structured_data": structured, "page_image": image}

        if self.is_preview or self.request.user.is_authenticated:
            return render()
        parts = (
            self.model._meta.label_lower,
            self.object.pk,
            translation.get_language(),
            self.body_template_name,
        )
        return memoize("detail-body", parts, render)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.can_preview():
            # A signed-in editor's page must not be cached anywhere, draft or not.
            add_never_cache_headers(response)
            patch_cache_control(response, **PREVIEW_CACHE_CONTROL)
        return response


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class HomeView(TemplateView):
    """Upcoming events, the latest news and practices, and the network in figures."""

    template_name = "home.html"
    upcoming_count = 4
    latest_count = 3

    def get_context_data(self, **kwargs):
        from cities.models import City, Network
        from events.models import Event
        from news.models import NewsItem
        from practices.models import Practice

        def network_in_figures():
            members = City.objects.published().members()
            figures = members.aggregate(
                cities=Count("pk"), countries=Count("country", distinct=True)
            )
            return {
                "cities": figures["cities"],
                "countries": figures["countries"],
                "networks": Network.objects.published().count(),
                "practices": Practice.objects.published().count(),
            }

        def chosen(name, queryset, count):
            # The ids once per generation and day ("upcoming" changes at midnight); the
            # rows only for cards not cached yet. ``{% if %}`` on them reads no row either.
            pks = memoize(
                f"home-{name}", (), lambda: list(queryset.values_list("pk", flat=True)[:count])
            )
            return ChosenRows(queryset, pks)

        context = super().get_context_data(**kwargs)
        context.update(
            upcoming_events=chosen(
                "events",
                Event.objects.published().for_cards().upcoming().prefetch_related("host_cities"),
                self.upcoming_count,
            ),
            latest_news=chosen(
                "news",
                NewsItem.objects.published()
                .for_cards()
                .select_related("image")
                .order_by("-date", "-pk"),
                self.latest_count,
            ),
            latest_practices=chosen(
                "practices",
                Practice.objects.published().for_cards().prefetch_related("cities").latest_first(),
                self.latest_count,
            ),
            # Counting every practice is the costly part of the page: once per generation.
            figures=memoize("home-figures", (), network_in_figures),
            structured_data=home_page_data(),
        )
        return context


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """The 500 page, rendered without a request context (the failure may be in one)."""
    try:
        template = loader.get_template(template_name)
        body = template.render({})
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        body = "<h1>Server Error (500)</h1>"
    return HttpResponseServerError(body)


# Shown only if the 400 template itself cannot be rendered: static, in both languages.
BAD_REQUEST_FALLBACK = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bad request</title></head>'
    '<body><h1>Bad request</h1><p><a href="/en/">Home page</a></p>'
    '<h1 lang="fr">Requête incorrecte</h1><p lang="fr"><a href="/fr/">Page d’accueil</a></p>'
    "</body></html>"
)


def bad_request(request, exception, template_name="400.html"):
    """The 400 page, rendered without a request context: the request is what is wrong.

    Context processors and the CSRF decorator read the query string, the form or the host
    again (too many fields, a forbidden Host...), so nothing here looks at the request.
    """
    try:
        body = loader.get_template(template_name).render({})
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        body = BAD_REQUEST_FALLBACK
    return HttpResponseBadRequest(body)


__all__ = ["Http404", "PreviewableDetailView", "HomeView", "bad_request", "server_error"]
