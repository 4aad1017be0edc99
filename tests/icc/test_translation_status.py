"""Translation status: stamps written by every door, the status after edits in one language,
the admin's list, count and side-by-side editor, and the coordinators' view of their practices."""

import datetime

import pytest
import reversion
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from reversion.models import Version

from icc.translation_status import stamps, status
from icc.translation_status.models import FieldStamp
from icc.translation_status.registry import translated_fields, translated_models
from practices.models import Practice
from tests.factories import (
    CityFactory,
    CoordinatorFactory,
    EventFactory,
    NewsItemFactory,
    PracticeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def age_stamps(hours=1):
    """Move every stamp into the past, so that the next write is clearly later."""
    FieldStamp.objects.update(written_at=F("written_at") - datetime.timedelta(hours=hours))
    stamps.touch_stamps_version()


def stamp_of(obj, field, language):
    content_type = ContentType.objects.get_for_model(type(obj))
    row = FieldStamp.objects.filter(
        content_type=content_type, object_id=obj.pk, field=field, language=language
    ).first()
    return row.written_at if row else None


def issues_of(obj, language=None):
    """{(field, language): state} of ``obj`` from the site-wide (memoised) summary."""
    label = type(obj)._meta.label_lower
    found = {}
    for entry in status.filter_entries(status.status_summary(), models={label}, pks={obj.pk}):
        for field, code, state in entry.issues:
            if language is None or code == language:
                found[(field, code)] = state
    return found


def bilingual_practice(**kwargs):
    values = {
        "title_en": "Neighbourhood dialogue tables",
        "title_fr": "Tables de dialogue de quartier",
        "purpose_en": "Residents of every origin talk about their street.",
        "purpose_fr": "Des habitants de toutes origines parlent de leur rue.",
        "results_en": "Forty tables a year.",
        "results_fr": "Quarante tables par an.",
    }
    values.update(kwargs)
    return PracticeFactory(**values)


# --- Registry ---------------------------------------------------------------------------------


def test_every_translated_model_and_text_field_is_covered():
    labels = {model._meta.label_lower for model in translated_models()}
    assert {
        "cities.city", "cities.network", "events.event", "news.newsitem", "practices.practice",
        "practices.topic", "pages.page", "icc.image", "icc.document",
    } <= labels  # fmt: skip
    assert {"title", "period", "purpose", "results"} <= set(translated_fields(Practice))


# --- Stamps: every door -----------------------------------------------------------------------


def test_a_new_item_stamps_each_language_that_has_text_at_one_time():
    practice = PracticeFactory(purpose_en="Only in English.", purpose_fr="", results_en="")
    assert stamp_of(practice, "title", "en") == stamp_of(practice, "title", "fr") is not None
    assert stamp_of(practice, "purpose", "en") is not None
    assert stamp_of(practice, "purpose", "fr") is None
    assert stamp_of(practice, "results", "en") is None


def test_saving_without_a_change_stamps_nothing():
    practice = bilingual_practice()
    age_stamps()
    before = stamp_of(practice, "purpose", "en")
    practice.refresh_from_db()
    practice.save()
    assert stamp_of(practice, "purpose", "en") == before


def test_a_save_of_other_columns_reads_and_stamps_nothing():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    practice = bilingual_practice()
    age_stamps()
    before = list(FieldStamp.objects.values_list("written_at", flat=True).order_by("pk"))
    practice.status = Practice.Status.PUBLISHED
    with CaptureQueriesContext(connection) as captured:
        practice.save(update_fields=["status"])
    # No read of the old texts, no stamp written (the search index has its own queries).
    sql = " ".join(query["sql"] for query in captured)
    assert "translation_status_fieldstamp" not in sql
    assert '"practices_practice"."purpose_fr"' not in sql
    assert list(FieldStamp.objects.values_list("written_at", flat=True).order_by("pk")) == before


def test_a_deletion_removes_the_items_stamps():
    practice = bilingual_practice()
    assert FieldStamp.objects.filter(object_id=practice.pk).exists()
    practice.delete()
    content_type = ContentType.objects.get_for_model(Practice)
    assert not FieldStamp.objects.filter(content_type=content_type, object_id=practice.pk).exists()


def test_reverting_a_revision_stamps_the_languages_it_changes():
    with reversion.create_revision():
        practice = bilingual_practice()
    age_stamps()
    with reversion.create_revision():
        practice.purpose_en = "A new English purpose."
        practice.save()
    age_stamps()
    # Revert to the first revision: django-reversion saves raw, the receivers still stamp.
    first = Version.objects.get_for_object(practice).order_by("pk").first()
    first.revision.revert()
    practice.refresh_from_db()
    assert practice.purpose_en == "Residents of every origin talk about their street."
    assert stamp_of(practice, "purpose", "en") > stamp_of(practice, "purpose", "fr")
    assert issues_of(practice) == {("purpose", "fr"): status.OUTDATED}


@pytest.mark.parametrize("stamps_first", [True, False])
def test_loading_a_dump_keeps_the_dumped_stamps_whatever_the_order(stamps_first):
    from django.core import serializers

    practice = bilingual_practice()
    age_stamps()
    practice.purpose_en = "Changed in English."
    practice.save()
    content_type = ContentType.objects.get_for_model(Practice)
    dumped_stamps = FieldStamp.objects.filter(content_type=content_type, object_id=practice.pk)
    # JSON keeps milliseconds.
    expected = sorted(
        (field, language, written_at.replace(microsecond=written_at.microsecond // 1000 * 1000))
        for field, language, written_at in dumped_stamps.values_list(
            "field", "language", "written_at"
        )
    )
    dump = serializers.serialize("json", [Practice.objects.get(pk=practice.pk)])
    dump_stamps = serializers.serialize("json", dumped_stamps)
    pk = practice.pk
    practice.delete()
    assert not FieldStamp.objects.filter(content_type=content_type, object_id=pk).exists()
    parts = [dump_stamps, dump] if stamps_first else [dump, dump_stamps]
    for part in parts:  # what loaddata does: raw saves, in the dump's order
        for loaded in serializers.deserialize("json", part):
            loaded.save()
    practice = Practice.objects.get(pk=pk)
    loaded_stamps = FieldStamp.objects.filter(content_type=content_type, object_id=pk)
    assert sorted(loaded_stamps.values_list("field", "language", "written_at")) == expected
    assert issues_of(practice) == {("purpose", "fr"): status.OUTDATED}


def test_track_bulk_writes_stamps_what_an_update_changed():
    practice = bilingual_practice()
    other = bilingual_practice(purpose_en="Something else.")
    age_stamps()
    queryset = Practice.objects.filter(pk=practice.pk)
    with stamps.track_bulk_writes(queryset):
        queryset.update(purpose_en="Written in bulk.")
    assert issues_of(practice) == {("purpose", "fr"): status.OUTDATED}
    assert issues_of(other) == {}


def test_stamp_written_after_bulk_create_and_the_command_initialise_once(capsys):
    [created] = Practice.objects.bulk_create(
        [Practice(title_en="Bulk", title_fr="En masse", purpose_en="Only English", country="PT")]
    )
    assert stamp_of(created, "title", "en") is None  # bulk_create sends no signal
    assert issues_of(created) == {("purpose", "fr"): status.MISSING}
    call_command("translation_stamps")
    assert "3 text(s) stamped" in capsys.readouterr().out
    assert stamp_of(created, "title", "en") == stamp_of(created, "title", "fr") is not None
    call_command("translation_stamps")
    assert "Every text was already stamped." in capsys.readouterr().out
    age_stamps()
    Practice.objects.filter(pk=created.pk).update(title_en="Bulk, renamed")
    stamps.stamp_written(Practice.objects.filter(pk=created.pk), fields=["title"], languages=["en"])
    assert issues_of(created)[("title", "fr")] == status.OUTDATED


# --- The status after edits in one language ---------------------------------------------------


def test_editing_only_the_english_makes_that_french_field_out_of_date():
    practice = bilingual_practice()
    assert issues_of(practice) == {}
    age_stamps()
    practice.purpose_en = "Residents of every origin talk about their street, twice a year."
    practice.save()
    assert issues_of(practice) == {("purpose", "fr"): status.OUTDATED}


def test_editing_both_languages_in_one_save_leaves_nothing_out_of_date():
    practice = bilingual_practice()
    age_stamps()
    practice.purpose_en = "Changed in English."
    practice.purpose_fr = "Modifié en français."
    practice.save()
    assert issues_of(practice) == {}


def test_writing_the_french_afterwards_brings_it_up_to_date():
    practice = bilingual_practice()
    age_stamps()
    practice.results_en = "Sixty tables a year."
    practice.save()
    assert issues_of(practice) == {("results", "fr"): status.OUTDATED}
    age_stamps()
    practice.results_fr = "Soixante tables par an."
    practice.save()
    assert issues_of(practice) == {}


def test_editing_only_the_french_never_makes_the_english_out_of_date():
    practice = bilingual_practice()
    age_stamps()
    practice.purpose_fr = "Une meilleure traduction."
    practice.save()
    assert issues_of(practice) == {}


def test_missing_french_and_missing_english_are_both_reported():
    practice = bilingual_practice(purpose_fr="", results_en="")
    assert issues_of(practice) == {
        ("purpose", "fr"): status.MISSING,
        ("results", "en"): status.MISSING,
    }
    assert issues_of(practice, "fr") == {("purpose", "fr"): status.MISSING}


def test_clearing_the_english_is_not_an_out_of_date_french():
    practice = bilingual_practice()
    age_stamps()
    practice.results_en = ""
    practice.save()
    assert issues_of(practice) == {("results", "en"): status.MISSING}


def test_field_states_is_generic_over_the_site_languages(settings):
    settings.LANGUAGE_CODE = "en"
    states = status.field_states(
        {"en": True, "fr": True, "de": False, "it": True}, lambda code: code == "it"
    )
    assert states == {"en": None, "fr": None, "de": status.MISSING, "it": status.OUTDATED}
    # Without a source text, nothing is out of date: there is nothing to translate from.
    assert status.field_states({"en": False, "fr": True}, lambda code: True) == {
        "en": status.MISSING,
        "fr": None,
    }


def test_the_status_of_every_model_is_computed_in_constant_queries(django_assert_max_num_queries):
    for index in range(3):
        bilingual_practice(purpose_fr="", title_en=f"Practice {index}")
        EventFactory(description_en="An event.", description_fr="")
    status.status_summary()
    few = _queries_for_summary(django_assert_max_num_queries)
    for index in range(25):
        bilingual_practice(purpose_fr="", title_en=f"More {index}")
        NewsItemFactory(lead_en="A lead.", lead_fr="")
    many = _queries_for_summary(django_assert_max_num_queries)
    assert many == few
    assert len(status.filter_entries(status.status_summary(), models={"practices.practice"})) == 28


def _queries_for_summary(django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    stamps.touch_stamps_version()  # a new memo: computed again
    with CaptureQueriesContext(connection) as captured:
        status.status_summary()
    with django_assert_max_num_queries(0):
        status.status_summary()  # memoised
    return len(captured)


# --- Admin: list, index count, editor --------------------------------------------------------


def test_the_admin_index_counts_items_to_translate(secretariat_client):
    bilingual_practice(purpose_fr="")
    bilingual_practice()
    CityFactory(profile_en="A port city.", profile_fr="")
    html = secretariat_client.get(reverse("admin:index")).content.decode()
    assert "Translation status: 2 items with missing or out-of-date texts" in html
    assert reverse("translation_status:status") in html


def test_the_admin_index_count_costs_the_same_with_more_content(
    secretariat_client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    bilingual_practice(purpose_fr="")
    secretariat_client.get(reverse("admin:index"))
    with CaptureQueriesContext(connection) as few:
        secretariat_client.get(reverse("admin:index"))
    few = len(few)  # now: the next request clears the connection's log
    for _index in range(20):
        bilingual_practice(purpose_fr="")
    secretariat_client.get(reverse("admin:index"))
    with django_assert_max_num_queries(few):
        response = secretariat_client.get(reverse("admin:index"))
    assert "21 items with missing" in response.content.decode()


def test_the_admin_index_shows_no_box_to_coordinators_staff_without_rights(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_practice"))
    client.force_login(staff)
    html = client.get(reverse("admin:index")).content.decode()
    assert "icc-translation-status" not in html
    assert client.get(reverse("translation_status:status")).status_code == 403


def test_the_status_page_needs_a_staff_login(client):
    response = client.get(reverse("translation_status:status"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_status_page_lists_items_with_counts_and_filters(secretariat_client):
    missing = bilingual_practice(title_en="Missing French", purpose_fr="")
    outdated = bilingual_practice(title_en="Outdated French")
    EventFactory(
        title_en="Festival", title_fr="Festival", description_en="Music.", description_fr=""
    )
    age_stamps()
    outdated.results_en = "New results."
    outdated.save()
    url = reverse("translation_status:status")
    response = secretariat_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Missing French" in html and "Outdated French" in html and "Festival" in html
    counts = {item["label"]: item["counts"] for item in response.context["model_counts"]}
    assert counts["practices.practice"] == status.Counts(2, 1, 1)
    assert counts["events.event"] == status.Counts(1, 1, 0)

    filtered = secretariat_client.get(url, {"model": "practices.practice", "state": "outdated"})
    labels = [row["label"] for row in filtered.context["rows"]]
    assert labels == ["Outdated French"]
    editor = reverse(
        "translation_status:editor",
        args=[ContentType.objects.get_for_model(Practice).pk, outdated.pk],
    )
    assert f"{editor}?language=fr" in filtered.content.decode()
    english = secretariat_client.get(url, {"language": "en"})
    assert english.context["rows"] == []
    # Unknown values are ignored, never an error.
    odd = secretariat_client.get(
        url, {"model": "auth.user", "language": "xx", "state": "?", "page": "x"}
    )
    assert odd.status_code == 200 and len(odd.context["rows"]) == 3
    assert missing.pk in {row["entry"].pk for row in odd.context["rows"]}


def test_the_status_page_is_paginated(secretariat_client, monkeypatch):
    from icc.translation_status import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for index in range(3):
        bilingual_practice(title_en=f"Practice {index}", purpose_fr="")
    url = reverse("translation_status:status")
    response = secretariat_client.get(url, {"state": "missing", "page": "2"})
    assert len(response.context["rows"]) == 1
    html = response.content.decode()
    assert "Page 2 of 2" in html and "?state=missing&amp;page=1" in html


def editor_url(obj, language=None):
    url = reverse(
        "translation_status:editor",
        args=[ContentType.objects.get_for_model(type(obj)).pk, obj.pk],
    )
    return f"{url}?language={language}" if language else url


def test_the_editor_shows_the_english_beside_the_french_with_what_changed(secretariat_client):
    with reversion.create_revision():
        practice = bilingual_practice()
    age_stamps()
    with reversion.create_revision():
        practice.purpose_en = "Residents of every origin talk about their square."
        practice.save()
    response = secretariat_client.get(editor_url(practice))
    assert response.status_code == 200
    assert response.context["language"] == "fr"  # the language with something to do
    html = response.content.decode()
    assert "Residents of every origin talk about their square." in html
    assert 'lang="fr"' in html and "Des habitants de toutes origines parlent de leur rue." in html
    # Only the out-of-date field is offered, with the English as it was when the French was
    # written, word by word.
    assert [item["field"] for item in response.context["items"]] == ["purpose"]
    assert "<del>street.</del><ins>square.</ins>" in html
    assert "still correct" in html
    everything = secretariat_client.get(editor_url(practice, "fr") + "&all=1")
    assert "results" in [item["field"] for item in everything.context["items"]]


def test_saving_the_french_in_the_editor_brings_it_up_to_date_with_a_revision(
    secretariat_client, secretariat_user
):
    practice = bilingual_practice(results_fr="")
    age_stamps()
    practice.purpose_en = "A changed purpose."
    practice.save()
    url = editor_url(practice, "fr")
    form = secretariat_client.get(url).context["form"]
    data = {name: field.initial or "" for name, field in form.fields.items()}
    data.update(
        {"language": "fr", "text_purpose": "Un objectif modifié.", "text_results": "Des résultats."}
    )
    response = secretariat_client.post(url, data)
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.purpose_fr == "Un objectif modifié."
    assert practice.results_fr == "Des résultats."
    assert practice.purpose_en == "A changed purpose."  # the English is untouched
    assert issues_of(practice) == {}
    latest = Version.objects.get_for_object(practice).select_related("revision").first()
    assert latest.revision.user == secretariat_user
    assert latest.revision.comment == "Translation updated (French): Purpose, Results / impact."


def test_still_correct_marks_the_french_up_to_date_without_changing_it(secretariat_client):
    practice = bilingual_practice()
    age_stamps()
    practice.purpose_en = "Residents of every origin talk about their street!"
    practice.save()
    url = editor_url(practice, "fr")
    form = secretariat_client.get(url).context["form"]
    data = {name: field.initial or "" for name, field in form.fields.items()}
    data.update({"language": "fr", "still_purpose": "on"})
    revisions = Version.objects.get_for_object(practice).count()
    assert secretariat_client.post(url, data).status_code == 302
    practice.refresh_from_db()
    assert practice.purpose_fr == "Des habitants de toutes origines parlent de leur rue."
    assert issues_of(practice) == {}
    assert Version.objects.get_for_object(practice).count() == revisions  # no content change


def test_the_editor_refuses_to_overwrite_a_text_written_meanwhile(secretariat_client):
    practice = bilingual_practice(purpose_fr="")
    url = editor_url(practice, "fr")
    form = secretariat_client.get(url).context["form"]
    data = {name: field.initial or "" for name, field in form.fields.items()}
    practice.purpose_fr = "Écrit par quelqu'un d'autre."
    practice.save()
    data.update({"language": "fr", "text_purpose": "Mon texte."})
    response = secretariat_client.post(url, data)
    assert response.status_code == 200
    assert "Someone else changed these texts" in response.content.decode()
    assert "Écrit par quelqu&#x27;un d&#x27;autre." in response.content.decode()
    practice.refresh_from_db()
    assert practice.purpose_fr == "Écrit par quelqu'un d'autre."
    # Saving again replaces their text knowingly.
    again = {name: response.context["form"].data.get(name, "") for name in data}
    assert secretariat_client.post(url, again).status_code == 302
    practice.refresh_from_db()
    assert practice.purpose_fr == "Mon texte."


def test_the_editor_validates_lengths_and_required_languages(secretariat_client):
    city = CityFactory(name_en="Bergen", name_fr="", profile_en="A city.", profile_fr="")
    url = editor_url(city, "fr")
    response = secretariat_client.get(url)
    assert {item["field"] for item in response.context["items"]} >= {"name", "profile"}
    data = {name: field.initial or "" for name, field in response.context["form"].fields.items()}
    data.update({"language": "fr", "text_name": "", "text_profile": "Une ville."})
    response = secretariat_client.post(url, data)
    assert response.status_code == 200 and response.context["form"].errors["text_name"]
    city.refresh_from_db()
    assert city.profile_fr == ""


def test_the_editor_answers_404_and_403_for_bad_addresses(secretariat_client, client):
    practice = bilingual_practice()
    user_type = ContentType.objects.get(app_label="icc", model="user")
    for args in ([user_type.pk, 1], [999_999, practice.pk], [user_type.pk + 10_000, 1]):
        response = secretariat_client.get(reverse("translation_status:editor", args=args))
        assert response.status_code == 404
    huge = reverse("translation_status:editor", args=[2**70, 1])
    assert secretariat_client.get(huge).status_code == 404
    gone = editor_url(practice)
    practice.delete()
    assert secretariat_client.get(gone).status_code == 404
    other = bilingual_practice()
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="change_event"))
    client.force_login(staff)
    assert client.get(editor_url(other)).status_code == 403
    assert client.get(editor_url(other, "xx")).status_code == 403


def test_the_editor_ignores_an_unknown_language(secretariat_client):
    practice = bilingual_practice(purpose_en="")
    response = secretariat_client.get(editor_url(practice, "xx"))
    assert response.status_code == 200
    assert response.context["language"] == "en"  # the only language with something to do


# --- Coordinators -----------------------------------------------------------------------------


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_coordinators_see_only_their_practices(coordinator_client, city, other_city):
    mine = bilingual_practice(title_en="Ours", purpose_fr="", cities=[city])
    bilingual_practice(title_en="Theirs", purpose_fr="", cities=[other_city])
    response = coordinator_client.get(reverse("workspace:translations"))
    assert response.status_code == 200
    assert [row["practice"].pk for row in response.context["rows"]] == [mine.pk]
    html = response.content.decode()
    assert "Ours" in html and "Theirs" not in html
    link = reverse("workspace:practice_list")
    assert reverse("workspace:translations") in coordinator_client.get(link).content.decode()


def test_a_coordinator_cannot_open_another_citys_practice(coordinator_client, other_city):
    theirs = bilingual_practice(purpose_fr="", cities=[other_city])
    url = reverse("workspace:translation_editor", args=[theirs.pk])
    assert coordinator_client.get(url).status_code == 404
    assert coordinator_client.post(url, {"text_purpose": "x", "language": "fr"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.purpose_fr == ""


def test_a_coordinator_translates_a_draft_through_the_workspace(coordinator_client, city):
    practice = bilingual_practice(cities=[city])
    age_stamps()
    practice.purpose_en = "Residents talk about their street every month."
    practice.save()
    url = reverse("workspace:translation_editor", args=[practice.pk])
    response = coordinator_client.get(url)
    assert response.status_code == 200
    assert "Residents talk about their street every month." in response.content.decode()
    data = {name: field.initial or "" for name, field in response.context["form"].fields.items()}
    data.update(
        {
            "language": "fr",
            "loaded_at": response.context["loaded_at"],
            "text_purpose": "Les habitants parlent de leur rue chaque mois.",
        }
    )
    assert coordinator_client.post(url, data).status_code == 302
    practice.refresh_from_db()
    assert practice.purpose_fr == "Les habitants parlent de leur rue chaque mois."
    assert issues_of(practice) == {}
    latest = Version.objects.get_for_object(practice).select_related("revision").first()
    assert latest.revision.comment == "Changed in the workspace: Purpose (French)."


def test_a_published_practice_is_read_only_for_its_coordinator(coordinator_client, city):
    practice = bilingual_practice(cities=[city], purpose_fr="", published=True)
    url = reverse("workspace:translation_editor", args=[practice.pk])
    response = coordinator_client.get(url)
    assert response.status_code == 200
    assert response.context["can_edit"] is False
    assert "Send your translation to the secretariat" in response.content.decode()
    response = coordinator_client.post(url, {"language": "fr", "text_purpose": "Objectif."})
    assert response.status_code == 409
    practice.refresh_from_db()
    assert practice.purpose_fr == ""


def test_a_coordinator_sees_a_conflict_instead_of_overwriting(coordinator_client, city):
    practice = bilingual_practice(cities=[city], purpose_fr="")
    url = reverse("workspace:translation_editor", args=[practice.pk])
    response = coordinator_client.get(url)
    data = {name: field.initial or "" for name, field in response.context["form"].fields.items()}
    data.update(
        {"language": "fr", "loaded_at": response.context["loaded_at"], "text_purpose": "Mien."}
    )
    practice.results_en = "Someone else saved meanwhile."
    practice.save()
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert "Someone else saved this practice" in response.content.decode()
    practice.refresh_from_db()
    assert practice.purpose_fr == ""


def test_the_coordinators_list_costs_the_same_with_more_practices(
    coordinator_client, city, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("workspace:translations")
    bilingual_practice(cities=[city], purpose_fr="")
    coordinator_client.get(url)
    with CaptureQueriesContext(connection) as few:
        coordinator_client.get(url)
    few = len(few)  # now: the next request clears the connection's log
    for _index in range(15):
        bilingual_practice(cities=[city], purpose_fr="")
    coordinator_client.get(url)
    with django_assert_max_num_queries(few):
        response = coordinator_client.get(url)
    assert len(response.context["rows"]) == 16


def test_other_coordinators_get_nothing(client, other_city, city):
    bilingual_practice(cities=[city], purpose_fr="")
    client.force_login(CoordinatorFactory(username="someone-else", cities=[other_city]))
    response = client.get(reverse("workspace:translations"))
    assert response.context["rows"] == []
