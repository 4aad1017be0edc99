"""Every admin page opens for the secretariat; people, images, documents, revisions."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_registered_model_has_working_pages_for_the_secretariat(
    secretariat_client, admin_objects
):
    objects = admin_objects
    for model, model_admin in admin.site._registry.items():
        response = secretariat_client.get(admin_url(model, "changelist"))
        assert response.status_code == 200, (model, "changelist", response.status_code)
        if model_admin.has_add_permission(response.wsgi_request):
            response = secretariat_client.get(admin_url(model, "add"))
            assert response.status_code == 200, (model, "add", response.status_code)
        obj = objects[model]
        response = secretariat_client.get(admin_url(model, "change", obj.pk))
        assert response.status_code == 200, (model, "change", response.status_code)


def test_change_lists_offer_import_export_and_recover_deleted(secretariat_client):
    from events.models import Event

    html = secretariat_client.get(admin_url(Event, "changelist")).content.decode()
    for url in (
        admin_url(Event, "import"),
        admin_url(Event, "export"),
        admin_url(Event, "recoverlist"),
        admin_url(Event, "add"),
    ):
        assert f'href="{url}' in html


def test_translation_tabs_load_nothing_from_a_cdn(secretariat_client):
    from events.models import Event

    html = secretariat_client.get(admin_url(Event, "add")).content.decode()
    assert "icc_admin/js/tabs.js" in html
    assert "modeltranslation/js/tabbed_translation_fields.js" in html
    assert "googleapis" not in html and "//ajax" not in html


def test_a_text_file_uploaded_as_an_image_is_a_form_error(secretariat_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from icc.models import Image

    upload = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")
    response = secretariat_client.post(
        admin_url(Image, "add"),
        {"file": upload, "alt_text_en": "A square", "alt_text_fr": "Une place", "credit": ""},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"]
    assert not Image.objects.exists()


def test_image_list_shows_a_thumbnail_with_its_alternative_text(secretariat_client):
    from icc.models import Image
    from tests.factories import ImageFactory

    ImageFactory(alt_text_en="Children in a park")
    html = secretariat_client.get(admin_url(Image, "changelist")).content.decode()
    assert 'alt="Children in a park"' in html


def test_document_with_a_language_file(secretariat_client):
    from icc.models import Document
    from tests.factories import pdf_upload

    response = secretariat_client.post(
        admin_url(Document, "add"),
        {
            "title_en": "Anti-rumours handbook", "title_fr": "Manuel anti-rumeurs",
            "kind": "guide", "year": "2018", "credit": "",
            "files-TOTAL_FORMS": "1", "files-INITIAL_FORMS": "0",
            "files-MIN_NUM_FORMS": "0", "files-MAX_NUM_FORMS": "1000",
            "files-0-language": "ar", "files-0-file": pdf_upload("handbook-ar.pdf"),
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert Document.objects.get().files.get().language == "ar"


# --- People ---------------------------------------------------------------------------------


def test_creating_a_coordinator_sends_the_welcome_email_without_a_password(
    secretariat_client, city, django_capture_on_commit_callbacks
):
    from django.core import mail

    from icc.models import COORDINATOR_GROUP, User

    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(
            admin_url(User, "add"),
            {
                "username": "ana", "email": "ana@lisboa.example.org", "first_name": "Ana",
                "last_name": "Silva", "preferred_language": "fr",
                "coordinated_cities": [city.pk],
            },
        )  # fmt: skip

    assert response.status_code == 302
    user = User.objects.get(username="ana")
    assert not user.has_usable_password()
    assert list(user.coordinated_cities.all()) == [city]
    assert user.groups.filter(name=COORDINATOR_GROUP).exists()
    assert [message.to for message in mail.outbox] == [["ana@lisboa.example.org"]]
    assert "/fr/" in mail.outbox[0].body  # the link is in the person's language


def test_creating_a_user_without_cities_sends_nothing(
    secretariat_client, django_capture_on_commit_callbacks
):
    from django.core import mail

    from icc.models import User

    with django_capture_on_commit_callbacks(execute=True):
        secretariat_client.post(
            admin_url(User, "add"),
            {"username": "bob", "email": "bob@example.org", "preferred_language": "en"},
        )
    assert User.objects.filter(username="bob").exists()
    assert mail.outbox == []


def test_send_password_email_action(
    secretariat_client, coordinator, django_capture_on_commit_callbacks
):
    from django.core import mail

    from icc.models import User

    with django_capture_on_commit_callbacks(execute=True):
        secretariat_client.post(
            admin_url(User, "changelist"),
            {"action": "send_password_email", "_selected_action": [coordinator.pk]},
        )
    assert [message.to for message in mail.outbox] == [[coordinator.email]]


def test_secretariat_cannot_make_anyone_superuser(secretariat_client, coordinator):
    from icc.models import User

    response = secretariat_client.get(admin_url(User, "change", coordinator.pk))
    form = response.context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields
    assert "coordinated_cities" in form.fields


def test_admin_index_links_to_the_review_queue(secretariat_client):
    from django.urls import reverse

    html = secretariat_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:practices_practice_review_queue") in html


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:cities_city_changelist",
        "admin:cities_network_changelist",
        "admin:events_event_changelist",
        "admin:news_newsitem_changelist",
        "admin:practices_practice_changelist",
    ],
)
def test_change_lists_show_each_import_export_and_recover_button_once(secretariat_client, url_name):
    content = secretariat_client.get(reverse(url_name)).content.decode()
    assert content.count('class="import_link"') == 1
    assert content.count('class="export_link"') == 1
    assert content.count('class="recoverlink"') == 1


def test_country_filter_offers_only_used_countries_by_name(secretariat_client):
    CityFactory(country="PT")
    CityFactory(country="NO")
    content = secretariat_client.get(reverse("admin:cities_city_changelist")).content.decode()
    assert "Portugal" in content and "Norway" in content
    assert "Afghanistan" not in content
    filtered = secretariat_client.get(reverse("admin:cities_city_changelist") + "?country=NO")
    assert filtered.status_code == 200
    assert list(filtered.context["cl"].result_list.values_list("country", flat=True)) == ["NO"]
