"""The coordinators' workspace: writing, saving, previewing, submitting and deleting practices."""

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from icc.models import Image
from practices import services, workspace_services
from practices.forms import PENDING_UPLOAD_DIRECTORY
from practices.models import Practice, Topic
from tests.factories import (
    CityFactory,
    PracticeFactory,
    SecretariatUserFactory,
    pdf_upload,
    png_upload,
)

pytestmark = pytest.mark.django_db
Status = Practice.Status


def practice_form_data(*, cities, topics=(), **overrides):
    """POST data of the practice form: every translated column, from settings.LANGUAGES."""
    data = {}
    for name in ("title", "period", *Practice.SECTION_FIELDS):
        for code, _name in settings.LANGUAGES:
            data[f"{name}_{code}"] = ""
    data.update(
        {
            "title_en": "Anti-rumours network",
            "title_fr": "Réseau anti-rumeurs",
            "period_en": "Ongoing since 2014",
            "first_year": "2014",
            "last_year": "",
            "is_ongoing": "on",
            "purpose_en": "To counter rumours about migrants.",
            "purpose_fr": "Contrer les rumeurs sur les migrants.",
            "cities": [city.pk for city in cities],
            "topics": [topic.pk for topic in topics],
            "action": "save",
        }
    )
    data.update(overrides)
    return data


def edit_data(practice, **overrides):
    """The edit form's data as a browser would send it back, unchanged, plus ``overrides``."""
    loaded_at, loaded_revision = workspace_services.version_token(practice)
    data = {"loaded_at": loaded_at, "loaded_revision": loaded_revision or ""}
    for name in workspace_services.EDITABLE_FIELDS:
        value = getattr(practice, name)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else str(value)
    data["cities"] = [city.pk for city in practice.cities.all()]
    data["topics"] = [topic.pk for topic in practice.topics.all()]
    data["action"] = "save"
    data.update(overrides)
    return data


@pytest.fixture
def topic():
    return Topic.objects.get(slug="education")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def practice(city, topic):
    return PracticeFactory(cities=[city], topics=[topic])


def test_list_shows_own_cities_practices_with_status_and_latest_comment(
    coordinator_client, coordinator, city, other_city, secretariat_user, topic
):
    mine = PracticeFactory(cities=[city], topics=[topic], title_en="Lisbon welcomes")
    services.practice_submit(practice=mine, user=coordinator)
    services.practice_request_changes(
        practice=mine, user=secretariat_user, comment="Please add the budget."
    )
    PracticeFactory(cities=[other_city], title_en="Oslo secret draft")

    response = coordinator_client.get(reverse("workspace:practice_list"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Lisbon welcomes" in content
    assert "Changes requested" in content
    assert "Please add the budget." in content
    assert "Oslo secret draft" not in content


def test_list_query_count_does_not_grow_with_practices(
    coordinator_client, city, django_assert_max_num_queries
):
    PracticeFactory.create_batch(3, cities=[city])
    with django_assert_max_num_queries(12) as few:
        coordinator_client.get(reverse("workspace:practice_list"))
    PracticeFactory.create_batch(25, cities=[city])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = coordinator_client.get(reverse("workspace:practice_list"))
    assert response.content.decode().count("workspace-table") >= 1


def test_create_bilingual_draft_with_image_and_document(
    coordinator_client, coordinator, city, topic
):
    data = practice_form_data(cities=[city], topics=[topic])
    data.update(
        {
            "image-file": png_upload("square.png"),
            "image-alt_text_en": "People in a square",
            "image-alt_text_fr": "Des gens sur une place",
            "image-credit": "City of Lisbon",
            "document-file": pdf_upload("handbook.pdf"),
            "document-title_en": "Handbook",
            "document-language": "en",
        }
    )
    response = coordinator_client.post(reverse("workspace:practice_create"), data)

    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:practice_edit", args=[practice.pk])
    assert practice.status == Status.DRAFT
    assert (practice.title_en, practice.title_fr) == ("Anti-rumours network", "Réseau anti-rumeurs")
    assert practice.country == city.country
    assert practice.created_by == coordinator
    assert list(practice.cities.all()) == [city]
    assert list(practice.topics.all()) == [topic]
    image = practice.images.get()
    assert (image.alt_text_en, image.alt_text_fr, image.credit) == (
        "People in a square",
        "Des gens sur une place",
        "City of Lisbon",
    )
    assert (image.width, image.height) == (40, 30)
    document = practice.documents.get()
    assert document.title_en == "Handbook"
    assert document.files.get().file.read().startswith(b"%PDF-")
    # Every save keeps a revision with its author.
    version = Version.objects.get_for_object(practice).get()
    assert version.revision.user == coordinator
    assert "Created" in version.revision.comment


def test_one_title_in_either_language_is_enough(coordinator_client, city):
    data = practice_form_data(cities=[city], title_en="", title_fr="Seulement en français")
    response = coordinator_client.post(reverse("workspace:practice_create"), data)
    assert response.status_code == 302
    assert Practice.objects.get().title_fr == "Seulement en français"


def test_no_title_at_all_is_refused_and_everything_written_is_kept(coordinator_client, city, topic):
    data = practice_form_data(
        cities=[city],
        topics=[topic],
        title_en="",
        title_fr="",
        results_fr="Des résultats précieux",
        **{
            "image-file": png_upload("kept.png"),
            "image-alt_text_en": "A kept picture",
            "document-file": pdf_upload("kept.pdf"),
            "document-title_fr": "Rapport gardé",
        },
    )
    response = coordinator_client.post(reverse("workspace:practice_create"), data)

    content = response.content.decode()
    assert response.status_code == 200
    assert not Practice.objects.exists()
    assert "Give the practice a title in at least one language." in content
    assert 'class="error-summary"' in content and 'href="#id_title_en"' in content
    assert 'aria-describedby="id_title_en_error"' in content
    assert "Des résultats précieux" in content
    assert "Contrer les rumeurs sur les migrants." in content
    assert "A kept picture" in content
    # The accepted uploads are offered again, not asked for again.
    assert "kept.png" in content and "kept.pdf" in content
    form = response.context["image_form"]
    token = form["kept_upload"].value()
    document_token = response.context["document_form"]["kept_upload"].value()
    assert token and document_token

    # Fixing the title without choosing the files again saves the image and the document.
    data = practice_form_data(
        cities=[city],
        topics=[topic],
        title_en="Fixed title",
        **{
            "image-kept_upload": token,
            "image-alt_text_en": "A kept picture",
            "document-kept_upload": document_token,
            "document-title_fr": "Rapport gardé",
        },
    )
    response = coordinator_client.post(reverse("workspace:practice_create"), data)
    assert response.status_code == 302
    practice = Practice.objects.get()
    assert practice.images.get().alt_text_en == "A kept picture"
    assert practice.images.get().file.read().startswith(b"\x89PNG")
    assert practice.documents.get().title_fr == "Rapport gardé"
    # The pending copies are gone once saved where they belong.
    assert default_storage.listdir(PENDING_UPLOAD_DIRECTORY) == ([], []) or all(
        not default_storage.listdir(f"{PENDING_UPLOAD_DIRECTORY}/{folder}")[1]
        for folder in default_storage.listdir(PENDING_UPLOAD_DIRECTORY)[0]
    )


def test_image_without_alternative_text_is_refused_but_kept(coordinator_client, city):
    data = practice_form_data(cities=[city], **{"image-file": png_upload("no-alt.png")})
    response = coordinator_client.post(reverse("workspace:practice_create"), data)
    assert response.status_code == 200
    assert "Describe the image in at least one language" in response.content.decode()
    assert not Image.objects.exists()
    assert response.context["image_form"].kept_name == "no-alt.png"


def test_kept_upload_token_of_another_user_is_ignored(client, coordinator, city, other_coordinator):
    client.force_login(coordinator)
    data = practice_form_data(cities=[city], title_en="", **{"image-file": png_upload()})
    token = (
        client.post(reverse("workspace:practice_create"), data)
        .context["image_form"]["kept_upload"]
        .value()
    )
    client.force_login(other_coordinator)
    data = practice_form_data(
        cities=list(other_coordinator.coordinated_cities.all()),
        **{"image-kept_upload": token, "image-alt_text_en": "Stolen"},
    )
    response = client.post(reverse("workspace:practice_create"), data)
    assert response.status_code == 200
    assert "Choose the image file this text describes." in response.content.decode()
    assert not Image.objects.exists()


def test_year_range_is_checked(coordinator_client, city):
    data = practice_form_data(cities=[city], first_year="2020", last_year="2010")
    response = coordinator_client.post(reverse("workspace:practice_create"), data)
    assert response.status_code == 200
    assert "The last year cannot be before the first year." in response.content.decode()
    assert not Practice.objects.exists()


def test_edit_saves_a_revision_with_user_and_comment(coordinator_client, coordinator, practice):
    response = coordinator_client.post(
        reverse("workspace:practice_edit", args=[practice.pk]),
        edit_data(practice, evaluation_fr="Évaluée en 2020"),
    )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.evaluation_fr == "Évaluée en 2020"
    version = Version.objects.get_for_object(practice).first()
    assert version.revision.user == coordinator
    assert "Evaluation (French)" in version.revision.comment


def test_edit_keeps_cities_the_coordinator_does_not_coordinate(
    coordinator_client, coordinator, city, other_city
):
    shared = PracticeFactory(cities=[city, other_city])
    response = coordinator_client.post(
        reverse("workspace:practice_edit", args=[shared.pk]),
        edit_data(shared, cities=[city.pk], purpose_en="Shared work"),
    )
    assert response.status_code == 302
    assert set(shared.cities.all()) == {city, other_city}


def test_remove_an_attached_image(coordinator_client, practice):
    from tests.factories import ImageFactory

    image = ImageFactory()
    practice.images.add(image)
    response = coordinator_client.post(
        reverse("workspace:practice_edit", args=[practice.pk]),
        edit_data(practice, **{"attached-remove_images": [image.pk]}),
    )
    assert response.status_code == 302
    assert not practice.images.exists()
    assert Image.objects.filter(pk=image.pk).exists()  # detached, not destroyed


def test_save_and_preview_shows_the_public_rendering(coordinator_client, practice):
    response = coordinator_client.post(
        reverse("workspace:practice_edit", args=[practice.pk]),
        edit_data(practice, action="preview", budget_en="EUR 20,000 a year"),
    )
    assert response["Location"] == reverse("workspace:practice_preview", args=[practice.pk])
    response = coordinator_client.get(response["Location"])
    content = response.content.decode()
    assert response.status_code == 200
    assert "EUR 20,000 a year" in content
    assert "practice-detail" in content  # the public page's own body
    assert content.count("<h1") == 1
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_submit_moves_to_submitted_and_locks_editing(
    coordinator_client, practice, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("workspace:practice_submit", args=[practice.pk]), {"comment": "Ready."}
        )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    assert practice.transitions.get().comment == "Ready."
    assert mailoutbox[0].to == ["secretariat@icc.example.org"]

    before = practice.purpose_en
    response = coordinator_client.post(
        reverse("workspace:practice_edit", args=[practice.pk]),
        edit_data(practice, purpose_en="Changed after submission"),
    )
    # Not saved, but not lost: the text comes back with what happened (tests/practices/
    # test_nothing_lost.py covers every such path).
    assert response.status_code == 409
    assert "Changed after submission" in response.content.decode()
    practice.refresh_from_db()
    assert practice.purpose_en == before


def test_posted_status_is_ignored(coordinator_client, practice):
    coordinator_client.post(
        reverse("workspace:practice_edit", args=[practice.pk]),
        edit_data(practice, status="published", published_at="2020-01-01"),
    )
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT
    assert practice.published_at is None


def test_detail_shows_log_and_latest_review_comment(
    coordinator_client, coordinator, secretariat_user, practice
):
    services.practice_submit(practice=practice, user=coordinator)
    services.practice_request_changes(
        practice=practice, user=secretariat_user, comment="Say more about the results."
    )
    response = coordinator_client.get(reverse("workspace:practice_detail", args=[practice.pk]))
    content = response.content.decode()
    assert "Latest comment from the secretariat" in content
    assert "Say more about the results." in content
    assert "Submitted for review" in content and "Changes requested" in content
    assert reverse("workspace:practice_edit", args=[practice.pk]) in content
    # The edit form shows it too.
    response = coordinator_client.get(reverse("workspace:practice_edit", args=[practice.pk]))
    assert "Say more about the results." in response.content.decode()


def test_delete_draft_keeps_a_revision_the_secretariat_can_recover(
    coordinator_client, coordinator, practice, city, topic
):
    pk = practice.pk
    response = coordinator_client.post(reverse("workspace:practice_delete", args=[pk]))
    assert response.status_code == 302
    assert not Practice.objects.filter(pk=pk).exists()

    deleted = Version.objects.get_deleted(Practice)
    assert [version.object_id for version in deleted] == [str(pk)]
    deleted[0].revision.revert(delete=False)
    restored = Practice.objects.get(pk=pk)
    assert restored.title_en == practice.title_en
    assert list(restored.cities.all()) == [city]
    assert list(restored.topics.all()) == [topic]


def test_only_drafts_can_be_deleted(coordinator_client, coordinator, practice):
    services.practice_submit(practice=practice, user=coordinator)
    response = coordinator_client.post(reverse("workspace:practice_delete", args=[practice.pk]))
    assert response.status_code == 403
    assert Practice.objects.filter(pk=practice.pk).exists()


def test_concurrent_edit_is_detected_and_input_kept(client, coordinator, city, practice):
    colleague = SecretariatUserFactory(username="colleague")  # any second writer
    colleague.is_superuser = False
    colleague.save()
    co_coordinator = coordinator.__class__.objects.create_user(
        username="co-coordinator", email="co@example.org", password="x", first_name="Ana"
    )
    city.coordinators.add(co_coordinator)

    # Both open the form; the first save keeps a revision, so the second knows what changed.
    workspace_services.practice_update(
        practice=practice,
        user=coordinator,
        fields={"purpose_en": practice.purpose_en},
        cities=[city],
        topics=list(practice.topics.all()),
    )
    practice.refresh_from_db()
    mine = edit_data(practice, results_en="My long text about results")
    theirs = edit_data(practice, purpose_en="Their new purpose")

    client.force_login(co_coordinator)
    assert (
        client.post(reverse("workspace:practice_edit", args=[practice.pk]), theirs).status_code
        == 302
    )

    client.force_login(coordinator)
    response = client.post(reverse("workspace:practice_edit", args=[practice.pk]), mine)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this practice while you were editing it." in content
    assert "Ana" in content  # who
    assert "Purpose (English)" in content and "Their new purpose" in content  # what
    assert "My long text about results" in content  # my input is kept
    practice.refresh_from_db()
    assert practice.purpose_en == "Their new purpose"
    assert practice.results_en == ""

    # Saving again, knowingly, overwrites.
    again = {
        key: value for key, value in mine.items() if key not in ("loaded_at", "loaded_revision")
    }
    again["loaded_at"] = response.context["form"]["loaded_at"].value()
    again["loaded_revision"] = response.context["form"]["loaded_revision"].value()
    response = client.post(reverse("workspace:practice_edit", args=[practice.pk]), again)
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.results_en == "My long text about results"


def test_create_needs_a_city(client, db):
    from tests.factories import CoordinatorFactory

    lonely = CoordinatorFactory(username="lonely", cities=[])
    client.force_login(lonely)
    assert client.get(reverse("workspace:practice_create")).status_code == 403


def test_form_has_language_columns_for_every_language(coordinator_client):
    response = coordinator_client.get(reverse("workspace:practice_create"))
    content = response.content.decode()
    for name in ("title", "purpose", "links"):
        for code, _name in settings.LANGUAGES:
            assert f'name="{name}_{code}"' in content
            assert f'id="id_{name}_{code}"' in content
    assert 'lang="fr"' in content and 'lang="en"' in content
    assert 'for="id_title_fr"' in content
    assert content.count("<h1") == 1


def test_upload_of_a_fake_image_is_refused_in_the_form(coordinator_client, city):
    fake = SimpleUploadedFile("photo.png", b"just some text", content_type="image/png")
    data = practice_form_data(cities=[city], **{"image-file": fake, "image-alt_text_en": "A photo"})
    response = coordinator_client.post(reverse("workspace:practice_create"), data)
    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
    assert not Practice.objects.exists()
    # The rest of the form is still there.
    assert "Anti-rumours network" in response.content.decode()


def test_new_city_country_is_the_first_citys(client, db):
    from tests.factories import CoordinatorFactory

    nantes = CityFactory(name_en="Nantes", country="FR")
    person = CoordinatorFactory(username="nantes", cities=[nantes])
    client.force_login(person)
    client.post(reverse("workspace:practice_create"), practice_form_data(cities=[nantes]))
    assert Practice.objects.get().country == "FR"


def _hostile_uploads():
    from tests.icc.test_validators import png_claiming

    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    return [
        ("image", "notes.png", b"plain text, renamed", "Upload a valid image"),
        ("image", "logo.svg", svg, "Upload a valid image"),
        ("image", "huge.png", png_claiming(20_000, 20_000), "too many pixels"),
        ("document", "notes.pdf", b"plain text, renamed", "does not match its extension"),
        ("document", "page.html", b"<html></html>", "Upload a PDF or an office document"),
    ]


@pytest.mark.parametrize(
    ("slot", "name", "content", "message"), _hostile_uploads(), ids=lambda value: str(value)[:12]
)
def test_hostile_uploads_are_refused_in_the_form(
    coordinator_client, city, slot, name, content, message
):
    extra = {f"{slot}-file": SimpleUploadedFile(name, content)}
    extra[f"{slot}-alt_text_en" if slot == "image" else f"{slot}-title_en"] = "Described"
    response = coordinator_client.post(
        reverse("workspace:practice_create"), practice_form_data(cities=[city], **extra)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Practice.objects.exists()
    assert response.context[f"{slot}_form"].kept_name is None  # refused files are not kept


def test_oversized_upload_is_refused_in_the_form(coordinator_client, city, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1000
    data = practice_form_data(
        cities=[city],
        **{
            "image-file": png_upload(width=400, height=400, color=(1, 2, 3)),
            "image-alt_text_en": "Big",
        },
    )
    data["image-file"] = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * 5000)
    response = coordinator_client.post(reverse("workspace:practice_create"), data)
    assert response.status_code == 200
    assert "The file is too large" in response.content.decode()
