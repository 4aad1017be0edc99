"""A contact for each practice: shown on the page, reached through a form, never its address.

The contact's address must never reach a browser: every public output (pages, API, downloads,
feeds, JSON-LD, search), the previews and other coordinators' workspace are scanned for it.
"""

import contextlib
import re
import time

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from icc import search
from icc.caching import versions
from practices import contact
from practices.models import ContactMessage, Practice
from tests.factories import (
    CityFactory,
    CoordinatorFactory,
    PracticeFactory,
    SecretariatUserFactory,
    TopicFactory,
)
from tests.helpers import text

pytestmark = pytest.mark.django_db

ADDRESS = "ana.secret-contact@hidden.example.org"


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def form_url(practice, language="en"):
    return url("practices:practice_contact", language, slug=practice.slug)


@pytest.fixture
def practice(city):
    return PracticeFactory(
        published=True,
        cities=[city],
        topics=[TopicFactory(name_en="Anti-rumours", name_fr="Anti-rumeurs")],
        title_en="Anti-rumours agents",
        title_fr="Agents anti-rumeurs",
        contact_name="Ana Ferreira",
        contact_role_en="Intercultural policy officer",
        contact_role_fr="Chargée de la politique interculturelle",
        contact_organisation_en="City of Lisbon, social rights department",
        contact_organisation_fr="Ville de Lisbonne, direction des droits sociaux",
        contact_email=ADDRESS,
        contact_en="Intercultural office, city hall.",
        contact_fr="Bureau interculturel, mairie.",
    )


@pytest.fixture
def patient(settings):
    """Forms may be sent at once (the "too fast" check has its own tests)."""
    settings.CONTACT_FORM_MIN_SECONDS = 0


def token_for(practice, seconds_ago=60):
    value = {"practice": practice.pk, "shown": time.time() - seconds_ago}
    return signing.dumps(value, salt=contact.TOKEN_SALT)


def form_data(practice, **overrides):
    data = {
        "name": "Marta Nowak",
        "email": "marta@visitor.example.net",
        "message": "Hello, we would like to start anti-rumours agents in Gdańsk: can we talk?",
        "website": "",
        "token": token_for(practice),
    }
    data.update(overrides)
    return data


def assert_form_kept(response, data):
    """The form is shown again, with what the visitor wrote, and nothing was sent or kept."""
    assert response.status_code == 200
    html = text(response)
    assert f'value="{data["name"]}"' in html
    assert data["message"] in html
    assert not mail.outbox
    assert not ContactMessage.objects.exists()
    assert ADDRESS not in html


# --- The page and the form ------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_page_shows_name_role_organisation_and_the_link_never_the_address(
    client, practice, language
):
    with translation.override(language):
        html = text(client.get(practice.get_absolute_url()))
    assert "Ana Ferreira" in html
    role = practice.contact_role_en if language == "en" else practice.contact_role_fr
    organisation = (
        practice.contact_organisation_en if language == "en" else practice.contact_organisation_fr
    )
    assert role in html and organisation in html
    assert f'href="{form_url(practice, language)}"' in html
    assert ("Bureau interculturel" if language == "fr" else "Intercultural office") in html
    assert ADDRESS not in html and "mailto:" not in html


def test_the_form_names_the_contact_and_is_never_cached(client, practice):
    response = client.get(form_url(practice))
    html = text(response)
    assert response.status_code == 200
    assert "Ana Ferreira" in html and "Intercultural policy officer" in html
    assert ADDRESS not in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert re.search(r'<div class="contact-trap" hidden>', html)
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_form_page_costs_the_same_queries_whatever_the_number_of_practices(
    client, practice, django_assert_max_num_queries
):
    PracticeFactory.create_batch(30, published=True, contact_name="X", contact_email=ADDRESS)
    # The practice, the menu of programme pages (cold), and the request's savepoint.
    with django_assert_max_num_queries(4):
        assert client.get(form_url(practice)).status_code == 200


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_message_reaches_the_contact_with_reply_to_and_a_copy_is_kept(
    client, practice, patient, language
):
    data = form_data(practice)
    response = client.post(form_url(practice, language), data)
    sent_url = url("practices:practice_contact_sent", language, slug=practice.slug)
    assert response.status_code == 302 and response["Location"] == sent_url
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [ADDRESS]
    assert email.cc == [] and email.bcc == []
    assert email.reply_to == ["Marta Nowak <marta@visitor.example.net>"]
    assert data["message"] in email.body
    # In the language of the page the visitor wrote from: the practice's title and address.
    title = practice.title_en if language == "en" else practice.title_fr
    assert title in email.subject and title in email.body
    assert f"/{language}/practices/{practice.slug}/" in email.body
    assert ADDRESS not in email.body and ADDRESS not in email.subject
    copy = ContactMessage.objects.get()
    assert (copy.practice, copy.sender_name, copy.sender_email) == (
        practice,
        "Marta Nowak",
        "marta@visitor.example.net",
    )
    assert copy.message == data["message"] and copy.language == language
    assert copy.recipient_email == ADDRESS and copy.sent_at is not None
    page = client.get(sent_url)
    assert page.status_code == 200 and ADDRESS not in text(page)


def test_a_name_with_line_breaks_cannot_inject_headers(client, practice, patient):
    data = form_data(practice, name="Marta\r\nBcc: victim@example.com")
    assert client.post(form_url(practice), data).status_code == 302
    email = mail.outbox[0]
    assert email.bcc == [] and email.recipients() == [ADDRESS]
    assert "\n" not in email.reply_to[0] and "\r" not in email.reply_to[0]
    headers = email.message()
    assert headers["Bcc"] is None and headers["To"] == ADDRESS


def test_sending_a_message_does_not_invalidate_the_cached_pages(client, practice, patient):
    before = versions.current_generation()
    client.post(form_url(practice), form_data(practice))
    assert ContactMessage.objects.count() == 1
    assert versions.current_generation() == before


# --- Spam ------------------------------------------------------------------------------------


def test_the_trap_field_filled_is_answered_as_sent_but_nothing_is_sent_or_kept(
    client, practice, patient
):
    response = client.post(form_url(practice), form_data(practice, website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"].endswith("/contact/sent/")
    assert not mail.outbox
    assert not ContactMessage.objects.exists()


def test_a_form_sent_too_fast_is_refused_and_shown_again(client, practice):
    data = form_data(practice, token=token_for(practice, seconds_ago=0))
    response = client.post(form_url(practice), data)
    assert_form_kept(response, data)
    assert "sent very quickly" in text(response)
    # A new token to send it again with, once a person would have.
    new_token = re.search(r'name="token" value="([^"]+)"', text(response)).group(1)
    assert new_token != data["token"]


def test_a_form_sent_too_late_is_refused_and_shown_again(client, practice):
    data = form_data(practice, token=token_for(practice, seconds_ago=3 * 60 * 60))
    response = client.post(form_url(practice), data)
    assert_form_kept(response, data)
    assert "has expired" in text(response)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "forged",
        signing.dumps({"practice": 1, "shown": 0}, salt="another salt"),
        signing.dumps({"shown": "soon"}, salt=contact.TOKEN_SALT),
    ],
    ids=["missing", "forged", "other-salt", "no-practice"],
)
def test_a_missing_or_forged_token_is_refused(client, practice, patient, token):
    data = form_data(practice, token=token)
    assert_form_kept(client.post(form_url(practice), data), data)


def test_a_token_of_another_practice_is_refused(client, practice, patient):
    other = PracticeFactory(published=True, contact_name="Jo", contact_email="jo@example.org")
    data = form_data(practice, token=token_for(other))
    assert_form_kept(client.post(form_url(practice), data), data)


def test_a_message_full_of_links_is_refused(client, practice, patient):
    message = "Cheap offers https://a.example https://b.example www.c.example buy now!"
    data = form_data(practice, message=message)
    response = client.post(form_url(practice), data)
    assert_form_kept(response, data)
    assert "at most 2 links" in text(response)
    # Two links are fine.
    data = form_data(practice, message="See https://a.example and https://b.example please.")
    assert client.post(form_url(practice), data).status_code == 302
    assert len(mail.outbox) == 1


def test_a_link_in_the_name_is_refused(client, practice, patient):
    data = form_data(practice, name="Best deals www.deals.example")
    response = client.post(form_url(practice), data)
    assert response.status_code == 200 and not mail.outbox
    assert "without links" in text(response)


@pytest.mark.parametrize(
    "overrides",
    [
        {"email": "not an address"},
        {"name": ""},
        {"message": "Too short"},
        {"message": "x" * (contact.MESSAGE_MAX_LENGTH + 1)},
    ],
)
def test_a_wrong_field_shows_the_form_again_with_what_was_written(
    client, practice, patient, overrides
):
    data = form_data(practice, **overrides)
    response = client.post(form_url(practice), data)
    html = text(response)
    assert response.status_code == 200 and not mail.outbox
    assert 'class="error-summary"' in html
    if overrides.get("name") != "":
        assert f'value="{data["name"]}"' in html
    assert data["email"] in html


def test_csrf_is_required(practice, patient):
    client = Client(enforce_csrf_checks=True)
    assert client.post(form_url(practice), form_data(practice)).status_code == 403
    assert not mail.outbox


@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "contact": "3/h", "contact-practice": "5/d"}
    cache.clear()
    yield
    cache.clear()


def test_a_flood_from_one_address_gets_429_after_the_limit(client, practice, patient, limits_on):
    for _ in range(3):
        assert client.post(form_url(practice), form_data(practice)).status_code == 302
    response = client.post(form_url(practice), form_data(practice))
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert len(mail.outbox) == 3 and ContactMessage.objects.count() == 3
    # Reading the form is not limited; another address may still write.
    assert client.get(form_url(practice)).status_code == 200
    other = Client(REMOTE_ADDR="203.0.113.7")
    assert other.post(form_url(practice), form_data(practice)).status_code == 302


def test_a_flood_to_one_practice_from_many_addresses_gets_429(client, practice, patient, limits_on):
    statuses = [
        Client(REMOTE_ADDR=f"203.0.113.{number}")
        .post(form_url(practice, "fr" if number % 2 else "en"), form_data(practice))
        .status_code
        for number in range(1, 8)
    ]
    assert statuses == [302] * 5 + [429] * 2
    assert len(mail.outbox) == 5


# --- When there is no contact to write to ----------------------------------------------------


def test_show_contact_off_shows_no_contact_and_the_form_is_a_404(client, practice, patient):
    practice.show_contact = False
    practice.save()
    html = text(client.get(practice.get_absolute_url()))
    assert "Ana Ferreira" not in html and "Intercultural office" not in html
    assert 'id="section-contact"' not in html and "/contact/" not in html
    assert client.get(form_url(practice)).status_code == 404
    assert client.post(form_url(practice), form_data(practice)).status_code == 404
    sent = url("practices:practice_contact_sent", slug=practice.slug)
    assert client.get(sent).status_code == 404
    assert not mail.outbox


def test_a_contact_without_an_address_is_shown_without_the_link(client, practice):
    practice.contact_email = ""
    practice.save()
    html = text(client.get(practice.get_absolute_url()))
    assert "Ana Ferreira" in html and form_url(practice) not in html
    assert client.get(form_url(practice)).status_code == 404


@pytest.mark.parametrize("status", ["draft", "submitted", "archived"])
def test_an_unpublished_practice_takes_no_messages(client, practice, patient, status):
    Practice.objects.filter(pk=practice.pk).update(status=status)
    assert client.get(form_url(practice)).status_code == 404
    assert client.post(form_url(practice), form_data(practice)).status_code == 404
    assert not mail.outbox


def test_unknown_slug_and_bad_methods(client, practice):
    assert client.get("/en/practices/no-such-practice/contact/").status_code == 404
    assert client.put(form_url(practice)).status_code == 405
    sent = url("practices:practice_contact_sent", slug=practice.slug)
    assert client.post(sent).status_code == 405


# --- The address never reaches a browser -----------------------------------------------------


def public_paths(practice, city):
    """Every public output where the practice (or its city) appears, in both languages."""
    paths = [
        "/api/v1/practices/",
        f"/api/v1/practices/{practice.slug}/",
        f"/api/v1/practices/{practice.slug}/?lang=all",
        "/api/v1/practices/?lang=all",
        f"/api/v1/cities/{city.slug}/",
        "/sitemap.xml",
    ]
    for language in ("en", "fr"):
        with translation.override(language):
            paths += [
                practice.get_absolute_url(),
                reverse("practices:practice_list"),
                reverse("practices:download", kwargs={"format": "csv"}),
                reverse("practices:download", kwargs={"format": "json"}),
                reverse("practices:feed_rss"),
                reverse("practices:feed_atom"),
                reverse("home"),
                city.get_absolute_url(),
                reverse("search:search") + "?q=anti-rumours",
                reverse("search:search") + "?q=Ferreira",
                reverse("search:download", kwargs={"format": "csv"}) + "?q=Ferreira",
                reverse("search:download", kwargs={"format": "json"}) + "?q=anti-rumours",
                reverse("practices:practice_contact", kwargs={"slug": practice.slug}),
                reverse("practices:practice_contact_sent", kwargs={"slug": practice.slug}),
            ]
            with contextlib.suppress(NoReverseMatch):  # the PDF, where the site offers one
                paths.append(reverse("practices:practice_pdf", kwargs={"slug": practice.slug}))
    return paths


def body_of(response):
    """The bytes of an answer; for a PDF, its text too (compressed streams hide it)."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    body = response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        import io

        from pypdf import PdfReader

        text_of_pages = "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
        body += text_of_pages.encode()
    return body


def test_the_address_is_in_no_public_output(client, practice, city, patient):
    found = []
    for path in public_paths(practice, city):
        response = client.get(path)
        assert response.status_code in (200, 302), (path, response.status_code)
        body = body_of(response)
        if ADDRESS.encode() in body or b"hidden.example.org" in body:
            found.append(path)
        if path.endswith((f"/{practice.slug}/", "/pdf/")) and "/api/" not in path:
            assert b"Ana Ferreira" in body, path  # the page itself was really scanned
    assert not found, f"the contact's address is in {found}"


def test_show_contact_off_keeps_every_contact_detail_out_of_every_public_output(
    client, practice, city
):
    # "Untick to show no contact": the person and the free-text details are in no page, API
    # answer, download, feed, search result or PDF either, in either language.
    practice.show_contact = False
    practice.save()
    search.index_object(practice)
    hidden = [
        b"Ana Ferreira",
        b"Intercultural policy officer",
        b"social rights department",
        b"Intercultural office",
        b"Bureau interculturel",
    ]
    found = []
    for path in public_paths(practice, city):
        response = client.get(path)
        assert response.status_code in (200, 302, 404), (path, response.status_code)
        body = body_of(response)
        found += [(path, snippet) for snippet in hidden if snippet in body]
        if path.endswith(f"/{practice.slug}/"):
            assert b"Anti-rumours agents" in body or b"Agents anti-rumeurs" in body, path
    assert not found, f"contact details shown with the contact off: {found}"
    # The practice is still found by its own words, not by its contact's.
    with translation.override("en"):
        page = practice.get_absolute_url()
    assert page in text(client.get("/en/search/?q=anti-rumours"))
    assert page not in text(client.get("/en/search/?q=intercultural+office"))


def test_the_address_is_in_no_json_ld(client, practice):
    for language in ("en", "fr"):
        with translation.override(language):
            html = text(client.get(practice.get_absolute_url()))
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert blocks and not any(ADDRESS in block for block in blocks)


def test_the_address_is_in_no_preview_nor_another_coordinators_workspace(
    client, practice, coordinator, other_coordinator
):
    Practice.objects.filter(pk=practice.pk).update(status=Practice.Status.DRAFT)
    # The secretariat's preview of the draft, at its public address.
    client.force_login(SecretariatUserFactory())
    preview = client.get(practice.get_absolute_url())
    assert preview.status_code == 200 and b"Ana Ferreira" in preview.content
    assert ADDRESS.encode() not in preview.content
    # Its own coordinator's preview shows the public rendering: no address either.
    client.force_login(coordinator)
    own = client.get(url("workspace:practice_preview", pk=practice.pk))
    assert own.status_code == 200 and b"Ana Ferreira" in own.content
    assert ADDRESS.encode() not in own.content
    # Another city's coordinator reaches none of its workspace pages.
    client.force_login(other_coordinator)
    for name in ("practice_detail", "practice_edit", "practice_preview"):
        response = client.get(url(f"workspace:{name}", pk=practice.pk))
        assert response.status_code == 404 and ADDRESS.encode() not in response.content
    listing = client.get(url("workspace:practice_list"))
    assert ADDRESS.encode() not in listing.content
    # Nor the admin: the coordinator is not staff, and the copies need the secretariat's right.
    for path in ("/admin/practices/practice/", "/admin/practices/contactmessage/"):
        response = client.get(path)
        assert response.status_code == 302 and ADDRESS.encode() not in response.content


# --- Coordinators and the secretariat ----------------------------------------------------------


def test_the_coordinator_writes_the_contact_in_the_workspace(client, practice, coordinator):
    from tests.practices.test_workspace import edit_data

    Practice.objects.filter(pk=practice.pk).update(status=Practice.Status.DRAFT)
    practice.refresh_from_db()
    client.force_login(coordinator)
    page = text(client.get(url("workspace:practice_edit", pk=practice.pk)))
    assert 'name="contact_email"' in page and 'name="show_contact"' in page
    data = edit_data(
        practice,
        contact_name="João Silva",
        contact_role_fr="Médiateur",
        contact_email="joao@lisboa.example.org",
    )
    data.pop("show_contact")  # unticked
    response = client.post(url("workspace:practice_edit", pk=practice.pk), data)
    assert response.status_code == 302, text(response)
    practice.refresh_from_db()
    assert (practice.contact_name, practice.contact_role_fr) == ("João Silva", "Médiateur")
    assert practice.contact_email == "joao@lisboa.example.org"
    assert practice.show_contact is False


def test_the_address_may_not_be_written_in_a_shown_field(client, practice, coordinator):
    from tests.practices.test_workspace import edit_data

    Practice.objects.filter(pk=practice.pk).update(status=Practice.Status.DRAFT)
    practice.refresh_from_db()
    client.force_login(coordinator)
    data = edit_data(practice, contact_en=f"Write to {ADDRESS.upper()}")
    response = client.post(url("workspace:practice_edit", pk=practice.pk), data)
    assert response.status_code == 200
    assert "which the site never shows" in text(response)
    practice.refresh_from_db()
    assert ADDRESS not in practice.contact_en


def test_the_secretariat_reads_the_copies_read_only(client, practice, patient):
    client.post(form_url(practice), form_data(practice))
    copy = ContactMessage.objects.get()
    client.force_login(SecretariatUserFactory())
    listing = client.get("/admin/practices/contactmessage/")
    assert listing.status_code == 200 and b"Marta Nowak" in listing.content
    detail = client.get(f"/admin/practices/contactmessage/{copy.pk}/change/")
    assert detail.status_code == 200
    assert b"Hello, we would like" in detail.content
    assert b'name="message"' not in detail.content  # read-only: no input
    assert client.get("/admin/practices/contactmessage/add/").status_code == 403


def test_staff_without_the_secretariats_rights_cannot_read_the_copies(client, practice, patient):
    client.post(form_url(practice), form_data(practice))
    staff = CoordinatorFactory(is_staff=True, cities=[CityFactory()])
    client.force_login(staff)
    assert client.get("/admin/practices/contactmessage/").status_code == 403


def test_the_secretariat_edits_the_contact_in_the_admin(client, practice):
    client.force_login(SecretariatUserFactory())
    html = text(client.get(f"/admin/practices/practice/{practice.pk}/change/"))
    for name in ("show_contact", "contact_name", "contact_role_fr", "contact_organisation_en"):
        assert f'name="{name}"' in html
    assert f'value="{ADDRESS}"' in html  # the secretariat may read and change it
