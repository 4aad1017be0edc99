"""RSS and Atom feeds, per language, built on django.contrib.syndication.

Each content app subclasses ``ContentFeed`` with its items (always from a ``published()``
queryset); the Atom variant is the same feed with another generator. Titles and links follow
the language of the URL (/en/… or /fr/…), because i18n_patterns activates it.
"""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from icc.templatetags.icc_tags import translated_value

FEED_SIZE = 30


class ContentFeed(Feed):
    """A feed of one kind of content; subclasses set ``list_url_name`` and ``items()``."""

    list_url_name = ""
    description_field = "lead"

    def link(self):
        from django.urls import reverse

        return reverse(self.list_url_name)

    def item_title(self, item):
        return translated_value(item, "title")[0]

    def item_description(self, item):
        # A description is HTML to a feed reader: stored text is escaped so that markup a
        # coordinator typed is shown as text, never run (the XML layer escapes it once more).
        return escape(translated_value(item, self.description_field)[0])

    def item_pubdate(self, item):
        moment = self.item_moment(item)
        if isinstance(moment, datetime.datetime):
            return moment
        return timezone.make_aware(datetime.datetime.combine(moment, datetime.time()))

    def item_moment(self, item):
        return item.updated_at

    def item_updateddate(self, item):
        return item.updated_at

    def feed_url(self):
        return settings.SITE_URL.rstrip("/") + self.request_path

    def get_object(self, request, *args, **kwargs):
        self.request_path = request.path
        return None


def atom(feed_class):
    """The Atom 1.0 variant of an RSS feed class."""
    return type(
        f"{feed_class.__name__}Atom",
        (feed_class,),
        {"feed_type": Atom1Feed, "subtitle": lambda self: self.description()},
    )


def feed_title(kind):
    return _("Intercultural Cities: %(kind)s") % {"kind": kind}
