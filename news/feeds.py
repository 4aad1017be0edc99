from django.utils.translation import gettext as _

from icc.feeds import FEED_SIZE, ContentFeed, atom, feed_title

from .models import NewsItem


class NewsFeed(ContentFeed):
    list_url_name = "news:news_list"

    def title(self):
        return feed_title(_("news"))

    def description(self):
        return _("The latest news of the Intercultural Cities programme and its networks.")

    def items(self):
        return NewsItem.objects.published().order_by("-date", "-pk")[:FEED_SIZE]

    def item_moment(self, item):
        return item.date


NewsAtomFeed = atom(NewsFeed)
