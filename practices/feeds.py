from django.utils.translation import gettext as _

from icc.feeds import FEED_SIZE, ContentFeed, atom, feed_title

from .models import Practice


class PracticeFeed(ContentFeed):
    list_url_name = "practices:practice_list"
    description_field = "purpose"

    def title(self):
        return feed_title(_("good practices"))

    def description(self):
        return _("Good practices of intercultural cities, newest first.")

    def items(self):
        return Practice.objects.published().latest_first()[:FEED_SIZE]

    def item_moment(self, item):
        return item.published_at


PracticeAtomFeed = atom(PracticeFeed)
