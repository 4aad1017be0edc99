"""Nothing a coordinator writes is lost: an expired session, a status changed under them.

The client enforces CSRF like a browser: a session that expires while the form is open must
still let the post through (the CSRF token lives in its own cookie), and the text must come
back after signing in again.
"""

import re
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from practices import services, workspace_services, workspace_views
from practices.models import Practice, Topic
from tests.factories import CoordinatorFactory, PracticeFactory, png_upload
from tests.practices.test_workspace import edit_data, practice_form_data

pytestmark = pytest.mark.django_db
Status = Practice.Status
PASSWORD = "correct horse battery staple"  # tests/factories.py
LONG_TEXT = ("What we learnt, in detail. " * 400).strip()


@pytest.fixture
def topic():
    return Topic.objects.get(slug="education")


@pytest.fixture
def practice(city, topic):
    return PracticeFactory(cities=[city], topics=[topic], title_en="Welcome desk")


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def csrf_token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


def sign_in(browser, user, next_url):
    page = browser.get(reverse("accounts:login"), {"next": next_url})
    return browser.post(
        reverse("accounts:login"),
        {
            "username": user.username,
            "password": PASSWORD,
            "next": next_url,
            "csrfmiddlewaretoken": csrf_token(page),
        },
    )


def open_form(browser, url):
    """GET the form as a browser would: its CSRF token and its editor token."""
    response = browser.get(url)
    assert response.status_code == 200
    return {"csrfmiddlewaretoken": csrf_token(response), "editor": response.context["editor_token"]}


def expire_session(browser):
    """The server forgets the session (expiry, or a restart of the session store)."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore(session_key=browser.cookies[settings.SESSION_COOKIE_NAME].value).delete()


def signed_in(browser, user):
    sign_in_page = sign_in(browser, user, reverse("workspace:practice_list"))
    assert sign_in_page.status_code == 302


# --- An expired session -------------------------------------------------------------------


def test_text_sent_after_the_session_expired_is_back_after_signing_in(
    browser, coordinator, practice
):
    edit_url = reverse("workspace:practice_edit", args=[practice.pk])
    signed_in(browser, coordinator)
    tokens = open_form(browser, edit_url)
    expire_session(browser)

    sent = edit_data(practice, results_en=LONG_TEXT, purpose_fr="Texte écrit longtemps", **tokens)
    response = browser.post(edit_url, sent)

    # Sent to sign in (not a CSRF failure, not a 403), nothing saved yet.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    practice.refresh_from_db()
    assert not practice.results_en
    login_page = browser.get(response["Location"])
    assert "the text you sent is kept" in login_page.content.decode()

    response = sign_in(browser, coordinator, edit_url)
    assert response.status_code == 302
    assert response["Location"] == edit_url

    form_page = browser.get(edit_url)
    content = form_page.content.decode()
    assert "Your text is back in the form" in content
    assert form_page.context["form"]["results_en"].value() == LONG_TEXT
    assert form_page.context["form"]["purpose_fr"].value() == "Texte écrit longtemps"
    assert "not the saved version" in content

    # Once shown, it is the form's: saving it saves the text sent.
    again = {**sent, "csrfmiddlewaretoken": csrf_token(form_page)}
    assert browser.post(edit_url, again).status_code == 302
    practice.refresh_from_db()
    assert practice.results_en == LONG_TEXT
    assert "Your text is back" not in browser.get(edit_url).content.decode()


def test_a_new_practice_written_while_signed_out_is_kept(browser, coordinator, city, topic):
    create_url = reverse("workspace:practice_create")
    signed_in(browser, coordinator)
    tokens = open_form(browser, create_url)
    expire_session(browser)

    sent = practice_form_data(
        cities=[city],
        topics=[topic],
        evaluation_en=LONG_TEXT,
        **{"image-alt_text_en": "Volunteers at the desk", "image-file": png_upload()},
        **tokens,
    )
    response = browser.post(create_url, sent)
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Practice.objects.exists()

    sign_in(browser, coordinator, create_url)
    form_page = browser.get(create_url)
    content = form_page.content.decode()
    assert form_page.context["form"]["evaluation_en"].value() == LONG_TEXT
    assert form_page.context["image_form"]["alt_text_en"].value() == "Volunteers at the desk"
    assert "could not be kept: choose them again" in content  # the image file is asked again
    assert not Practice.objects.exists()


def test_the_kept_text_goes_back_only_to_who_wrote_it(browser, coordinator, city, practice):
    colleague = CoordinatorFactory(username="colleague", cities=[city])
    edit_url = reverse("workspace:practice_edit", args=[practice.pk])
    signed_in(browser, coordinator)
    tokens = open_form(browser, edit_url)
    expire_session(browser)
    browser.post(edit_url, edit_data(practice, results_en="Private draft", **tokens))

    sign_in(browser, colleague, edit_url)  # someone else, on the same browser
    content = browser.get(edit_url).content.decode()
    assert "Private draft" not in content
    assert "Your text is back" not in content
    assert workspace_views.UNSAVED_SESSION_KEY not in browser.session


def test_a_post_without_the_forms_editor_token_is_only_sent_to_sign_in(client, practice):
    response = client.post(
        reverse("workspace:practice_edit", args=[practice.pk]),
        edit_data(practice, results_en="Forged", editor="not-a-token"),
    )
    assert response["Location"].startswith(reverse("accounts:login"))
    assert workspace_views.UNSAVED_SESSION_KEY not in client.session


def test_an_editor_token_of_another_practice_is_not_kept(
    browser, coordinator, city, topic, practice
):
    other = PracticeFactory(cities=[city], topics=[topic])
    signed_in(browser, coordinator)
    tokens = open_form(browser, reverse("workspace:practice_edit", args=[other.pk]))
    expire_session(browser)
    browser.post(
        reverse("workspace:practice_edit", args=[practice.pk]), edit_data(practice, **tokens)
    )
    assert workspace_views.UNSAVED_SESSION_KEY not in browser.session


def test_a_text_too_long_to_keep_is_given_back_to_copy(browser, coordinator, practice, monkeypatch):
    monkeypatch.setattr(workspace_views, "UNSAVED_MAX_CHARACTERS", 1000)
    edit_url = reverse("workspace:practice_edit", args=[practice.pk])
    signed_in(browser, coordinator)
    tokens = open_form(browser, edit_url)
    expire_session(browser)

    response = browser.post(edit_url, edit_data(practice, results_en=LONG_TEXT, **tokens))

    assert response.status_code == 403
    content = response.content.decode()
    assert "Your session has expired" in content
    assert LONG_TEXT.strip() in content  # in a read-only text area, to copy
    assert reverse("accounts:login") in content
    assert workspace_views.UNSAVED_SESSION_KEY not in browser.session


def test_the_concurrent_edit_warning_still_works_after_signing_in(
    browser, coordinator, city, practice
):
    colleague = CoordinatorFactory(username="colleague", cities=[city])
    edit_url = reverse("workspace:practice_edit", args=[practice.pk])
    signed_in(browser, coordinator)
    tokens = open_form(browser, edit_url)
    sent = edit_data(practice, results_en="Mine", **tokens)
    expire_session(browser)
    browser.post(edit_url, sent)

    # Meanwhile a colleague saves.
    workspace_services.practice_update(
        practice=practice,
        user=colleague,
        fields={"purpose_en": "Their purpose"},
        cities=[city],
        topics=list(practice.topics.all()),
    )

    sign_in(browser, coordinator, edit_url)
    form_page = browser.get(edit_url)
    response = browser.post(edit_url, {**sent, "csrfmiddlewaretoken": csrf_token(form_page)})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this practice while you were editing it." in content
    assert "Their purpose" in content and "Mine" in content
    practice.refresh_from_db()
    assert (practice.purpose_en, practice.results_en or "") == ("Their purpose", "")


# --- The status changed while they were editing --------------------------------------------


def publish(practice, coordinator, secretariat):
    services.practice_publish(practice=practice, user=secretariat)


def submit(practice, coordinator, secretariat):
    services.practice_submit(practice=practice, user=coordinator)


def reject(practice, coordinator, secretariat):
    services.practice_submit(practice=practice, user=coordinator)
    services.practice_reject(practice=practice, user=secretariat, comment="Not a practice yet.")


def unpublish(practice, coordinator, secretariat):
    services.practice_publish(practice=practice, user=secretariat)
    services.practice_unpublish(practice=practice, user=secretariat)


@pytest.mark.parametrize(
    ("change", "happened"),
    [
        (publish, "The secretariat published this practice while you were editing it."),
        (submit, "This practice was submitted for review while you were editing it."),
        (reject, "The secretariat rejected this practice while you were editing it."),
        (unpublish, "The secretariat unpublished this practice while you were editing it."),
    ],
    ids=["published", "submitted", "rejected", "unpublished"],
)
def test_a_status_changed_while_editing_gives_the_text_back_with_what_happened(
    browser, coordinator, secretariat_user, practice, change, happened
):
    edit_url = reverse("workspace:practice_edit", args=[practice.pk])
    signed_in(browser, coordinator)
    tokens = open_form(browser, edit_url)
    change(practice, coordinator, secretariat_user)
    before = Practice.objects.values().get(pk=practice.pk)

    response = browser.post(edit_url, edit_data(practice, results_en=LONG_TEXT, **tokens))

    assert response.status_code == 409
    content = response.content.decode()
    assert happened in content
    assert "Your text is below; it has not been saved." in content
    assert LONG_TEXT.strip() in content
    assert "If you are a city coordinator, sign in first" not in content
    assert Practice.objects.values().get(pk=practice.pk) == before
    if change is reject:
        assert "Not a practice yet." in content  # the reason, with the text


def test_a_status_changed_while_signed_out_gives_the_text_back_after_signing_in(
    browser, coordinator, secretariat_user, practice
):
    edit_url = reverse("workspace:practice_edit", args=[practice.pk])
    signed_in(browser, coordinator)
    tokens = open_form(browser, edit_url)
    expire_session(browser)
    browser.post(edit_url, edit_data(practice, results_en="Written before", **tokens))
    services.practice_publish(practice=practice, user=secretariat_user)

    sign_in(browser, coordinator, edit_url)
    response = browser.get(edit_url)

    assert response.status_code == 409
    content = response.content.decode()
    assert "The secretariat published this practice while you were editing it." in content
    assert "Written before" in content


def test_a_status_changed_between_the_check_and_the_save_is_explained_too(
    coordinator, secretariat_user, practice, client, monkeypatch
):
    update = workspace_services.practice_update

    def published_just_before(**kwargs):
        services.practice_publish(practice=kwargs["practice"], user=secretariat_user)
        return update(**kwargs)

    monkeypatch.setattr(workspace_services, "practice_update", published_just_before)
    client.force_login(coordinator)
    response = client.post(
        reverse("workspace:practice_edit", args=[practice.pk]),
        edit_data(practice, results_en="Just in time"),
    )
    assert response.status_code == 409
    assert "Just in time" in response.content.decode()


def test_the_edit_page_of_a_locked_practice_explains_instead_of_refusing(
    client, coordinator, secretariat_user, practice
):
    services.practice_publish(practice=practice, user=secretariat_user)
    client.force_login(coordinator)
    response = client.get(reverse("workspace:practice_edit", args=[practice.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:practice_detail", args=[practice.pk])
    [message] = get_messages(response.wsgi_request)
    assert "can be changed only while it is a draft" in str(message)


def test_a_practice_deleted_while_editing_gives_the_text_back(client, coordinator, city, practice):
    colleague = CoordinatorFactory(username="colleague", cities=[city])
    data = edit_data(practice, title_en="My new title", results_en="Kept anyway")
    services.practice_delete(practice=practice, user=colleague)
    client.force_login(coordinator)

    response = client.post(reverse("workspace:practice_edit", args=[practice.pk]), data)

    assert response.status_code == 404
    content = response.content.decode()
    assert "This practice no longer exists" in content
    assert "Kept anyway" in content


def test_another_citys_practice_is_not_revealed_by_the_kept_text_page(
    client, other_coordinator, practice
):
    client.force_login(other_coordinator)
    data = edit_data(practice, title_en="Something else", purpose_en="Other words")
    response = client.post(reverse("workspace:practice_edit", args=[practice.pk]), data)
    missing = client.post(reverse("workspace:practice_edit", args=[practice.pk + 1000]), data)
    assert response.status_code == missing.status_code == 404
    assert "Welcome desk" not in response.content.decode()
    assert response.context["texts"] == missing.context["texts"]


def test_a_coordinator_who_lost_their_city_keeps_the_new_practices_text(client, coordinator, city):
    client.force_login(coordinator)
    city.coordinators.remove(coordinator)
    response = client.post(
        reverse("workspace:practice_create"),
        practice_form_data(cities=[city], purpose_en="A whole new practice"),
    )
    assert response.status_code == 403
    assert "A whole new practice" in response.content.decode()
    assert not Practice.objects.exists()
