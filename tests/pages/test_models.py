"""The Page model: slug, sanitised body, one page per role, order, published rule."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from icc.pages.models import Page
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def test_slug_comes_from_the_english_title_and_stays_when_the_title_changes():
    page = PageFactory(title_en="About the programme", title_fr="À propos du programme")
    assert page.slug == "about-the-programme"
    assert page.get_absolute_url() == "/en/about/about-the-programme/"
    page.title_en = "About Intercultural Cities"
    page.save()
    page.refresh_from_db()
    assert page.slug == "about-the-programme"


def test_body_is_sanitised_in_every_language_on_save():
    page = PageFactory(
        body_en='<p onclick="x()">Hello<script>alert(1)</script></p>',
        body_fr='<p>Bonjour <a href="javascript:alert(1)">lien</a></p><iframe src="x"></iframe>',
    )
    page.refresh_from_db()
    assert "<script" not in page.body_en and "onclick" not in page.body_en
    assert "Hello" in page.body_en
    assert "javascript:" not in page.body_fr and "<iframe" not in page.body_fr


def test_at_most_one_page_per_role_but_any_number_without_one():
    PageFactory(role=Page.Role.CONTACT)
    PageFactory(role="")
    PageFactory(role="")
    with pytest.raises(IntegrityError), transaction.atomic():
        PageFactory(role=Page.Role.CONTACT)
    assert Page.objects.filter(role="").count() == 2


def test_published_pages_in_the_secretariats_order():
    third = PageFactory(position=30)
    first = PageFactory(position=10)
    PageFactory(position=5, is_published=False)
    second_a = PageFactory(position=20)
    second_b = PageFactory(position=20)
    assert list(Page.objects.published().in_menu_order()) == [first, second_a, second_b, third]


def test_last_updated_is_the_day_in_the_sites_time_zone():
    page = PageFactory()
    # 23:30 in UTC is already the next day in Strasbourg (Europe/Paris).
    late = datetime.datetime(2024, 3, 10, 23, 30, tzinfo=datetime.UTC)
    Page.objects.filter(pk=page.pk).update(updated_at=late)
    page.refresh_from_db()
    assert page.updated_on == datetime.date(2024, 3, 11)
