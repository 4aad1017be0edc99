"""The whole journey of a good practice, from a new coordinator's account to the public listing.

The secretariat creates the coordinator in the admin; the coordinator follows the e-mailed link,
chooses a password, signs in, writes a bilingual practice with an image, saves, previews and
submits; the secretariat asks for changes in the admin; the coordinator revises and resubmits;
the secretariat publishes; the practice is listed under its topic with the right counts.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from icc.models import User
from practices.models import Practice, Topic
from tests.factories import PracticeFactory, png_upload
from tests.practices.test_workspace import edit_data, practice_form_data

pytestmark = pytest.mark.django_db
Status = Practice.Status
PASSWORD = "Intercultural-2024-Lisboa"


def link_in(message):
    match = re.search(r"https?://\S+", message.body)
    assert match, message.body
    return match.group(0)


def facet_option(response, param, value):
    facet = next(facet for facet in response.context["facets"] if facet.param == param)
    return next(option for option in facet.options if option.value == value)


def test_full_journey(client, secretariat_user, city, django_capture_on_commit_callbacks):
    education = Topic.objects.get(slug="education")
    other_topic = Topic.objects.exclude(pk=education.pk).first()
    # Something already published, so that facet counts have something to count against.
    PracticeFactory(cities=[city], topics=[other_topic], published=True)
    admin = client
    admin.force_login(secretariat_user)

    # 1. The secretariat creates the coordinator in the admin: a welcome e-mail leaves.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("admin:icc_user_add"),
            {
                "username": "ana",
                "email": "ana@lisboa.example.org",
                "first_name": "Ana",
                "last_name": "Silva",
                "preferred_language": "fr",
                "coordinated_cities": [city.pk],
                "_save": "Save",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    coordinator = User.objects.get(username="ana")
    assert list(coordinator.coordinated_cities.all()) == [city]
    assert not coordinator.has_usable_password()
    welcome = mail.outbox[-1]
    assert welcome.to == ["ana@lisboa.example.org"]
    assert "/fr/accounts/reset/" in welcome.body  # in her language

    # 2. She follows the link and chooses her password.
    admin.logout()
    browser = client
    url = link_in(welcome).split("://", 1)[1].split("/", 1)[1]
    response = browser.get("/" + url, follow=True)
    assert response.status_code == 200
    set_password_url = response.redirect_chain[-1][0]
    response = browser.post(
        set_password_url, {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")

    # 3. She signs in.
    response = browser.post(reverse("accounts:login"), {"username": "ana", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:practice_list")

    # 4. She writes a bilingual practice with an image and saves a draft.
    data = practice_form_data(
        cities=[city],
        topics=[education],
        title_en="Lisbon intercultural mediators",
        title_fr="Médiateurs interculturels de Lisbonne",
        **{
            "image-file": png_upload("mediators.png"),
            "image-alt_text_en": "Mediators talking with families",
            "image-alt_text_fr": "Des médiateurs parlent avec des familles",
        },
    )
    response = browser.post(reverse("workspace:practice_create"), data)
    assert response.status_code == 302
    practice = Practice.objects.get(title_en="Lisbon intercultural mediators")
    assert practice.status == Status.DRAFT
    assert practice.images.count() == 1

    # 5. She previews it, exactly as the public will see it (she reads the site in French,
    # the language her link opened).
    response = browser.get(reverse("workspace:practice_preview", args=[practice.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert response.wsgi_request.path.startswith("/fr/")
    assert "Médiateurs interculturels de Lisbonne" in content
    assert 'alt="Des médiateurs parlent avec des familles"' in content
    # ...and the public does not see it yet.
    assert not Practice.objects.published().filter(pk=practice.pk).exists()

    # 6. She submits it: the secretariat is told.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(reverse("workspace:practice_submit", args=[practice.pk]))
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    assert "secretariat@icc.example.org" in [address for m in mail.outbox for address in m.to]
    assert "Lisbon intercultural mediators" in mail.outbox[-1].subject

    # 7. The secretariat asks for changes in the admin: she is told, in French.
    browser.logout()
    admin.force_login(secretariat_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("admin:practices_practice_review", args=[practice.pk, "request-changes"]),
            {"comment": "Please describe the results."},
        )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == Status.CHANGES_REQUESTED
    decision = mail.outbox[-1]
    assert decision.to == ["ana@lisboa.example.org"]
    assert "Please describe the results." in decision.body
    # Written in her language: the practice is named by its French title.
    assert "Médiateurs interculturels de Lisbonne" in decision.subject

    # 8. She sees the comment, revises and resubmits.
    admin.logout()
    browser.post(reverse("accounts:login"), {"username": "ana", "password": PASSWORD})
    response = browser.get(
        reverse(
            "workspace:practice_list",
        )
    )
    assert "Please describe the results." in response.content.decode()
    response = browser.post(
        reverse("workspace:practice_edit", args=[practice.pk]),
        edit_data(
            practice,
            results_en="400 families reached.",
            results_fr="400 familles touchées.",
        ),
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(
            reverse("workspace:practice_submit", args=[practice.pk]),
            {"comment": "Results added."},
        )
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    assert practice.results_fr == "400 familles touchées."

    # 9. The secretariat publishes: she is told.
    browser.logout()
    admin.force_login(secretariat_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("admin:practices_practice_review", args=[practice.pk, "publish"]),
            {"comment": "Thank you, it is online."},
        )
    assert response.status_code == 302, response.context["form"].errors
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED
    assert mail.outbox[-1].to == ["ana@lisboa.example.org"]
    assert f"/fr/practices/{practice.slug}/" in mail.outbox[-1].body

    # 10. The public listing shows it under its topic, with the right facet counts.
    admin.logout()
    translation.activate("en")
    response = client.get(reverse("practices:practice_list"), {"topic": education.slug})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Lisbon intercultural mediators" in content
    assert facet_option(response, "topic", education.slug).count == 1
    assert facet_option(response, "topic", other_topic.slug).count == 1
    response = client.get(reverse("practices:practice_list"))
    assert facet_option(response, "topic", education.slug).count == 1
    assert response.context["paginator"].count == 2
    response = client.get(practice.get_absolute_url())
    assert response.status_code == 200
    assert "400 families reached." in response.content.decode()

    # The whole life cycle is logged.
    assert list(practice.transitions.order_by("pk").values_list("to_status", flat=True)) == [
        Status.SUBMITTED,
        Status.CHANGES_REQUESTED,
        Status.SUBMITTED,
        Status.PUBLISHED,
    ]
