"""Every public page of the demo site opens in both languages, with one <h1> and its language."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from cities.models import City, Network
from events.models import Event
from news.models import NewsItem
from practices.models import Practice

pytestmark = pytest.mark.django_db

LISTINGS = [
    "home", "cities:city_list", "networks:network_list", "events:event_list",
    "news:news_list", "practices:practice_list", "search:search",
]  # fmt: skip
PUBLISHED = [City, Network, Event, NewsItem, Practice]
H1 = re.compile(r"<h1[\s>]")


def public_paths(language):
    with translation.override(language):
        paths = [reverse(name) for name in LISTINGS]
        paths.append(reverse("search:search") + "?q=refugees")
        for model in PUBLISHED:
            paths += [item.get_absolute_url() for item in model.objects.published()]
    return paths


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_demo_page_opens_with_one_heading_in_its_language(
    client, language, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    paths = public_paths(language)
    assert len(paths) > 150  # the demo's 83 events alone

    failures = []
    for path in paths:
        response = client.get(path)
        content = response.content.decode()
        if response.status_code != 200:
            failures.append(f"{path}: {response.status_code}")
        elif len(H1.findall(content)) != 1:
            failures.append(f"{path}: {len(H1.findall(content))} <h1>")
        elif f'<html lang="{language}"' not in content:
            failures.append(f"{path}: not marked lang={language}")
    assert failures == []
