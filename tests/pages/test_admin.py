"""Programme pages in the admin: both languages, order, revisions and revert, permissions."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from icc.caching import versions
from icc.pages.models import Page
from tests.factories import PageFactory, UserFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:pages_page_add")
CHANGELIST_URL = reverse("admin:pages_page_changelist")


def page_data(**overrides):
    data = {
        "title_en": "How to join", "title_fr": "Comment adhérer",
        "menu_title_en": "Join", "menu_title_fr": "Adhérer",
        "slug": "", "role": "join",
        "summary_en": "The steps to join.", "summary_fr": "Les étapes de l'adhésion.",
        "body_en": "<p>Write to us.</p>", "body_fr": "<p>Écrivez-nous.</p>",
        "position": "20", "show_in_menu": "on", "show_in_footer": "on", "is_published": "on",
    }  # fmt: skip
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def form_data(form):
    """What a browser would post back for an admin form as it was shown."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else str(value)
    return data


def test_the_secretariat_writes_a_page_in_both_languages(secretariat_client):
    response = secretariat_client.post(ADD_URL, page_data())
    assert response.status_code == 302, response.context["adminform"].form.errors
    page = Page.objects.get()
    assert (page.title_en, page.title_fr) == ("How to join", "Comment adhérer")
    assert (page.body_en, page.body_fr) == ("<p>Write to us.</p>", "<p>Écrivez-nous.</p>")
    assert page.slug == "how-to-join" and page.role == Page.Role.JOIN
    assert Version.objects.get_for_object(page).count() == 1
    public = secretariat_client.get("/fr/about/how-to-join/")
    assert "<h1>Comment adhérer</h1>" in text(public)


def test_a_french_title_is_required(secretariat_client):
    response = secretariat_client.post(ADD_URL, page_data(title_fr=""))
    assert response.status_code == 200
    assert "title_fr" in response.context["adminform"].form.errors
    assert not Page.objects.exists()


def test_a_second_page_with_the_same_role_is_a_form_error(secretariat_client):
    PageFactory(role=Page.Role.JOIN)
    response = secretariat_client.post(ADD_URL, page_data())
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Page.objects.count() == 1


def test_edit_then_revert_to_the_first_version_in_both_languages(secretariat_client):
    secretariat_client.post(ADD_URL, page_data())
    page = Page.objects.get()
    change_url = reverse("admin:pages_page_change", args=[page.pk])
    edited = page_data(
        slug=page.slug, title_en="Joining the network", title_fr="Rejoindre le réseau",
        body_en="<p>New text.</p>", body_fr="<p>Nouveau texte.</p>",
    )  # fmt: skip
    assert secretariat_client.post(change_url, edited).status_code == 302
    page.refresh_from_db()
    assert page.title_fr == "Rejoindre le réseau"
    assert "Rejoindre le réseau" in text(secretariat_client.get("/fr/about/how-to-join/"))

    first, second = sorted(Version.objects.get_for_object(page), key=lambda version: version.pk)
    history = text(secretariat_client.get(reverse("admin:pages_page_history", args=[page.pk])))
    revision_url = reverse("admin:pages_page_revision", args=[page.pk, first.pk])
    assert revision_url in history

    # The revision view shows the form as it was in the first version; saving it reverts.
    shown = secretariat_client.get(revision_url)
    assert shown.status_code == 200
    form = shown.context["adminform"].form
    assert form.initial["title_fr"] == "Comment adhérer"
    page.refresh_from_db()
    assert page.title_fr == "Rejoindre le réseau", "only looking at a revision changes nothing"
    generation = versions.current_generation()

    response = secretariat_client.post(revision_url, form_data(form))

    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.title_en, page.title_fr) == ("How to join", "Comment adhérer")
    assert (page.body_en, page.body_fr) == ("<p>Write to us.</p>", "<p>Écrivez-nous.</p>")
    assert Version.objects.get_for_object(page).count() == 3
    assert "Reverted" in Version.objects.get_for_object(page).first().revision.comment
    # The revert is a content change: every cached page and memo starts over.
    assert versions.current_generation() > generation
    assert "<h1>Comment adhérer</h1>" in text(secretariat_client.get("/fr/about/how-to-join/"))
    assert "<h1>How to join</h1>" in text(secretariat_client.get("/en/about/how-to-join/"))


def test_the_secretariat_orders_pages_and_places_them_from_the_list(secretariat_client):
    first = PageFactory(title_en="First", position=10, show_in_menu=True)
    second = PageFactory(title_en="Second", position=20, show_in_menu=False)
    listing = secretariat_client.get(CHANGELIST_URL)
    assert [page.pk for page in listing.context["cl"].result_list] == [first.pk, second.pk]
    data = {
        "form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "2",
        "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000",
        "form-0-id": str(first.pk), "form-0-position": "30", "form-0-show_in_footer": "on",
        "form-1-id": str(second.pk), "form-1-position": "5", "form-1-show_in_menu": "on",
        "form-1-show_in_footer": "on", "_save": "Save",
    }  # fmt: skip
    response = secretariat_client.post(CHANGELIST_URL, data)
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.position, first.show_in_menu) == (30, False)
    assert (second.position, second.show_in_menu) == (5, True)
    ordered = secretariat_client.get(CHANGELIST_URL).context["cl"].result_list
    assert [page.pk for page in ordered] == [second.pk, first.pk]
    # Changes made from the list are revisions too.
    assert Version.objects.get_for_object(second).count() == 1


def test_bulk_unpublish_hides_the_pages(secretariat_client):
    page = PageFactory()
    assert Client().get(page.get_absolute_url()).status_code == 200
    response = secretariat_client.post(
        CHANGELIST_URL, {"action": "unpublish_selected", "_selected_action": [page.pk]}
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.is_published is False
    assert Client().get(page.get_absolute_url()).status_code == 404


def test_staff_without_the_permission_cannot_open_or_change_pages(client):
    page = PageFactory()
    staff = UserFactory(username="intern", is_staff=True)
    client.force_login(staff)
    change_url = reverse("admin:pages_page_change", args=[page.pk])
    assert client.get(CHANGELIST_URL).status_code == 403
    assert client.post(change_url, page_data(slug=page.slug)).status_code == 403
    assert client.post(ADD_URL, page_data()).status_code == 403
    page.refresh_from_db()
    assert page.title_en.startswith("Programme page")

    staff.user_permissions.add(Permission.objects.get(codename="view_page"))
    assert client.get(CHANGELIST_URL).status_code == 200
    assert client.post(change_url, page_data(slug=page.slug)).status_code == 403


def test_a_city_coordinator_is_sent_to_the_sign_in_page(client, coordinator):
    client.force_login(coordinator)
    response = client.get(CHANGELIST_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_secretariat_group_holds_every_page_permission(secretariat_user):
    for codename in ("add_page", "change_page", "delete_page", "view_page"):
        assert secretariat_user.has_perm(f"pages.{codename}")
