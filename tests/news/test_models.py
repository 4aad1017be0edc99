import datetime

import pytest
from django.utils import timezone

from news.models import NewsItem
from tests.factories import NewsItemFactory

pytestmark = pytest.mark.django_db


def test_published_excludes_unpublished_and_future_items():
    today = timezone.localdate()
    shown = NewsItemFactory(date=today)
    NewsItemFactory(date=today, is_published=False)
    NewsItemFactory(date=today + datetime.timedelta(days=3))
    assert list(NewsItem.objects.published()) == [shown]


def test_body_is_sanitised_in_every_language():
    item = NewsItemFactory(
        body_en='<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:alert(1)">x</a></p>',
        body_fr="<p>Salut<iframe src='https://evil.example'></iframe></p>",
    )
    item.refresh_from_db()
    assert "script" not in item.body_en
    assert "onclick" not in item.body_en
    assert "javascript:" not in item.body_en
    assert "iframe" not in item.body_fr
    assert item.body_fr.startswith("<p>Salut")
