"""The yearly check of good practices ("freshness", issue 11 part 4).

Which practices are due, the e-mails (one per coordinator, in their language, idempotent), the
page of the signed link (GET changes nothing, POST answers, bad links never a 500), the public
marks (last checked, ended), the listing's "checked in the last two years" filter against an
independent count, and the secretariat's view of what is overdue.
"""

import datetime
import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from icc.caching.invalidation import bump_after_commit
from practices import freshness, services
from practices.models import Practice, Transition
from tests.factories import CityFactory, CoordinatorFactory, PracticeFactory
from tests.helpers import facet_options, text
from tests.practices.test_facets import check_facets
from tests.practices.test_lifecycle_doors import change_form_data, edit_purpose_in_admin

pytestmark = pytest.mark.django_db
Status = Practice.Status

TODAY = timezone.localdate()
LINK = re.compile(r"https?://\S+/practices/check/\S+/")


def days_ago(days):
    """An aware datetime at noon, ``days`` days before today (no time-zone edge)."""
    day = TODAY - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def published(days_ago_published=500, **kwargs):
    return PracticeFactory(published=True, published_at=days_ago(days_ago_published), **kwargs)


def links_in(message):
    return LINK.findall(message.body)


def path_of(url):
    return urlsplit(url).path


# --- Which practices are due ------------------------------------------------------------------


def test_due_selection_follows_last_check_years_and_status(city):
    due_by_publication = published(400, cities=[city])
    due_by_check = published(3000, cities=[city], last_checked=TODAY - datetime.timedelta(400))
    one_year_ago_today = published(
        3000, cities=[city], last_checked=freshness.years_before(TODAY, 1)
    )
    checked_recently = published(3000, cities=[city], last_checked=TODAY - datetime.timedelta(300))
    published_recently = published(300, cities=[city])
    ended = published(800, cities=[city], ended_on=TODAY - datetime.timedelta(500))
    over_by_its_years = published(
        800, cities=[city], is_ongoing=False, first_year=2015, last_year=2017
    )
    runs_until_next_year = published(
        800, cities=[city], is_ongoing=False, first_year=2015, last_year=TODAY.year + 1
    )
    draft = PracticeFactory(cities=[city])
    unpublished = PracticeFactory(cities=[city], status=Status.ARCHIVED, published_at=days_ago(900))

    overdue = set(freshness.overdue_practices(TODAY))

    assert overdue == {due_by_publication, due_by_check, one_year_ago_today, runs_until_next_year}
    everything = [
        due_by_publication, due_by_check, one_year_ago_today, checked_recently,
        published_recently, ended, over_by_its_years, runs_until_next_year, draft, unpublished,
    ]  # fmt: skip
    # The rule for one loaded practice (the admin's column) is the twin of the query.
    for practice in everything:
        practice.refresh_from_db()
        assert freshness.practice_is_overdue(practice, TODAY) == (practice in overdue), practice


def test_checked_on_is_the_publication_date_until_a_first_check(city):
    practice = published(400, cities=[city])
    assert practice.checked_on == TODAY - datetime.timedelta(400)
    practice.last_checked = TODAY
    assert practice.checked_on == TODAY
    assert PracticeFactory().checked_on is None


# --- The e-mails ------------------------------------------------------------------------------


def test_one_email_per_coordinator_listing_all_their_due_practices(city, coordinator):
    porto = CityFactory(name_en="Porto", name_fr="Porto")
    coordinator.coordinated_cities.add(porto)
    porto_coordinator = CoordinatorFactory(username="porto", cities=[porto])
    CoordinatorFactory(username="gone", cities=[city], is_active=False)
    CoordinatorFactory(username="no-address", cities=[city], email="")
    first = published(400, cities=[city])
    second = published(700, cities=[city, porto])
    third = published(900, cities=[porto])
    nobody_to_ask = published(400, cities=[CityFactory()])
    published(10, cities=[city])  # not due

    run = freshness.run_yearly_check(today=TODAY)

    assert {practice.pk for practice in run.due} == {
        first.pk,
        second.pk,
        third.pk,
        nobody_to_ask.pk,
    }
    assert run.unreachable == [nobody_to_ask]
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == sorted([coordinator.email, porto_coordinator.email])
    mine = by_address[coordinator.email]
    assert len(links_in(mine)) == 3
    for practice in (first, second, third):
        assert practice.title_en in mine.body
    assert "3 good practices" in mine.subject
    theirs = by_address[porto_coordinator.email]
    assert len(links_in(theirs)) == 2
    assert first.title_en not in theirs.body
    # Asked: recorded on the practices someone was asked about, not on the others.
    asked = dict(Practice.objects.values_list("pk", "check_asked_on"))
    assert asked[first.pk] == asked[second.pk] == asked[third.pk] == TODAY
    assert asked[nobody_to_ask.pk] is None


def test_each_coordinator_is_written_to_in_their_language(city):
    french = CoordinatorFactory(username="marie", cities=[city], preferred_language="fr")
    english = CoordinatorFactory(username="mary", cities=[city], preferred_language="en")
    practice = published(
        400, cities=[city], title_en="Neighbourhood mediators", title_fr="Médiateurs de quartier"
    )

    freshness.run_yearly_check(today=TODAY)

    by_address = {message.to[0]: message for message in mail.outbox}
    in_french, in_english = by_address[french.email], by_address[english.email]
    assert "Médiateurs de quartier" in in_french.body
    assert "Neighbourhood mediators" not in in_french.body
    assert all(path_of(url).startswith("/fr/practices/check/") for url in links_in(in_french))
    assert "Neighbourhood mediators" in in_english.body
    assert all(path_of(url).startswith("/en/practices/check/") for url in links_in(in_english))
    # Each link names its own coordinator.
    [french_link], [english_link] = links_in(in_french), links_in(in_english)
    assert freshness.read_check_token(french_link.rstrip("/").rsplit("/", 1)[1]) == (
        practice.pk,
        french.pk,
    )
    assert freshness.read_check_token(english_link.rstrip("/").rsplit("/", 1)[1]) == (
        practice.pk,
        english.pk,
    )


def test_a_second_run_sends_nothing_and_an_unanswered_check_is_asked_again_later(city, coordinator):
    answered = published(400, cities=[city])
    unanswered = published(400, cities=[city])

    freshness.run_yearly_check(today=TODAY)
    assert len(mail.outbox) == 1
    second = freshness.run_yearly_check(today=TODAY)
    assert second.due == [] and len(mail.outbox) == 1
    assert freshness.run_yearly_check(today=TODAY + datetime.timedelta(days=10)).due == []

    freshness.practice_confirm_running(practice=answered, user=coordinator)
    later = TODAY + datetime.timedelta(days=freshness.REMIND_AFTER_DAYS)
    reminder = freshness.run_yearly_check(today=later)

    assert reminder.due == [unanswered]
    assert len(mail.outbox) == 2
    assert answered.title_en not in mail.outbox[1].body


def test_dry_run_sends_and_records_nothing(city, coordinator):
    practice = published(400, cities=[city])
    run = freshness.run_yearly_check(today=TODAY, dry_run=True)
    assert run.messages == [(coordinator, [practice])]
    assert mail.outbox == []
    practice.refresh_from_db()
    assert practice.check_asked_on is None


def test_the_command_reports_what_it_did_and_is_idempotent(city, coordinator):
    practice = published(400, cities=[city], title_en="Intercultural libraries")
    output = StringIO()

    call_command("check_practices", "--dry-run", stdout=output)
    assert "Would e-mail coordinator@example.org (en) about 1: Intercultural libraries" in (
        output.getvalue()
    )
    assert mail.outbox == []

    call_command("check_practices", stdout=output)
    assert len(mail.outbox) == 1
    assert "1 e-mail(s) queued" in output.getvalue()

    output = StringIO()
    call_command("check_practices", stdout=output)
    assert "0 practice(s) due" in output.getvalue()
    assert len(mail.outbox) == 1
    practice.refresh_from_db()
    assert practice.check_asked_on == TODAY


def test_the_command_can_run_as_if_on_another_day(city, coordinator):
    published(100, cities=[city])
    call_command("check_practices", "--today", TODAY.isoformat(), stdout=StringIO())
    assert mail.outbox == []
    in_a_year = (TODAY + datetime.timedelta(days=366)).isoformat()
    call_command("check_practices", "--today", in_a_year, stdout=StringIO())
    assert len(mail.outbox) == 1
    with pytest.raises(CommandError):
        call_command("check_practices", "--today", "yesterday", stdout=StringIO())


# --- The page of the link ---------------------------------------------------------------------


@pytest.fixture
def due(city, coordinator):
    return published(400, cities=[city], title_en="Welcome desks", title_fr="Guichets d'accueil")


def link_path(practice, user, language="en"):
    with translation.override(language):
        return reverse(
            "practices:freshness_check",
            kwargs={"token": freshness.make_check_token(practice, user)},
        )


def test_get_shows_the_two_answers_and_changes_nothing(client, due, coordinator):
    before = Practice.objects.filter(pk=due.pk).values().get()

    response = client.get(link_path(due, coordinator))

    assert response.status_code == 200
    page = text(response)
    assert 'value="running"' in page and 'value="ended"' in page
    assert "Welcome desks" in page
    assert "no-cache" in response["Cache-Control"] and "noindex" in response["X-Robots-Tag"]
    assert Practice.objects.filter(pk=due.pk).values().get() == before
    assert not Transition.objects.exists()


def test_the_link_of_the_email_leads_to_the_answer_without_signing_in(due, coordinator):
    freshness.run_yearly_check(today=TODAY)
    [url] = links_in(mail.outbox[0])
    browser = Client(enforce_csrf_checks=True)

    page = browser.get(path_of(url))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(page)).group(1)
    response = browser.post(path_of(url), {"answer": "running", "csrfmiddlewaretoken": token})

    assert response.status_code == 303
    due.refresh_from_db()
    assert due.last_checked == TODAY
    done = browser.get(response["Location"])
    assert done.status_code == 200
    assert "Thank you" in text(done)


def test_post_still_running_sets_last_checked_today(client, due, coordinator):
    response = client.post(link_path(due, coordinator), {"answer": "running"})

    due.refresh_from_db()
    assert response.status_code == 303
    assert response["Location"].endswith("/done/")
    assert due.last_checked == TODAY
    assert due.ended_on is None and due.is_ongoing
    assert due not in freshness.overdue_practices(TODAY)
    revision = Version.objects.get_for_object(due).first().revision
    assert revision.user == coordinator
    assert "still running" in revision.comment
    page = text(client.get(due.get_absolute_url()))
    assert "Last checked" in page and f'datetime="{TODAY.isoformat()}"' in page


def test_post_ended_marks_it_ended_and_it_stays_public(client, due, coordinator):
    response = client.post(link_path(due, coordinator, "fr"), {"answer": "ended"})

    due.refresh_from_db()
    assert response.status_code == 303
    assert response["Location"].startswith("/fr/")
    assert due.status == Status.PUBLISHED
    assert (due.ended_on, due.last_checked) == (TODAY, TODAY)
    assert due.is_ongoing is False and due.last_year == TODAY.year
    step = Transition.objects.get(practice=due)
    assert (step.from_status, step.to_status, step.actor) == (
        Status.PUBLISHED,
        Status.PUBLISHED,
        coordinator,
    )
    assert "ended" in step.comment
    page = client.get(due.get_absolute_url())
    assert page.status_code == 200
    assert 'class="badge badge-ended"' in text(page)
    listing = text(client.get(reverse("practices:practice_list")))
    assert 'class="badge badge-ended"' in listing
    # Not asked again, and a second answer changes nothing.
    assert due not in freshness.overdue_practices(TODAY + datetime.timedelta(days=800))
    again = client.post(link_path(due, coordinator), {"answer": "running"})
    assert again.status_code == 303
    due.refresh_from_db()
    assert due.ended_on == TODAY and Transition.objects.count() == 1
    assert 'value="running"' not in text(client.get(link_path(due, coordinator)))


def test_an_answer_that_is_neither_is_refused(client, due, coordinator):
    response = client.post(link_path(due, coordinator), {"answer": "maybe"})
    assert response.status_code == 400
    assert "Please choose one of the two answers." in text(response)
    due.refresh_from_db()
    assert due.last_checked is None


@pytest.mark.parametrize(
    "token", ["nonsense", "a" * 300, "eyJwIjoxLCJ1IjoxfQ:1tXyZa:forged", "%00", "é:é:é"]
)
def test_a_bad_link_answers_400_not_500(client, token):
    url = reverse("practices:freshness_check", kwargs={"token": token})
    for response in (client.get(url), client.post(url, {"answer": "ended"})):
        assert response.status_code == 400
        assert "This link is not valid" in text(response)


def test_a_link_signed_otherwise_or_changed_is_refused(client, due, coordinator):
    forged = signing.dumps({"p": due.pk, "u": coordinator.pk}, salt="another.salt")
    assert (
        client.get(reverse("practices:freshness_check", kwargs={"token": forged})).status_code
        == 400
    )
    genuine = freshness.make_check_token(due, coordinator)
    payload, rest = genuine.split(":", 1)
    changed = signing.dumps({"p": due.pk + 1, "u": coordinator.pk}, salt=freshness.TOKEN_SALT)
    tampered = changed.split(":", 1)[0] + ":" + rest
    response = client.post(
        reverse("practices:freshness_check", kwargs={"token": tampered}), {"answer": "ended"}
    )
    assert response.status_code == 400
    due.refresh_from_db()
    assert due.ended_on is None


def test_an_expired_link_answers_403(client, due, coordinator, monkeypatch):
    now = signing.time.time()
    age = freshness.LINK_MAX_AGE.total_seconds() + 60
    monkeypatch.setattr(signing.time, "time", lambda: now - age)
    old = link_path(due, coordinator)
    monkeypatch.undo()

    for response in (client.get(old), client.post(old, {"answer": "ended"})):
        assert response.status_code == 403
        assert "This link has expired" in text(response)
    due.refresh_from_db()
    assert due.ended_on is None


def test_a_link_to_an_unpublished_practice_or_for_a_former_coordinator(
    client, due, coordinator, city, secretariat_user
):
    path = link_path(due, coordinator)
    city.coordinators.remove(coordinator)
    assert client.post(path, {"answer": "running"}).status_code == 403
    city.coordinators.add(coordinator)
    services.practice_unpublish(practice=due, user=secretariat_user)
    response = client.get(path)
    assert response.status_code == 404
    assert "no longer published" in text(response)
    due.refresh_from_db()
    assert due.last_checked is None


def test_the_done_page_tells_how_the_practice_stands(client, due, coordinator):
    token = freshness.make_check_token(due, coordinator)
    done = reverse("practices:freshness_done", kwargs={"token": token})
    assert "has not been checked today" in text(client.get(done))
    client.post(reverse("practices:freshness_check", kwargs={"token": token}), {"answer": "ended"})
    assert "Marked as ended" in text(client.get(done))
    assert client.get(reverse("practices:freshness_done", kwargs={"token": "x"})).status_code == 400


# --- The listing's filter: checked in the last two years ------------------------------------------


def was_checked_recently(item, value):
    """The rule, restated: the last check (or, before one, the publication) is at most two
    years old, counted in calendar days."""
    two_years_ago = (
        TODAY.replace(year=TODAY.year - 2)
        if not (TODAY.month == 2 and TODAY.day == 29)
        else TODAY.replace(year=TODAY.year - 2, day=28)
    )
    return value == "recent" and item["checked_on"] >= two_years_ago


@pytest.fixture
def checked_world():
    """Published practices checked at various ages, in two countries, plus hidden ones."""
    items = []
    ages = [0, 100, 400, 729, 731, 800, 1500, 3000]
    for index, age in enumerate(ages):
        country = "PT" if index % 2 else "NO"
        if index % 3:
            practice = published(age + 10, country=country)
            practice.last_checked = TODAY - datetime.timedelta(age)
            practice.save()
        else:
            practice = published(age, country=country)
        items.append({"checked_on": TODAY - datetime.timedelta(age), "country": country})
    # Two years to the day: still "in the last two years".
    published(3000, country="PT", last_checked=freshness.years_before(TODAY, 2))
    items.append({"checked_on": freshness.years_before(TODAY, 2), "country": "PT"})
    PracticeFactory(last_checked=TODAY, country="PT")  # a draft never counts
    return items


@pytest.mark.parametrize(
    "filters",
    [{}, {"checked": "recent"}, {"country": "PT"}, {"checked": "recent", "country": "NO"}],
)
def test_checked_recently_counts_match_an_independent_count(client, checked_world, filters):
    response = client.get(reverse("practices:practice_list"), filters)
    assert response.status_code == 200
    check_facets(
        response,
        checked_world,
        filters,
        {
            "checked": was_checked_recently,
            "country": lambda item, value: item["country"] == value,
        },
        {"checked": ["recent"], "country": ["NO", "PT"]},
    )


def test_checked_recently_option_is_labelled_and_bad_values_are_ignored(client, checked_world):
    response = client.get(reverse("practices:practice_list"))
    assert facet_options(response, "checked")["recent"].label == "In the last two years"
    bad = client.get(reverse("practices:practice_list"), {"checked": "yesterday"})
    assert bad.status_code == 200
    assert bad.context["result_count"] == len(checked_world)


def test_the_filtered_listing_costs_the_same_queries_with_more_practices(client):
    url = reverse("practices:practice_list") + "?checked=recent"
    counts = []
    for how_many in (3, 30):
        for age in range(how_many):
            published(age * 40)
        bump_after_commit()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- The secretariat's view -----------------------------------------------------------------------


def test_admin_shows_what_is_overdue(secretariat_client, city, coordinator):
    overdue = published(400, cities=[city], title_en="Overdue practice")
    published(10, cities=[city], title_en="Fresh practice")
    ended = published(400, cities=[city], title_en="Ended practice", ended_on=TODAY)

    index = text(secretariat_client.get(reverse("admin:index")))
    assert "Yearly check: 1 practice overdue" in index

    listing = secretariat_client.get(
        reverse("admin:practices_practice_changelist"), {"check": "overdue"}
    )
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [overdue]
    assert "(overdue)" in text(listing)
    ended_list = secretariat_client.get(
        reverse("admin:practices_practice_changelist"), {"check": "ended"}
    )
    assert list(ended_list.context["cl"].result_list) == [ended]
    freshness.run_yearly_check(today=TODAY)
    asked = secretariat_client.get(
        reverse("admin:practices_practice_changelist"), {"check": "asked"}
    )
    assert list(asked.context["cl"].result_list) == [overdue]
    change = secretariat_client.get(reverse("admin:practices_practice_change", args=[overdue.pk]))
    assert change.status_code == 200 and "Yearly check" in text(change)


def test_the_secretariat_records_an_answer_from_the_admin(secretariat_client, city):
    practice = published(400, cities=[city])
    response = secretariat_client.post(
        reverse("admin:practices_practice_changelist"),
        {"action": "confirm_running_selected", "_selected_action": [practice.pk]},
        follow=True,
    )
    assert response.status_code == 200
    practice.refresh_from_db()
    assert practice.last_checked == TODAY
    secretariat_client.post(
        reverse("admin:practices_practice_changelist"),
        {"action": "mark_ended_selected", "_selected_action": [practice.pk]},
    )
    practice.refresh_from_db()
    assert practice.ended_on == TODAY and practice.status == Status.PUBLISHED


def test_a_coordinator_of_another_city_cannot_answer(due, other_coordinator):
    with pytest.raises(PermissionDenied):
        freshness.practice_mark_ended(practice=due, user=other_coordinator)
    due.refresh_from_db()
    assert due.ended_on is None


def test_reverting_to_an_earlier_revision_keeps_the_check(secretariat_client, due, coordinator):
    """Reverting the content to a revision from before the answer does not undo the answer."""
    edit_purpose_in_admin(secretariat_client, due, "A purpose written before the check.")
    before_the_check = Version.objects.get_for_object(due).first()
    freshness.practice_mark_ended(practice=due, user=coordinator)
    revert_url = reverse("admin:practices_practice_revision", args=[due.pk, before_the_check.pk])

    preview = secretariat_client.get(revert_url)
    response = secretariat_client.post(revert_url, change_form_data(preview))

    assert response.status_code == 302
    due.refresh_from_db()
    assert due.purpose_en == "A purpose written before the check."
    assert (due.ended_on, due.last_checked) == (TODAY, TODAY)
    assert due.status == Status.PUBLISHED
