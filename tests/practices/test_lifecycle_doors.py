"""Every admin door into a practice: none changes its status except through practices.services.

Each test tries to move a practice's status (or lose its life-cycle log) through one door of
the back-office: the change form, "save as new", the read-only log inline, the change list
(list_editable, actions, deletion), the History (compare, revert), "Recover deleted" and the
CSV/XLSX import. The status must end where the services put it, with a Transition for every
move and the log intact.
"""

import pytest
from django.contrib import admin
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.formats.base_formats import CSV, XLSX
from reversion.models import Version

from practices import services
from practices.admin import PracticeAdmin
from practices.models import Practice, Transition
from practices.resources import PracticeResource
from tests.factories import PracticeFactory, TopicFactory

pytestmark = pytest.mark.django_db
Status = Practice.Status


@pytest.fixture
def topic():
    return TopicFactory(name_en="Anti-rumours", name_fr="Anti-rumeurs")


@pytest.fixture
def published(city, coordinator, secretariat_user, topic):
    """A practice written in the workspace, submitted, then published: three revisions."""
    practice = PracticeFactory(cities=[city], topics=[topic], title_en="Welcome desk")
    services.practice_submit(practice=practice, user=coordinator)
    services.practice_publish(practice=practice, user=secretariat_user)
    practice.refresh_from_db()
    return practice


def to_milliseconds(moment):
    # Revisions store times to the millisecond (Django's JSON encoder): a recovered log too.
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000) if moment else moment


def life_cycle(practice):
    """What must not move: the status, its dates and the whole log."""
    practice.refresh_from_db()
    steps = [
        (*step[:-1], to_milliseconds(step[-1]))
        for step in practice.transitions.order_by("created_at", "pk").values_list(
            "pk", "from_status", "to_status", "actor_id", "comment", "created_at"
        )
    ]
    return (
        practice.status,
        to_milliseconds(practice.submitted_at),
        to_milliseconds(practice.published_at),
        steps,
    )


def assert_status_has_its_transition(practice):
    """The status is where the log ends (a practice without a log is a draft)."""
    practice.refresh_from_db()
    last = practice.transitions.order_by("-created_at", "-pk").first()
    assert practice.status == (last.to_status if last else Status.DRAFT)


def change_url(practice):
    return reverse("admin:practices_practice_change", args=[practice.pk])


def change_form_data(response, **overrides):
    """The admin change form's data as a browser sends it back, plus ``overrides``."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [str(item.pk if hasattr(item, "pk") else item) for item in value]
        else:
            data[name] = str(value)
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    data.update(overrides)
    return data


def edit_purpose_in_admin(client, practice, text):
    response = client.get(change_url(practice))
    response = client.post(change_url(practice), change_form_data(response, purpose_en=text))
    assert response.status_code == 302, response.context["adminform"].form.errors


# --- The change form ----------------------------------------------------------------------


def test_the_change_form_ignores_a_posted_status_and_dates(secretariat_client, published):
    before = life_cycle(published)
    response = secretariat_client.get(change_url(published))
    data = change_form_data(
        response,
        status=Status.DRAFT,
        published_at="",
        submitted_at="",
        purpose_en="Edited by the secretariat.",
    )
    assert secretariat_client.post(change_url(published), data).status_code == 302
    assert life_cycle(published) == before
    assert published.purpose_en == "Edited by the secretariat."


def test_the_add_form_always_makes_a_draft(secretariat_client, city, topic):
    response = secretariat_client.get(reverse("admin:practices_practice_add"))
    assert "status" not in response.context["adminform"].form.fields
    data = change_form_data(
        response,
        title_en="Added",
        title_fr="Ajoutée",
        country="PT",
        cities=[city.pk],
        topics=[topic.pk],
        status=Status.PUBLISHED,
        published_at="2020-01-01 10:00:00",
    )
    response = secretariat_client.post(reverse("admin:practices_practice_add"), data)
    assert response.status_code == 302
    added = Practice.objects.get(title_en="Added")
    assert (added.status, added.published_at) == (Status.DRAFT, None)
    assert not added.transitions.exists()


def test_save_as_new_copies_the_content_not_the_life_cycle(secretariat_client, published):
    response = secretariat_client.get(change_url(published))
    data = change_form_data(response, slug="welcome-desk-copy", _saveasnew="Save as new")
    response = secretariat_client.post(change_url(published), data)
    assert response.status_code == 302
    copy = Practice.objects.get(slug="welcome-desk-copy")
    assert (copy.status, copy.published_at, copy.submitted_at) == (Status.DRAFT, None, None)
    assert not copy.transitions.exists()
    assert_status_has_its_transition(published)


def test_the_log_inline_accepts_no_new_or_changed_step(secretariat_client, published):
    before = life_cycle(published)
    first = published.transitions.order_by("created_at", "pk").first()
    response = secretariat_client.get(change_url(published))
    data = change_form_data(response)
    prefix = response.context["inline_admin_formsets"][0].formset.prefix
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(total + 1),
            f"{prefix}-0-id": str(first.pk),
            f"{prefix}-0-to_status": Status.REJECTED,
            f"{prefix}-0-comment": "Forged",
            f"{prefix}-0-DELETE": "on",
            f"{prefix}-{total}-to_status": Status.DRAFT,
            f"{prefix}-{total}-from_status": Status.PUBLISHED,
            f"{prefix}-{total}-comment": "Forged",
        }
    )
    secretariat_client.post(change_url(published), data)
    assert life_cycle(published) == before


# --- The change list ----------------------------------------------------------------------


def test_the_change_list_edits_no_status(secretariat_client, published):
    assert "status" not in PracticeAdmin.list_editable
    before = life_cycle(published)
    secretariat_client.post(
        reverse("admin:practices_practice_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(published.pk),
            "form-0-status": Status.DRAFT,
            "_save": "Save",
        },
    )
    assert life_cycle(published) == before


def test_list_actions_record_a_transition_for_every_move(
    secretariat_client, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        secretariat_client.post(
            reverse("admin:practices_practice_changelist"),
            {"action": "unpublish_selected", "_selected_action": [published.pk]},
        )
    published.refresh_from_db()
    assert published.status == Status.ARCHIVED
    assert published.transitions.filter(to_status=Status.ARCHIVED).count() == 1
    assert_status_has_its_transition(published)


def test_there_is_no_other_list_action_on_the_status(secretariat_client):
    response = secretariat_client.get(reverse("admin:practices_practice_changelist"))
    actions = {name for name, _label in response.context["action_form"].fields["action"].choices}
    # "freshness": the yearly check's two actions keep the status (practices.freshness).
    freshness_actions = {"confirm_running_selected", "mark_ended_selected"}
    assert actions - freshness_actions == {
        "",
        "delete_selected",
        "publish_selected",
        "unpublish_selected",
    }


# --- History: compare and revert ----------------------------------------------------------


def test_revert_to_an_earlier_revision_keeps_the_life_cycle(
    secretariat_client, published, django_capture_on_commit_callbacks
):
    """The issue's case: reverting a published practice to its draft revision."""
    edit_purpose_in_admin(secretariat_client, published, "A newer purpose.")
    before = life_cycle(published)
    versions = Version.objects.get_for_object(published).order_by("pk")
    draft_version = versions.first()  # saved when it was submitted: status "submitted"
    assert draft_version.field_dict["status"] != Status.PUBLISHED
    revert_url = reverse("admin:practices_practice_revision", args=[published.pk, draft_version.pk])

    # The preview shows the old content with the status of today.
    preview = secretariat_client.get(revert_url)
    assert preview.status_code == 200
    assert preview.context["adminform"].form.initial["purpose_en"] == "To bring people together."
    assert preview.context["original"].status == Status.PUBLISHED
    assert life_cycle(published) == before

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(revert_url, change_form_data(preview))
    assert response.status_code == 302
    assert life_cycle(published) == before  # status, dates and log untouched
    assert published.purpose_en == "To bring people together."  # the content is reverted
    assert mail.outbox == []  # no move, no e-mail
    assert Practice.objects.published().filter(pk=published.pk).exists()


def test_revert_of_a_revision_holding_several_practices_keeps_every_life_cycle(
    secretariat_client, published, coordinator, city, topic
):
    """A topic merge saves many practices in one revision: reverting one reverts them all."""
    other = PracticeFactory(cities=[city], topics=[topic], title_en="Second")
    target = TopicFactory(name_en="Target")
    from practices.admin import topic_merge

    topic_merge(topics=[topic], target=target, user=None)
    shared = Version.objects.get_for_object(published).order_by("-pk").first()
    assert shared.revision.version_set.count() >= 2
    services.practice_submit(practice=other, user=coordinator)
    before_published, before_other = life_cycle(published), life_cycle(other)

    preview = secretariat_client.get(
        reverse("admin:practices_practice_revision", args=[other.pk, shared.pk])
    )
    assert preview.status_code == 404  # another practice's version: not this object's history

    url = reverse("admin:practices_practice_revision", args=[published.pk, shared.pk])
    preview = secretariat_client.get(url)
    response = secretariat_client.post(url, change_form_data(preview))
    assert response.status_code == 302
    assert life_cycle(published) == before_published
    assert life_cycle(other) == before_other


def test_compare_and_history_pages_change_nothing(secretariat_client, published):
    edit_purpose_in_admin(secretariat_client, published, "A newer purpose.")
    before = life_cycle(published)
    versions = list(Version.objects.get_for_object(published).order_by("pk"))
    first, last = versions[0], versions[-1]
    history = secretariat_client.get(
        reverse("admin:practices_practice_history", args=[published.pk])
    )
    compare = secretariat_client.get(
        reverse("admin:practices_practice_compare", args=[published.pk]),
        {"version_id1": first.pk, "version_id2": last.pk},
    )
    assert (history.status_code, compare.status_code) == (200, 200)
    secretariat_client.post(
        reverse("admin:practices_practice_compare", args=[published.pk]),
        {"version_id1": first.pk, "version_id2": last.pk, "status": Status.DRAFT},
    )
    assert life_cycle(published) == before


# --- Delete and recover -------------------------------------------------------------------


def recover(client, version):
    url = reverse("admin:practices_practice_recover", args=[version.pk])
    preview = client.get(url)
    assert preview.status_code == 200
    return client.post(url, change_form_data(preview))


def test_a_practice_deleted_in_the_admin_is_recovered_with_its_log(
    secretariat_client, published, city, topic
):
    before = life_cycle(published)
    response = secretariat_client.post(
        reverse("admin:practices_practice_delete", args=[published.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Practice.objects.filter(pk=published.pk).exists()
    assert not Transition.objects.filter(practice_id=published.pk).exists()

    deleted = Version.objects.get_deleted(Practice).get()
    assert recover(secretariat_client, deleted).status_code == 302
    assert life_cycle(published) == before
    assert list(published.cities.all()) == [city]
    assert list(published.topics.all()) == [topic]


def test_practices_deleted_by_the_list_action_are_recovered_with_their_log(
    secretariat_client, published
):
    before = life_cycle(published)
    secretariat_client.post(
        reverse("admin:practices_practice_changelist"),
        {"action": "delete_selected", "_selected_action": [published.pk], "post": "yes"},
    )
    assert not Practice.objects.filter(pk=published.pk).exists()
    assert (
        recover(secretariat_client, Version.objects.get_deleted(Practice).get()).status_code == 302
    )
    assert life_cycle(published) == before


def test_a_draft_deleted_in_the_workspace_is_recovered_with_its_log(
    client, coordinator, secretariat_user, city, topic
):
    practice = PracticeFactory(cities=[city], topics=[topic])
    services.practice_submit(practice=practice, user=coordinator)
    services.practice_request_changes(practice=practice, user=secretariat_user, comment="More.")
    services.practice_transition(
        practice=practice, user=secretariat_user, to_status=Status.SUBMITTED
    )
    services.practice_reject(practice=practice, user=secretariat_user, comment="Out of scope.")
    services.practice_transition(practice=practice, user=secretariat_user, to_status=Status.DRAFT)
    before = life_cycle(practice)
    assert len(before[3]) == 5

    client.force_login(coordinator)
    client.post(reverse("workspace:practice_delete", args=[practice.pk]))
    assert not Practice.objects.filter(pk=practice.pk).exists()

    client.force_login(secretariat_user)
    assert recover(client, Version.objects.get_deleted(Practice).get()).status_code == 302
    assert life_cycle(practice) == before


def test_a_practice_recovered_without_its_log_comes_back_as_a_draft(
    secretariat_client, secretariat_user, published
):
    """Deleted before the log was kept in revisions: its status cannot be trusted."""
    import reversion

    with reversion.create_revision():
        reversion.add_to_revision(published)  # the practice alone, status "published"
    Practice.objects.filter(pk=published.pk).delete()

    deleted = Version.objects.get_deleted(Practice).get()
    assert recover(secretariat_client, deleted).status_code == 302
    published.refresh_from_db()
    assert published.status == Status.DRAFT
    step = published.transitions.get()
    assert (step.from_status, step.to_status, step.actor) == (
        Status.PUBLISHED,
        Status.DRAFT,
        secretariat_user,
    )
    assert_status_has_its_transition(published)
    assert not Practice.objects.published().exists()


def test_the_recover_preview_changes_nothing(secretariat_client, published):
    secretariat_client.post(
        reverse("admin:practices_practice_delete", args=[published.pk]), {"post": "yes"}
    )
    deleted = Version.objects.get_deleted(Practice).get()
    response = secretariat_client.get(
        reverse("admin:practices_practice_recover", args=[deleted.pk])
    )
    assert response.status_code == 200
    assert not Practice.objects.filter(pk=published.pk).exists()


# --- Import ---------------------------------------------------------------------------------


def practice_dataset(practice, **overrides):
    dataset = PracticeResource().export(queryset=Practice.objects.filter(pk=practice.pk))
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    row.update(overrides)
    dataset[0] = tuple(row[header] for header in dataset.headers)
    return dataset


def test_import_with_a_status_column_changes_no_status(published, city, topic):
    draft = PracticeFactory(cities=[city], topics=[topic], title_en="A draft")
    before_published, before_draft = life_cycle(published), life_cycle(draft)
    dataset = practice_dataset(published, status=Status.DRAFT, purpose_en="Imported purpose")
    new_rows = practice_dataset(draft, status=Status.PUBLISHED)
    dataset.append(new_rows[0])
    brand_new = list(new_rows[0])
    brand_new[new_rows.headers.index("slug")] = "brand-new"
    brand_new[new_rows.headers.index("status")] = Status.PUBLISHED
    dataset.append(brand_new)
    dataset.append_col(["2020-01-01T00:00:00"] * 3, header="published_at")

    result = PracticeResource().import_data(dataset, dry_run=False, raise_errors=True)

    assert not result.has_validation_errors()
    assert life_cycle(published) == before_published
    assert published.purpose_en == "Imported purpose"
    assert life_cycle(draft) == before_draft
    created = Practice.objects.get(slug="brand-new")
    assert (created.status, created.published_at) == (Status.DRAFT, None)


@pytest.mark.parametrize("file_format", [CSV(), XLSX()], ids=["csv", "xlsx"])
def test_import_through_the_admin_changes_no_status(secretariat_client, published, file_format):
    before = life_cycle(published)
    dataset = practice_dataset(published, status=Status.ARCHIVED, purpose_en="From a file")
    payload = file_format.export_data(dataset)
    if isinstance(payload, str):
        payload = payload.encode()
    formats = admin.site._registry[Practice].get_import_formats()
    upload = SimpleUploadedFile(f"practices.{file_format.get_extension()}", payload)
    response = secretariat_client.post(
        reverse("admin:practices_practice_import"),
        {"import_file": upload, "format": str(formats.index(type(file_format))), "resource": "0"},
    )
    assert response.status_code == 200
    confirm = response.context["confirm_form"]
    response = secretariat_client.post(
        reverse("admin:practices_practice_process_import"),
        {name: confirm[name].value() or "" for name in confirm.fields},
    )
    assert response.status_code == 302
    assert life_cycle(published) == before
    assert published.purpose_en == "From a file"
