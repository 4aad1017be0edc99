"""Input that once gave a server error, and its family: a clear 4xx or a page, never a 500.

The four causes found by fuzzing (issue 8): more than 1,000 GET parameters, a sign-in username
longer than 255 characters, ``?page=`` with thousands of digits, an upload whose name is longer
than the file system allows. Then their relatives: garbage cookies and headers, huge ids.
"""

import pytest
from axes.models import AccessAttempt
from django.core import signing
from django.core.files.storage import default_storage
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation

from icc.context_processors import canonical_query
from icc.filenames import safe_file_name
from icc.lockout import lockout_username
from icc.views import BAD_REQUEST_FALLBACK, bad_request
from practices.forms import PENDING_UPLOAD_DIRECTORY, PENDING_UPLOAD_SALT
from practices.models import Practice
from tests.factories import (
    EventFactory,
    NewsItemFactory,
    PracticeFactory,
    pdf_upload,
    png_upload,
)
from tests.helpers import text

pytestmark = pytest.mark.django_db

TOO_MANY_FIELDS = "&".join(f"field{number}=1" for number in range(1_100))
HUGE_PAGE = "9" * 5_000


@pytest.fixture
def safe_client():
    """A client that returns the 500 page instead of raising, as a browser would see it."""
    return Client(raise_request_exception=False)


@pytest.fixture
def pages(city):
    """One page of each kind: home, listings, details, search, a 404, the sign-in."""
    practice = PracticeFactory(published=True, cities=[city])
    event = EventFactory(host_cities=[city])
    news = NewsItemFactory(cities=[city])
    return [
        "/en/",
        "/fr/cities/",
        "/en/networks/",
        "/en/events/",
        "/fr/news/",
        "/en/practices/",
        "/en/search/?q=city",
        city.get_absolute_url(),
        practice.get_absolute_url(),
        event.get_absolute_url(),
        news.get_absolute_url(),
        "/en/no-such-page/",
        "/en/accounts/login/",
        "/en/my-practices/",
        "/admin/",
    ]


# --- 1. More than 1,000 GET parameters: a 400 page that cannot fail --------------------------


def test_too_many_get_parameters_get_the_400_page_not_a_500(safe_client, pages):
    for page in pages:
        separator = "&" if "?" in page else "?"
        response = safe_client.get(f"{page}{separator}{TOO_MANY_FIELDS}")
        assert response.status_code < 500, page
        if response.status_code == 400:
            heading = "Requête incorrecte" if page.startswith("/fr/") else "Bad request"
            assert f"<h1>{heading}</h1>" in text(response), page


def test_a_listing_with_too_many_parameters_is_a_bad_request_in_the_readers_language(
    safe_client,
):
    english = safe_client.get(f"/en/practices/?{TOO_MANY_FIELDS}")
    french = safe_client.get(f"/fr/practices/?{TOO_MANY_FIELDS}")
    assert english.status_code == french.status_code == 400
    assert '<html lang="en">' in text(english) and "<h1>Bad request</h1>" in text(english)
    assert '<html lang="fr">' in text(french) and "Requête incorrecte" in text(french)
    # Each page leads home, and to the home page in the other language.
    assert 'href="/en/"' in text(english) and 'href="/fr/" lang="fr"' in text(english)
    assert 'href="/fr/"' in text(french) and 'href="/en/" lang="en"' in text(french)


def test_a_form_with_too_many_fields_is_a_bad_request(safe_client):
    response = safe_client.post(
        "/en/accounts/login/", TOO_MANY_FIELDS, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in text(response)


def test_the_400_page_reads_nothing_from_the_request():
    class Untouchable:
        def __getattr__(self, name):
            raise AssertionError(f"the 400 page read request.{name}")

    with translation.override("fr"):
        response = bad_request(Untouchable(), exception=None)
    assert response.status_code == 400
    assert "Requête incorrecte" in text(response) and '<html lang="fr">' in text(response)


def test_the_400_page_has_a_static_fallback_in_both_languages(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [], "APP_DIRS": False, "OPTIONS": {"loaders": []}}
    ]
    response = bad_request(RequestFactory().get("/"), exception=None)
    assert response.status_code == 400
    assert text(response) == BAD_REQUEST_FALLBACK
    assert "Bad request" in BAD_REQUEST_FALLBACK and "Requête incorrecte" in BAD_REQUEST_FALLBACK


@override_settings(ALLOWED_HOSTS=["icc.example.org"])
def test_a_forbidden_host_gets_the_400_page(safe_client):
    response = safe_client.get("/en/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in text(response)


# --- 2. A sign-in username longer than axes can store ----------------------------------------


@pytest.mark.parametrize("url", ["/en/accounts/login/", "/admin/login/"])
def test_an_over_long_username_is_a_failed_sign_in_not_a_500(safe_client, url):
    username = "x" * 300
    response = safe_client.post(url, {"username": username, "password": "wrong"})
    assert response.status_code == 200
    attempt = AccessAttempt.objects.get()
    assert attempt.username == username[:255]


def test_over_long_usernames_still_lock_out(safe_client, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        safe_client.post("/en/accounts/login/", {"username": "é" * 400, "password": "wrong"})
    response = safe_client.post("/en/accounts/login/", {"username": "é" * 400, "password": "wrong"})
    assert response.status_code in (403, 429)
    assert AccessAttempt.objects.get().failures_since_start >= settings.AXES_FAILURE_LIMIT


def test_lockout_username_is_cut_to_the_column_and_keeps_normal_names():
    request = RequestFactory().post("/", {"username": "from the form"})
    assert lockout_username(request, {"username": "coordinator"}) == "coordinator"
    assert lockout_username(request, None) == "from the form"
    assert lockout_username(request, {"username": "a" * 1000}) == "a" * 255
    assert lockout_username(request, {"username": "a\x00b"}) == "ab"
    assert lockout_username(request, {"username": None}) is None


# --- 3. ?page= with thousands of digits, on every page ---------------------------------------


def test_a_page_number_with_thousands_of_digits_is_not_a_500(safe_client, pages):
    for page in pages:
        separator = "&" if "?" in page else "?"
        for number in (HUGE_PAGE, f"-{HUGE_PAGE}", "１２３", "²", "0", "-1", "1e3"):
            response = safe_client.get(f"{page}{separator}page={number}")
            assert response.status_code < 500, (page, number[:10])


@pytest.mark.parametrize(
    ("page", "canonical"),
    [
        ("", ""),
        ("1", ""),
        ("2", "?page=2"),
        ("99999", "?page=99999"),
        ("100000", ""),
        (HUGE_PAGE, ""),
        ("-2", ""),
        ("²", ""),
        ("１２", ""),
        (" 2", ""),
    ],
)
def test_canonical_query_keeps_only_reasonable_page_numbers(page, canonical):
    assert canonical_query(RequestFactory().get("/en/", {"page": page})) == canonical


def test_canonical_query_of_a_request_with_too_many_fields_is_empty():
    assert canonical_query(RequestFactory().get(f"/en/?{TOO_MANY_FIELDS}")) == ""


# --- 4. An upload whose name is longer than the file system allows ---------------------------


@pytest.fixture
def coordinator_client(safe_client, coordinator):
    safe_client.force_login(coordinator)
    return safe_client


def practice_post(city, **overrides):
    data = {"title_en": "Anti-rumours network", "cities": [city.pk], "action": "save"}
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "name",
    [
        "é" * 200 + ".png",  # 400 bytes in UTF-8: too long for any file system
        "𠀀" * 100 + ".png",  # 4 bytes a character
        "a" * 255 + ".png",  # Django keeps 255 characters of it
    ],
)
def test_an_over_long_file_name_is_kept_under_a_safe_name_with_the_whole_form(
    coordinator_client, city, name
):
    # The title is missing: the page comes back, and everything written must be there.
    data = practice_post(
        city,
        title_en="",
        purpose_en="What we wrote at length",
        **{"image-file": png_upload(name), "image-alt_text_en": "People in a square"},
    )
    response = coordinator_client.post(reverse("workspace:practice_create"), data)

    assert response.status_code == 200
    form = response.context["image_form"]
    assert len(form.kept_name.encode()) <= 80 and form.kept_name.endswith(".png")
    assert "What we wrote at length" in text(response)
    assert "People in a square" in text(response)
    token = form["kept_upload"].value()
    assert token

    response = coordinator_client.post(
        reverse("workspace:practice_create"),
        practice_post(
            city, **{"image-kept_upload": token, "image-alt_text_en": "People in a square"}
        ),
    )
    assert response.status_code == 302
    image = Practice.objects.get().images.get()
    stored = image.file.name.rsplit("/", 1)[-1]
    assert len(stored.encode()) <= 100 and stored.endswith(".png")
    assert default_storage.exists(image.file.name)
    pending = signing.loads(token, salt=PENDING_UPLOAD_SALT)["path"]
    assert pending.startswith(PENDING_UPLOAD_DIRECTORY) and not default_storage.exists(pending)


def test_an_over_long_document_name_saved_at_once_is_stored_under_a_safe_name(
    coordinator_client, city
):
    data = practice_post(
        city, **{"document-file": pdf_upload("rapport " * 60 + ".pdf"), "document-title_en": "R"}
    )
    response = coordinator_client.post(reverse("workspace:practice_create"), data)
    assert response.status_code == 302
    stored = Practice.objects.get().documents.get().files.get().file.name
    assert stored.endswith(".pdf") and len(stored.rsplit("/", 1)[-1].encode()) <= 100


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\Rapport final.pdf", "Rapport_final.pdf"),
        ("..", "upload"),
        (".pdf", "upload.pdf"),
        ("", "upload"),
        ("€€€.png", "upload.png"),
        ("é" * 200 + ".png", "é" * 38 + ".png"),
        ("x." + "y" * 100, "x" + "." + "y" * 78),
    ],
)
def test_safe_file_name(name, safe):
    assert safe_file_name(name) == safe
    assert len(safe_file_name(name).encode()) <= 80


def test_safe_file_name_never_cuts_a_character_in_half():
    name = safe_file_name("𠀀" * 100 + ".png")
    assert name.endswith(".png") and set(name[:-4]) == {"𠀀"}
    assert len(name.encode()) <= 80


# --- The families: cookies, headers, ids -----------------------------------------------------


@pytest.mark.parametrize(
    "cookie",
    [
        'sessionid="abcdefgh\\000"',
        "sessionid=" + "x" * 5_000,
        'csrftoken="\\000\\001"; django_language=xx',
        "django_language=" + "fr" * 500,
        'messages="\\000"; sessionid=',
        "=; ;;=;",
    ],
)
def test_garbage_cookies_are_ignored(safe_client, pages, cookie):
    for page in pages:
        response = safe_client.get(page, HTTP_COOKIE=cookie)
        assert response.status_code < 500, (page, cookie[:40])


def test_a_cookie_with_a_nul_is_ignored_and_the_visitor_is_anonymous(safe_client, coordinator):
    safe_client.force_login(coordinator)
    response = safe_client.get("/en/my-practices/", HTTP_COOKIE='sessionid="abcdefgh\\000"')
    assert response.status_code == 302  # to the sign-in, like an unknown session


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ACCEPT_LANGUAGE": "fr;q=nan, *;q=1e999, " + "x" * 500},
        {"HTTP_X_FORWARDED_FOR": "999.1.1.1, unknown, " * 50},
        {"HTTP_REFERER": "javascript:alert(1)"},
        {"HTTP_IF_NONE_MATCH": '"' * 100, "HTTP_RANGE": "bytes=99999999999999999999-"},
        {"HTTP_IF_MODIFIED_SINCE": "99999999999999999999"},
        {"HTTP_USER_AGENT": "x" * 5_000},
    ],
)
def test_garbage_headers_are_not_a_500(safe_client, pages, headers):
    for page in pages:
        assert safe_client.get(page, **headers).status_code < 500, (page, headers)


@pytest.mark.parametrize("suffix", ["%00", "%ff%fe", "x" * 5_000, "%C0%AF", "%"])
def test_broken_paths_are_not_a_500(safe_client, suffix):
    for prefix in ("/en/", "/fr/practices/", "/en/my-practices/", "/admin/"):
        assert safe_client.get(prefix + suffix).status_code < 500, (prefix, suffix)


def test_ids_too_large_for_the_database_are_refused_in_the_form(coordinator_client, city):
    huge = "9" * 30
    response = coordinator_client.post(
        reverse("workspace:practice_create"),
        practice_post(city, cities=[city.pk, huge], topics=[huge, "１" * 25]),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("cities", "invalid_pk_value")
    assert form.has_error("topics", "invalid_pk_value")
    assert not Practice.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/en/my-practices/99999999999999999999999999/",
        "/en/my-practices/99999999999999999999999999/edit/",
        "/admin/practices/practice/99999999999999999999999999/change/",
        "/en/practices/?city=99999999999999999999999&topic=-1&year=99999999999999999999",
        "/en/events/?city=%00&network=a%00&year=-5",
    ],
)
def test_huge_and_negative_numbers_in_addresses(coordinator_client, url):
    assert coordinator_client.get(url).status_code < 500


def test_the_admin_export_with_an_unknown_filter_is_not_a_500(safe_client, secretariat_user):
    safe_client.force_login(secretariat_user)
    response = safe_client.get("/admin/cities/network/export/?sort=name")
    assert response.status_code < 500
