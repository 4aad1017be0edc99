"""Accounts: welcome link, sign-in and out, password pages in both languages, lock-out."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from icc.accounts import password_set_url, send_welcome_email
from tests.factories import CoordinatorFactory, SecretariatUserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "Intercultural-2024-Oslo"


def relative(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "url_name",
    ["login", "password_reset", "password_reset_done", "password_reset_complete"],
)
def test_account_pages_open_in_both_languages(client, language, url_name):
    with translation.override(language):
        url = reverse(f"accounts:{url_name}")
    response = client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert url.startswith(f"/{language}/")
    assert f'<html lang="{language}"' in content
    assert content.count("<h1") == 1
    assert 'class="site-header"' in content  # in the site's design


def test_welcome_link_sets_the_password_once(client, city):
    coordinator = CoordinatorFactory(username="lea", cities=[city])
    coordinator.set_unusable_password()
    coordinator.save()
    send_welcome_email(user=coordinator)
    message = mail.outbox[-1]
    assert message.to == [coordinator.email]
    assert "Lisbon" in message.body and "lea" in message.body
    link = relative(re.search(r"https?://\S+", message.body).group(0))

    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()

    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password(NEW_PASSWORD)

    # The link cannot be used a second time.
    response = client.get(link, follow=True)
    assert "no longer valid" in response.content.decode()


def test_sign_in_goes_to_my_practices_and_sign_out_is_a_post(client, coordinator):
    response = client.post(
        reverse("accounts:login"), {"username": "coordinator", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:practice_list")
    assert client.get(reverse("workspace:practice_list")).status_code == 200

    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 200  # a page with a button; GET does not sign out
    assert client.get(reverse("workspace:practice_list")).status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("workspace:practice_list")).status_code == 302


def test_wrong_password_shows_an_error_summary(client, coordinator):
    response = client.post(
        reverse("accounts:login"), {"username": "coordinator", "password": "nope"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in content
    assert 'value="coordinator"' in content  # what was typed is kept


def test_password_reset_e_mail_in_the_users_language(client, coordinator):
    coordinator.preferred_language = "fr"
    coordinator.save()
    response = client.post(reverse("accounts:password_reset"), {"email": coordinator.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    body = mail.outbox[-1].body
    assert "/fr/accounts/reset/" in body
    assert body.count("http://testserver") == 0  # built from SITE_URL, not the Host header


def test_unknown_address_gets_the_same_answer_and_no_e_mail(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password(NEW_PASSWORD)


def test_password_change_needs_sign_in(client, db):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def fail(client, url, username, times):
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "wrong password"})
    return response


def test_site_sign_in_is_locked_after_five_failures(client, coordinator):
    url = reverse("accounts:login")
    response = fail(client, url, "coordinator", 4)
    assert response.status_code == 200  # four failures: still the form
    response = fail(client, url, "coordinator", 1)
    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many failed sign-in attempts" in content
    assert "30 minutes" in content
    # Even the right password is refused during the cool-off.
    response = client.post(url, {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username(client, coordinator, other_coordinator):
    fail(client, reverse("accounts:login"), "coordinator", 5)
    response = client.post(
        reverse("accounts:login"), {"username": "other-coordinator", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_admin_sign_in_is_locked_too(client, db):
    SecretariatUserFactory(username="staffer")
    url = reverse("admin:login")
    response = fail(client, url, "staffer", 5)
    assert response.status_code == 429
    response = client.post(url, {"username": "staffer", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(SITE_URL="https://icc.example.org")
def test_password_set_url_is_absolute_and_in_the_users_language(coordinator):
    coordinator.preferred_language = "fr"
    url = password_set_url(coordinator)
    assert url.startswith("https://icc.example.org/fr/accounts/reset/")
