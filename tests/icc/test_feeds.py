import datetime
import xml.etree.ElementTree as ElementTree

import pytest
from django.utils import timezone

from practices.models import Practice
from tests.factories import EventFactory, NewsItemFactory, PracticeFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def rss_titles(response):
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return [item.findtext("title") for item in root.iter("item")], root


def test_news_feed_lists_only_published_items_in_the_readers_language(client):
    today = timezone.localdate()
    NewsItemFactory(title_en="Open call", title_fr="Appel ouvert", date=today)
    NewsItemFactory(title_en="Hidden", title_fr="Caché", date=today, is_published=False)
    NewsItemFactory(title_en="Tomorrow", title_fr="Demain", date=today + datetime.timedelta(days=1))

    english, root = rss_titles(client.get("/en/news/feed.rss"))
    french, _root = rss_titles(client.get("/fr/news/feed.rss"))

    assert english == ["Open call"]
    assert french == ["Appel ouvert"]
    assert root.findtext("channel/link").endswith("/en/news/")
    assert "/fr/news/" in client.get("/fr/news/feed.rss").content.decode()


def test_events_feed_has_upcoming_events_only_with_dates_and_place(client, city):
    today = timezone.localdate()
    EventFactory(
        title_en="Coordinators meeting",
        start_date=today + datetime.timedelta(days=10),
        end_date=today + datetime.timedelta(days=11),
        host_cities=[city],
    )
    EventFactory(title_en="Old meeting", start_date=datetime.date(2010, 5, 1), end_date=None)

    titles, root = rss_titles(client.get("/en/events/feed.rss"))

    assert titles == ["Coordinators meeting"]
    assert "Lisbon (Portugal)" in root.findtext("channel/item/description")


def test_practices_feed_is_atom_too_and_excludes_drafts(client, city):
    PracticeFactory(published=True, title_en="Mescla't", cities=[city])
    PracticeFactory(status=Practice.Status.SUBMITTED, title_en="Waiting", cities=[city])

    response = client.get("/en/practices/feed.atom")

    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    assert [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")] == ["Mescla't"]


def test_every_page_advertises_the_feeds(client):
    content = client.get("/fr/").content.decode()
    assert 'type="application/rss+xml"' in content
    assert 'href="/fr/events/feed.rss"' in content


def test_feed_queries_do_not_grow_with_items(client, django_assert_max_num_queries, city):
    today = timezone.localdate()
    for number in range(40):
        EventFactory(
            start_date=today + datetime.timedelta(days=number + 1),
            end_date=None,
            host_cities=[city],
        )
    with django_assert_max_num_queries(6):
        client.get("/en/events/feed.rss")


MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "path, make",
    [
        (
            "practices/feed.rss",
            lambda city: PracticeFactory(
                published=True, cities=[city], purpose_en=MARKUP, purpose_fr=MARKUP
            ),
        ),
        (
            "practices/feed.atom",
            lambda city: PracticeFactory(
                published=True, cities=[city], purpose_en=MARKUP, purpose_fr=MARKUP
            ),
        ),
        ("news/feed.rss", lambda city: NewsItemFactory(lead_en=MARKUP, lead_fr=MARKUP)),
        (
            "events/feed.rss",
            lambda city: EventFactory(
                start_date=timezone.localdate() + datetime.timedelta(days=3),
                end_date=None,
                place_en=MARKUP,
                place_fr=MARKUP,
                host_cities=[city],
            ),
        ),
    ],
)
def test_stored_markup_reaches_feed_readers_as_text(client, city, language, path, make):
    """A description is HTML to a feed reader: what it decodes must show markup, not run it."""
    make(city)
    root = ElementTree.fromstring(client.get(f"/{language}/{path}").content)
    descriptions = [
        element.text or ""
        for element in root.iter()
        if element.tag in ("description", f"{ATOM}summary", f"{ATOM}content")
    ]
    decoded = " ".join(descriptions[1:] if path.endswith(".rss") else descriptions)
    assert "&lt;script&gt;" in decoded
    assert "<script" not in decoded and "<img" not in decoded
