"""News items in the admin: related cities and topics (through models), videos."""

import pytest
from django.urls import reverse

from news.models import NewsItem
from tests.factories import CityFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_news_item_with_cities_topics_and_a_video(secretariat_client):
    city, topic = CityFactory(), TopicFactory()
    response = secretariat_client.post(
        reverse("admin:news_newsitem_add"),
        {
            "title_en": "Lisbon joins", "title_fr": "Lisbonne rejoint", "slug": "",
            "date": "2024-09-16", "lead_en": "", "lead_fr": "",
            "body_en": "<p>Hello <script>alert(1)</script></p>", "body_fr": "",
            "cities": [city.pk], "topics": [topic.pk], "is_published": "on",
            "videos-TOTAL_FORMS": "1", "videos-INITIAL_FORMS": "0",
            "videos-MIN_NUM_FORMS": "0", "videos-MAX_NUM_FORMS": "1000",
            "videos-0-url": "https://www.youtube.com/watch?v=abc", "videos-0-title_en": "Video",
            "videos-0-title_fr": "Vidéo", "videos-0-position": "0",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    item = NewsItem.objects.get()
    assert list(item.cities.all()) == [city]
    assert list(item.topics.all()) == [topic]
    assert item.videos.get().title_fr == "Vidéo"
    assert "<script>" not in item.body_en


def test_date_hierarchy_on_the_news_list(secretariat_client):
    response = secretariat_client.get(reverse("admin:news_newsitem_changelist"))
    assert response.context["cl"].date_hierarchy == "date"
