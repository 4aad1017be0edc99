"""The shared page cache (icc/caching): what is cached, for whom, and every invalidation path.

Each invalidation test primes the cache as an anonymous visitor, makes one change the way the
site makes it (services, the admin, the ORM), lets the transaction's on-commit callbacks run as a
commit would, and checks that the very next anonymous request shows the change.
The last test runs the site in two gunicorn processes sharing Redis.
"""

import contextlib
import datetime
import gzip
import http.cookiejar
import io
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser
from pathlib import Path

import brotli
import pytest
from django.conf import settings as django_settings
from django.contrib import messages
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import http_date

from cities.models import NetworkMembership
from icc import urls as site_urls
from icc.caching import invalidation, middleware, versions
from practices import services
from practices.models import Practice, Topic
from tests.factories import (
    CityFactory,
    EventFactory,
    ImageFactory,
    MembershipFactory,
    NetworkFactory,
    NewsItemFactory,
    PracticeFactory,
    TopicFactory,
    png_upload,
)
from tests.helpers import redis_answers, text

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


# --- Pages no view of the site makes today: one adds a message, one sets a cookie --------------


def page_with_message(request):
    messages.info(request, "Your filter was ignored.")
    shown = "".join(f"<p>{message}</p>" for message in messages.get_messages(request))
    return HttpResponse(shown + "<p>a page</p>" * 50)


def page_with_cookie(request):
    response = HttpResponse("<p>a page</p>" * 50)
    response.set_cookie("seen", "1")
    return response


urlpatterns = [
    path("en/with-message/", page_with_message),
    path("en/with-cookie/", page_with_cookie),
    *site_urls.urlpatterns,
]


@pytest.fixture
def test_urls(settings):
    settings.ROOT_URLCONF = __name__


# --- Fixtures and helpers ---------------------------------------------------------------------


@pytest.fixture(autouse=True)
def page_cache(settings):
    """The page cache on (tests/settings keep it off), empty before and after each test."""
    settings.PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def visitor():
    """An anonymous visitor: a client of its own, never signed in."""
    return Client()


def commit_pending():
    """Run the on-commit callbacks queued so far: what the test set up is now committed.

    A test runs in one transaction that never commits, and the page cache bumps once per
    transaction: without this, a change would count on the set-up's bump and never queue its own.
    """
    pending, connection.run_on_commit = connection.run_on_commit, []
    for _savepoints, callback, _robust in pending:
        callback()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks of the change in the block, as its commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def topic(db):
    return TopicFactory(name_en="Housing", name_fr="Logement")


@pytest.fixture
def published(city, topic):
    return PracticeFactory(published=True, title_en="Welcome desks", cities=[city], topics=[topic])


def fetch(client, url, **headers):
    """GET ``url``; the response's body is always the decoded HTML."""
    return client.get(url, headers=headers)


def primed(client, url):
    """GET ``url`` twice and check that the second answer came from the cache."""
    commit_pending()
    first = fetch(client, url)
    assert first.status_code == 200
    again = fetch(client, url)
    assert again["X-Cache"] == "hit", url
    return text(again)


def decoded(response):
    body = response.content
    coding = response.get("Content-Encoding")
    if coding == "br":
        return brotli.decompress(body).decode()
    if coding == "gzip":
        return gzip.decompress(body).decode()
    return body.decode()


class FormFields(HTMLParser):
    """The fields a browser without JavaScript sends from a form of a page.

    The form whose id is ``form_id``; without one, the first POST form that is not the admin's
    sign-out button.
    """

    def __init__(self, form_id=None):
        super().__init__(convert_charrefs=True)
        self.form_id, self.in_form, self.found, self.fields = form_id, False, False, []
        self.select = self.textarea = None

    def is_wanted(self, attributes):
        if self.form_id:
            return attributes.get("id") == self.form_id
        return (attributes.get("method") or "").lower() == "post" and attributes.get(
            "id"
        ) != "logout-form"

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and not self.found and self.is_wanted(attributes):
            self.in_form = self.found = True
        if not self.in_form or "disabled" in attributes:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self.fields.append((name, attributes.get("value", "on")))
                return
            self.fields.append((name, attributes.get("value", "")))
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attributes, "options": []}
        elif tag == "option" and self.select is not None:
            self.select["options"].append((attributes.get("value", ""), "selected" in attributes))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "select" and self.select is not None:
            chosen = [value for value, selected in self.select["options"] if selected]
            if not chosen and not self.select["multiple"] and self.select["options"]:
                chosen = [self.select["options"][0][0]]
            self.fields += [(self.select["name"], value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, value = self.textarea
            self.fields.append((name, value[1:] if value.startswith("\n") else value))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


def form_fields(html, form_id=None):
    parser = FormFields(form_id)
    parser.feed(html)
    return parser.fields


def as_post_data(fields, **changes):
    data = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    data.update({name: [value] for name, value in changes.items()})
    return data


def admin_edit(client, obj, **changes):
    """Change ``obj`` through its admin change form, as a person would, and save."""
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    fields = form_fields(text(client.get(url)), f"{opts.model_name}_form")
    response = client.post(url, as_post_data(fields, **changes))
    assert response.status_code == 302, response.content.decode()[:3000]


# --- What is cached ---------------------------------------------------------------------------


def test_second_anonymous_request_is_a_hit_without_sql(
    visitor, published, django_assert_num_queries
):
    first = fetch(visitor, "/en/practices/")
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = fetch(visitor, "/en/practices/")
    assert again["X-Cache"] == "hit"
    assert text(again) == text(first)
    assert "Welcome desks" in text(again)
    for header in ("Content-Type", "Content-Language", "X-Frame-Options", "ETag"):
        assert again[header] == first[header], header


@pytest.mark.parametrize("path", ["/en/", "/en/cities/", "/en/events/", "/en/news/",
                                  "/en/practices/feed.rss", "/en/search/?q=welcome"])  # fmt: skip
def test_every_kind_of_public_page_is_cached(visitor, published, path):
    assert fetch(visitor, path)["X-Cache"] == "miss"
    assert fetch(visitor, path)["X-Cache"] == "hit"


def test_detail_pages_are_cached(visitor, published):
    primed(visitor, published.get_absolute_url())


def test_head_is_answered_from_the_page_a_get_stored(visitor, published):
    get = fetch(visitor, "/en/practices/")
    head = visitor.head("/en/practices/")
    assert head["X-Cache"] == "hit"
    assert head["ETag"] == get["ETag"]
    assert head.content == b""


def test_each_language_has_its_own_page(visitor, published):
    published.title_fr = "Guichets d'accueil"
    published.save()
    english = primed(visitor, "/en/practices/")
    french = primed(visitor, "/fr/practices/")
    assert "Welcome desks" in english
    assert "Guichets d&#x27;accueil" in french or "Guichets d'accueil" in french
    assert fetch(visitor, "/fr/practices/")["Content-Language"] == "fr"


def test_query_string_is_normalised(visitor, published, topic):
    fetch(visitor, f"/en/practices/?topic={topic.slug}&country=PT")
    # Same parameters in another order, plus blank ones: the same page.
    same = fetch(visitor, f"/en/practices/?q=&country=PT&topic={topic.slug}&year=")
    assert same["X-Cache"] == "hit"
    other = fetch(visitor, "/en/practices/?country=NO")
    assert other["X-Cache"] == "miss"
    assert fetch(visitor, "/en/practices/?page=2")["X-Cache"] != "hit"


def test_an_overlong_query_string_is_answered_but_never_stored(visitor, published):
    url = "/en/practices/?q=" + "x" * (middleware.MAX_QUERY_STRING + 10)
    assert fetch(visitor, url).status_code == 200
    assert fetch(visitor, url).get("X-Cache") is None


def test_another_release_never_serves_this_releases_pages(visitor, published, settings):
    primed(visitor, "/en/practices/")
    settings.CACHE_RELEASE = "next-release"
    versions.release.cache_clear()
    try:
        assert fetch(visitor, "/en/practices/")["X-Cache"] == "miss"
    finally:
        versions.release.cache_clear()


def test_the_release_digest_follows_the_setting(settings):
    versions.release.cache_clear()
    settings.CACHE_RELEASE = ""
    from_files = versions.release()
    versions.release.cache_clear()
    settings.CACHE_RELEASE = "abc123"
    from_setting = versions.release()
    versions.release.cache_clear()
    assert from_files != from_setting
    assert len(from_files) == len(from_setting) == 10


def test_the_cache_off_serves_every_request_from_the_view(visitor, published, settings):
    settings.PAGE_CACHE = False
    fetch(visitor, "/en/practices/")
    again = fetch(visitor, "/en/practices/")
    assert "X-Cache" not in again
    assert again["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert fetch(visitor, "/en/practices/", if_none_match=again["ETag"]).status_code == 304


# --- What is never cached ---------------------------------------------------------------------


def test_signed_in_users_never_get_or_leave_cached_pages(
    visitor, client, secretariat_user, published
):
    client.force_login(secretariat_user)
    signed_in = fetch(client, "/en/practices/")
    again = fetch(client, "/en/practices/")
    assert again.get("X-Cache") != "hit"
    assert "private" in again["Cache-Control"]
    assert "public" not in again["Cache-Control"]
    assert "Cookie" in again["Vary"]
    logout = reverse("accounts:logout")
    assert logout in text(signed_in)
    # An anonymous visitor never gets the signed-in page.
    anonymous = fetch(visitor, "/en/practices/")
    assert anonymous["X-Cache"] == "miss"
    assert logout not in text(anonymous)


def test_a_session_cookie_bypasses_the_cache(visitor, published):
    primed(visitor, "/en/practices/")
    visitor.cookies[django_settings.SESSION_COOKIE_NAME] = "not-a-session"
    response = fetch(visitor, "/en/practices/")
    assert response.get("X-Cache") is None


def test_previews_are_never_cached(visitor, client, secretariat_user, city, topic, published):
    draft = PracticeFactory(title_en="Secret draft", cities=[city], topics=[topic])
    client.force_login(secretariat_user)
    for _ in range(2):
        preview = fetch(client, draft.get_absolute_url())
        assert preview.status_code == 200
        assert "Secret draft" in text(preview)
        assert "no-store" in preview["Cache-Control"]
        assert preview.get("X-Cache") != "hit"
    assert fetch(visitor, draft.get_absolute_url()).status_code == 404
    # A preview link is never answered from the cache, nor stored.
    url = published.get_absolute_url() + "?preview=1"
    fetch(visitor, url)
    assert fetch(visitor, url).get("X-Cache") is None


def test_the_sign_in_form_is_never_cached(visitor):
    url = reverse("accounts:login")
    first = fetch(visitor, url)
    assert first.status_code == 200
    assert "csrfmiddlewaretoken" in text(first)
    assert fetch(visitor, url).get("X-Cache") is None


def test_a_page_that_sets_a_cookie_is_not_stored(visitor, test_urls):
    assert fetch(visitor, "/en/with-cookie/").cookies["seen"].value == "1"
    again = fetch(visitor, "/en/with-cookie/")
    assert again["X-Cache"] == "miss"
    assert again.cookies["seen"].value == "1"


def test_pages_with_messages_are_never_cached(visitor, test_urls):
    for _ in range(2):  # each time a new visitor, with no cookie
        response = fetch(Client(), "/en/with-message/")
        assert "Your filter was ignored." in text(response)
        assert response["X-Cache"] == "miss"
    # The message is waiting in a cookie: the next page shows it, so it is not from the cache.
    visitor.cookies["messages"] = "pending"
    assert fetch(visitor, "/en/practices/").get("X-Cache") is None


def test_not_found_is_never_stored(visitor):
    assert fetch(visitor, "/en/practices/no-such-practice/").status_code == 404
    again = fetch(visitor, "/en/practices/no-such-practice/")
    assert again.status_code == 404
    assert again.get("X-Cache") == "miss"


def test_posts_are_never_cached(visitor, published):
    primed(visitor, "/en/practices/")
    response = visitor.post("/en/practices/")
    assert response.status_code == 405
    assert response.get("X-Cache") is None


@pytest.mark.parametrize("path", ["/admin/", "/en/my-practices/", "/en/accounts/login/"])
def test_private_areas_are_never_looked_up(visitor, path):
    fetch(visitor, path)
    assert fetch(visitor, path).get("X-Cache") is None


def test_a_response_marked_private_is_not_stored(visitor, published, monkeypatch):
    from practices.views import PracticeListView

    real = PracticeListView.render_to_response

    def private(self, context, **kwargs):
        response = real(self, context, **kwargs)
        response["Cache-Control"] = "private"
        return response

    monkeypatch.setattr(PracticeListView, "render_to_response", private)
    fetch(visitor, "/en/practices/")
    again = fetch(visitor, "/en/practices/")
    assert again["X-Cache"] == "miss"
    assert again["Cache-Control"] == "private"


# --- Validators and 304 -----------------------------------------------------------------------


def ten_seconds_ago():
    return time.time_ns() - 10 * versions.NANOSECONDS


def test_public_pages_carry_validators(visitor, published):
    commit_pending()
    cache.set(versions.GENERATION_KEY, ten_seconds_ago(), None)
    response = fetch(visitor, "/en/practices/")
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    assert "Cookie" in response["Vary"]


def test_if_none_match_gets_304_from_the_cache(visitor, published, django_assert_num_queries):
    etag = fetch(visitor, "/en/practices/")["ETag"]
    with django_assert_num_queries(0):
        response = fetch(visitor, "/en/practices/", if_none_match=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_none_match_of_an_old_page_gets_the_new_page(visitor, published, committed):
    commit_pending()
    etag = fetch(visitor, "/en/practices/")["ETag"]
    with committed():
        published.title_en = "Renamed"
        published.save()
    response = fetch(visitor, "/en/practices/", if_none_match=etag)
    assert response.status_code == 200
    assert "Renamed" in text(response)


def test_if_modified_since_gets_304_then_200_after_a_change(
    visitor, published, secretariat_user, committed
):
    commit_pending()
    # A generation started ten seconds ago (Last-Modified is never in the future).
    cache.set(versions.GENERATION_KEY, ten_seconds_ago(), None)
    modified = fetch(visitor, "/en/practices/")["Last-Modified"]
    assert fetch(visitor, "/en/practices/", if_modified_since=modified).status_code == 304
    with committed():
        services.practice_unpublish(practice=published, user=secretariat_user)
    response = fetch(visitor, "/en/practices/", if_modified_since=modified)
    assert response.status_code == 200
    assert "Welcome desks" not in text(response)


def test_last_modified_is_left_out_while_a_generation_is_this_seconds(visitor, published):
    commit_pending()
    cache.set(versions.GENERATION_KEY, time.time_ns(), None)
    response = fetch(visitor, "/en/practices/")
    assert "Last-Modified" not in response
    assert fetch(visitor, "/en/practices/", if_none_match=response["ETag"]).status_code == 304


def test_last_modified_is_never_before_midnight(visitor, published):
    commit_pending()
    cache.set(versions.GENERATION_KEY, 1_000 * versions.NANOSECONDS, None)  # 1970
    response = fetch(visitor, "/en/practices/")
    today = timezone.localdate()
    midnight = datetime.datetime.combine(
        today, datetime.time.min, tzinfo=timezone.get_default_timezone()
    )
    assert response["Last-Modified"] == http_date(midnight.timestamp())


# --- Compression ------------------------------------------------------------------------------


@pytest.mark.parametrize("accept, coding", [("gzip, deflate, br", "br"), ("gzip", "gzip"),
                                             ("br;q=0, gzip", "gzip"), ("", None)])  # fmt: skip
def test_cached_pages_in_the_coding_the_client_accepts(visitor, published, accept, coding):
    plain = fetch(visitor, "/en/practices/")
    for _ in range(2):  # stored, then from the cache
        response = fetch(visitor, "/en/practices/", accept_encoding=accept)
        assert response.get("Content-Encoding") == coding
        assert decoded(response) == text(plain)
        assert "Accept-Encoding" in response["Vary"]
        assert response["Content-Length"] == str(len(response.content))
    if coding:
        assert response["ETag"] == "W/" + plain["ETag"]
        assert len(response.content) < len(plain.content) / 4


def test_compressed_page_gets_304_for_its_weak_etag(visitor, published):
    etag = fetch(visitor, "/en/practices/", accept_encoding="br")["ETag"]
    assert etag.startswith("W/")
    response = fetch(visitor, "/en/practices/", accept_encoding="br", if_none_match=etag)
    assert response.status_code == 304


def test_signed_in_pages_are_gzip_never_brotli(client, secretariat_user, published):
    """BREACH: a page that holds a CSRF token gets Django's gzip, padded with random bytes."""
    client.force_login(secretariat_user)
    response = fetch(client, "/en/practices/", accept_encoding="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    assert "csrfmiddlewaretoken" in decoded(response)
    assert "private" in response["Cache-Control"]


def test_the_sign_in_form_is_gzip_never_brotli(visitor):
    response = fetch(visitor, reverse("accounts:login"), accept_encoding="gzip, br")
    assert response["Content-Encoding"] == "gzip"


def test_uncached_anonymous_pages_are_brotli_when_accepted(visitor, published, settings):
    settings.PAGE_CACHE = False
    response = fetch(visitor, "/en/practices/", accept_encoding="br")
    assert response["Content-Encoding"] == "br"
    assert "Welcome desks" in decoded(response)


# --- Invalidation: every change shows on the very next anonymous request ------------------------


def test_generation_is_shared_and_only_grows():
    first = versions.current_generation()
    assert versions.current_generation() == first
    bumped = versions.bump_generation()
    assert bumped > first
    assert cache.get(versions.GENERATION_KEY) == bumped


def rolled_back_change():
    commit_pending()
    with contextlib.suppress(RuntimeError), transaction.atomic():
        CityFactory()
        raise RuntimeError


def test_one_bump_per_transaction_and_none_after_a_rollback(django_capture_on_commit_callbacks):
    commit_pending()
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for number in range(3):
            CityFactory(name_en=f"Town {number}")
    assert callbacks.count(versions.bump_generation) == 1

    with django_capture_on_commit_callbacks() as callbacks:
        rolled_back_change()
    assert callbacks.count(versions.bump_generation) == 0

    # A rolled-back change leaves nothing queued that a later change could count on.
    with django_capture_on_commit_callbacks() as callbacks:
        rolled_back_change()
        with transaction.atomic():
            CityFactory()
    assert callbacks.count(versions.bump_generation) == 1


def test_a_change_bumps_at_once_and_again_at_commit(
    visitor, published, django_capture_on_commit_callbacks
):
    primed(visitor, "/en/practices/")
    before = versions.current_generation()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        published.title_en = "Renamed"
        published.save()
        at_once = versions.current_generation()
        assert at_once > before
    assert callbacks.count(versions.bump_generation) == 1
    assert versions.current_generation() > at_once


def test_accounts_are_not_public_content(visitor, published, committed, coordinator):
    primed(visitor, "/en/practices/")
    with committed():
        coordinator.first_name = "Renamed"
        coordinator.save()
    assert fetch(visitor, "/en/practices/")["X-Cache"] == "hit"


def test_every_content_model_is_watched():
    watched = {model._meta.label for model in invalidation.public_models()}
    assert {"practices.Practice", "practices.Topic", "practices.PracticeTopic",
            "practices.PracticeCity", "cities.City", "cities.NetworkMembership",
            "events.Event", "events.EventHostCity", "news.NewsItem", "news.NewsTopic",
            "icc.Image", "icc.Document", "icc.DocumentFile"} <= watched  # fmt: skip
    assert not {"icc.User", "icc.SearchEntry"} & watched


class TestPracticeThroughServices:
    def test_publish(self, visitor, city, topic, secretariat_user, committed):
        practice = PracticeFactory(title_en="Newly published", cities=[city], topics=[topic])
        assert "Newly published" not in primed(visitor, "/en/practices/")
        with committed():
            services.practice_publish(practice=practice, user=secretariat_user)
        assert "Newly published" in text(fetch(visitor, "/en/practices/"))
        assert fetch(visitor, practice.get_absolute_url()).status_code == 200

    def test_unpublish(self, visitor, published, secretariat_user, committed):
        primed(visitor, published.get_absolute_url())
        assert "Welcome desks" in primed(visitor, "/en/practices/")
        with committed():
            services.practice_unpublish(practice=published, user=secretariat_user)
        assert "Welcome desks" not in text(fetch(visitor, "/en/practices/"))
        assert fetch(visitor, published.get_absolute_url()).status_code == 404

    def test_edit(self, visitor, published, committed):
        primed(visitor, published.get_absolute_url())
        with committed():
            published.purpose_en = "A brand new purpose."
            published.save()
        assert "A brand new purpose." in text(fetch(visitor, published.get_absolute_url()))

    def test_delete(self, visitor, published, committed):
        primed(visitor, "/en/practices/")
        with committed():
            Practice.objects.get(pk=published.pk).delete()
        assert "Welcome desks" not in text(fetch(visitor, "/en/practices/"))

    def test_city_added_to_a_practice(self, visitor, published, other_city, committed):
        assert "Oslo" not in primed(visitor, published.get_absolute_url())
        with committed():
            published.cities.add(other_city)
        assert "Oslo" in text(fetch(visitor, published.get_absolute_url()))


class TestPracticeThroughTheAdmin:
    @pytest.fixture
    def editor(self, secretariat_user):
        client = Client()
        client.force_login(secretariat_user)
        return client

    def review(self, editor, practice, action):
        url = reverse("admin:practices_practice_review", args=[practice.pk, action])
        assert editor.post(url, {"comment": ""}).status_code == 302

    def test_publish(self, visitor, editor, city, topic, coordinator, committed):
        practice = PracticeFactory(title_en="From the queue", cities=[city], topics=[topic])
        with committed():
            services.practice_submit(practice=practice, user=coordinator)
        assert "From the queue" not in primed(visitor, "/en/practices/")
        with committed():
            self.review(editor, practice, "publish")
        assert "From the queue" in text(fetch(visitor, "/en/practices/"))

    def test_unpublish(self, visitor, editor, published, committed):
        primed(visitor, published.get_absolute_url())
        with committed():
            self.review(editor, published, "unpublish")
        assert fetch(visitor, published.get_absolute_url()).status_code == 404

    def test_bulk_publish(self, visitor, editor, city, topic, committed):
        practice = PracticeFactory(title_en="Bulk one", cities=[city], topics=[topic])
        primed(visitor, "/en/practices/")
        with committed():
            editor.post(
                reverse("admin:practices_practice_changelist"),
                {"action": "publish_selected", "_selected_action": [practice.pk]},
            )
        assert "Bulk one" in text(fetch(visitor, "/en/practices/"))

    def test_edit_in_the_change_form(self, visitor, editor, published, committed):
        primed(visitor, published.get_absolute_url())
        with committed():
            admin_edit(editor, published, title_en="Edited in the admin")
        assert "Edited in the admin" in text(fetch(visitor, published.get_absolute_url()))

    def test_delete(self, visitor, editor, published, committed):
        primed(visitor, "/en/practices/")
        url = reverse("admin:practices_practice_delete", args=[published.pk])
        with committed():
            assert editor.post(url, {"post": "yes"}).status_code == 302
        assert "Welcome desks" not in text(fetch(visitor, "/en/practices/"))

    def test_topic_renamed(self, visitor, editor, published, topic, committed):
        assert "Housing" in primed(visitor, "/en/practices/")
        with committed():
            admin_edit(editor, topic, name_en="Housing and homes")
        assert "Housing and homes" in text(fetch(visitor, "/en/practices/"))

    def test_topics_merged(self, visitor, editor, published, topic, committed):
        target = TopicFactory(name_en="Shelter")
        assert "Housing" in primed(visitor, "/en/practices/")
        url = reverse("admin:practices_topic_changelist")
        selection = {"action": "merge_topics", "_selected_action": [topic.pk]}
        with committed():
            editor.post(url, {**selection, "apply": "1", "target": target.pk})
        assert not Topic.objects.filter(pk=topic.pk).exists()
        page = text(fetch(visitor, "/en/practices/"))
        assert "Shelter" in page
        assert "Housing" not in page


def test_city_renamed(visitor, city, committed):
    primed(visitor, city.get_absolute_url())
    assert "Lisbon" in primed(visitor, "/en/cities/")
    with committed():
        city.name_en = "Lisboa"
        city.save()
    assert "Lisboa" in text(fetch(visitor, "/en/cities/"))
    assert "Lisboa" in text(fetch(visitor, city.get_absolute_url()))


def test_membership_added_and_removed(visitor, city, committed):
    network = NetworkFactory(name_en="Portuguese Network")
    url = network.get_absolute_url()
    assert "Lisbon" not in primed(visitor, url)
    with committed():
        membership = MembershipFactory(network=network, city=city)
    assert "Lisbon" in primed(visitor, url)
    with committed():
        NetworkMembership.objects.get(pk=membership.pk).delete()
    assert "Lisbon" not in text(fetch(visitor, url))


def test_event_edited(visitor, committed):
    event = EventFactory(title_en="Annual meeting")
    primed(visitor, event.get_absolute_url())
    with committed():
        event.title_en = "Annual meeting, moved online"
        event.save()
    assert "moved online" in text(fetch(visitor, event.get_absolute_url()))


def test_event_becomes_past_at_midnight(visitor, monkeypatch):
    today = timezone.localdate()
    EventFactory(title_en="Ends today", start_date=today, end_date=today)
    assert "Ends today" in primed(visitor, "/en/")
    zone = timezone.get_default_timezone()
    tomorrow = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(0, 0, 5))
    monkeypatch.setattr(timezone, "now", lambda: tomorrow.replace(tzinfo=zone))
    response = fetch(visitor, "/en/")
    assert response["X-Cache"] == "miss"
    assert "Ends today" not in text(response)


def test_news_item_edited_and_dated_news_appear_on_their_day(visitor, committed, monkeypatch):
    today = timezone.localdate()
    item = NewsItemFactory(title_en="Summer school", date=today)
    NewsItemFactory(title_en="Tomorrow's news", date=today + datetime.timedelta(days=1))
    assert "Summer school" in primed(visitor, "/en/news/")
    with committed():
        item.title_en = "Summer school: programme"
        item.save()
    page = text(fetch(visitor, "/en/news/"))
    assert "Summer school: programme" in page
    assert "Tomorrow" not in page
    zone = timezone.get_default_timezone()
    tomorrow = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(8))
    monkeypatch.setattr(timezone, "now", lambda: tomorrow.replace(tzinfo=zone))
    assert "Tomorrow" in text(fetch(visitor, "/en/news/"))


def test_image_replaced(visitor, committed):
    image = ImageFactory(file=png_upload("first-picture.png"))
    city = CityFactory(name_en="Bergen", image=image)
    assert "first-picture" in primed(visitor, city.get_absolute_url())
    with committed():
        image.file = png_upload("second-picture.png", color=(10, 20, 30))
        image.save()
    page = text(fetch(visitor, city.get_absolute_url()))
    assert "second-picture" in page
    assert "first-picture" not in page


def test_rebuild_search_index_and_migrate_start_a_new_generation(visitor, published, committed):
    primed(visitor, "/en/practices/")
    with committed():
        call_command("rebuild_search_index", stdout=io.StringIO())
    assert fetch(visitor, "/en/practices/")["X-Cache"] == "miss"
    primed(visitor, "/en/practices/")
    from django.apps import apps
    from django.db.models.signals import post_migrate

    with committed():
        post_migrate.send(sender=apps.get_app_config("icc"), app_config=apps.get_app_config("icc"),
                      verbosity=0, interactive=False, using="default", plan=[], apps=apps)  # fmt: skip
    assert fetch(visitor, "/en/practices/")["X-Cache"] == "miss"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_edit_committed_for_real_is_seen_at_once(visitor, secretariat_user):
    """No captured callbacks here: the admin request commits, as in production."""
    city = CityFactory(name_en="Ghent")
    topic = TopicFactory(name_en="Schools")
    practice = PracticeFactory(published=True, title_en="Before", cities=[city], topics=[topic])
    primed(visitor, practice.get_absolute_url())
    editor = Client()
    editor.force_login(secretariat_user)
    admin_edit(editor, practice, title_en="After the edit")
    response = fetch(visitor, practice.get_absolute_url())
    assert response["X-Cache"] == "miss"
    assert "After the edit" in text(response)


# --- Several app processes sharing Redis ---------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """A client over real HTTP with its own cookies; never follows redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), self.NoRedirect
        )

    def request(self, url, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + url, data=body)
        request.add_header("Referer", self.base + url)
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def sign_in_to_admin(self, username):
        _status, _headers, page = self.request("/admin/login/")
        fields = form_fields(page, "login-form")
        data = as_post_data(fields, username=username, password=PASSWORD)
        status, headers, _page = self.request("/admin/login/?next=/admin/", data)
        assert status == 302, "sign-in failed"

    def admin_edit(self, obj, **changes):
        opts = obj._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        _status, _headers, page = self.request(url)
        data = as_post_data(form_fields(page, f"{opts.model_name}_form"), **changes)
        status, _headers, page = self.request(url, data)
        assert status == 302, page[:2000]

    def review(self, practice, action):
        url = reverse("admin:practices_practice_review", args=[practice.pk, action])
        _status, _headers, page = self.request(url)
        data = as_post_data(form_fields(page))
        status, _headers, page = self.request(url, data)
        assert status == 302, page[:2000]


@pytest.fixture
def database_for_servers(tmp_path):
    """A database URL that other processes can open, holding what this test committed."""
    vendor = connection.vendor
    if vendor == "postgresql":
        details = connection.settings_dict
        user = details["USER"] or "postgres"
        host, port = details["HOST"] or "127.0.0.1", details["PORT"] or "5432"
        yield lambda: f"postgres://{user}@{host}:{port}/{details['NAME']}"
        return
    assert vendor == "sqlite"
    target = tmp_path / "site.sqlite3"

    def copy():
        # The test database lives in memory: copy it to a file the servers share.
        connection.ensure_connection()
        with sqlite3.connect(target) as copy_to:
            connection.connection.backup(copy_to)
        return f"sqlite:///{target}"

    yield copy


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_app_processes_see_every_change_at_once(
    secretariat_user, database_for_servers, settings
):
    """Publish, unpublish and edit in the admin of process 2; process 1 shows each at once."""
    if not redis_answers():
        if os.environ.get("CI"):
            pytest.fail("Redis must answer on 127.0.0.1:6379 in CI")
        pytest.skip("no Redis on 127.0.0.1:6379: the multi-process test needs a shared cache")
    from django.contrib.auth.hashers import make_password

    # The servers use the base settings' password hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = [
        *settings.PASSWORD_HASHERS,
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    secretariat_user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    secretariat_user.save()
    city = CityFactory(name_en="Utrecht")
    topic = TopicFactory(name_en="Sport")
    to_edit = PracticeFactory(published=True, title_en="Street football", cities=[city], topics=[topic])  # fmt: skip
    to_publish = PracticeFactory(title_en="Night library", cities=[city], topics=[topic],
                                 status=Practice.Status.SUBMITTED)  # fmt: skip
    database_url = database_for_servers()

    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "icc.settings.base",
        "DATABASE_URL": database_url,
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "CACHE_KEY_PREFIX": f"icc-test-{uuid.uuid4().hex}",
        "PAGE_CACHE": "1",
        "DEBUG": "0",
        "TASKS_BACKEND": "immediate",
        "EMAIL_URL": "dummymail://",
        "MEDIA_ROOT": tempfile.mkdtemp(prefix="icc-test-media-"),
        "PYTHONPATH": str(Path(django_settings.BASE_DIR)),
    }
    ports = [free_port(), free_port()]
    gunicorn = Path(sys.executable).with_name("gunicorn")
    servers = [
        subprocess.Popen(
            [
                str(gunicorn),
                "icc.wsgi",
                "--preload",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],  # fmt: skip
            cwd=django_settings.BASE_DIR,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        visitor, editor = (Browser(f"http://127.0.0.1:{port}") for port in ports)
        deadline = time.monotonic() + 30
        for browser, server in zip((visitor, editor), servers, strict=True):
            while True:
                try:
                    if browser.request("/en/")[0] == 200:
                        break
                except OSError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not start: {server.stderr.read().decode()[-3000:]}")
                time.sleep(0.2)

        def listing():
            status, headers, page = visitor.request("/en/practices/")
            assert status == 200
            return headers.get("X-Cache"), page

        listing()
        cached, page = listing()
        assert cached == "hit"
        assert "Street football" in page and "Night library" not in page

        editor.sign_in_to_admin(secretariat_user.username)

        editor.review(to_publish, "publish")
        cached, page = listing()
        assert (cached, "Night library" in page) == ("miss", True)
        assert listing()[0] == "hit"

        editor.admin_edit(to_edit, title_en="Street football for all")
        cached, page = listing()
        assert (cached, "Street football for all" in page) == ("miss", True)
        assert listing()[0] == "hit"

        editor.review(to_publish, "unpublish")
        cached, page = listing()
        assert (cached, "Night library" in page) == ("miss", False)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)
        forget_keys(environment["REDIS_URL"], environment["CACHE_KEY_PREFIX"])


def forget_keys(redis_url, prefix):
    """Delete what the servers left in Redis (the generation never expires)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
