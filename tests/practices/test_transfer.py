"""Transfer between cities: "inspired by", cities' adaptations and their review, the pages that
show them, the "Adapted by other cities" facet (against counts made here), the API and the
coordinators' workspace."""

import random

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from icc.caching.invalidation import public_models
from practices import adaptation_services
from practices.models import Adaptation, Practice
from tests.factories import (
    AdaptationFactory,
    CityFactory,
    CoordinatorFactory,
    PracticeFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Status = Adaptation.Status


@pytest.fixture
def origin():
    """Oslo's published practice, which other cities adapt."""
    oslo = CityFactory(name_en="Oslo", name_fr="Oslo", country="NO")
    return PracticeFactory(
        published=True, cities=[oslo], country="NO",
        title_en="Intercultural mediators", title_fr="Médiateurs interculturels",
    )  # fmt: skip


def submitted_adaptation(*, practice, city, user):
    adaptation = adaptation_services.adaptation_create(
        user=user, practice=practice, city=city,
        fields={"year": 2022, "note_en": "Trained ten mediators.", "note_fr": "Dix médiateurs."},
    )  # fmt: skip
    return adaptation_services.adaptation_submit(adaptation=adaptation, user=user)


# --- Model ------------------------------------------------------------------------------------


def test_a_city_records_a_practice_once(origin, city):
    AdaptationFactory(practice=origin, city=city)
    with pytest.raises(IntegrityError), transaction.atomic():
        AdaptationFactory(practice=origin, city=city, year=2023)


def test_a_practice_is_not_its_own_inspiration(origin):
    origin.inspired_by = origin
    with pytest.raises(IntegrityError), transaction.atomic():
        origin.save()


def test_a_city_of_the_practice_did_not_adapt_it(origin):
    own = Adaptation(practice=origin, city=origin.cities.get(), year=2020)
    with pytest.raises(ValidationError) as error:
        own.full_clean()
    assert "city" in error.value.message_dict


def test_adaptations_are_public_content_for_the_page_cache():
    assert Adaptation in set(public_models())


# --- Life cycle (services) --------------------------------------------------------------------


def test_coordinator_records_and_submits_the_secretariat_publishes(
    origin, city, coordinator, secretariat_user, settings, django_capture_on_commit_callbacks
):
    settings.SECRETARIAT_EMAILS = ["review@example.org"]
    coordinator.preferred_language = "fr"
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        adaptation = submitted_adaptation(practice=origin, city=city, user=coordinator)
    assert adaptation.status == Status.SUBMITTED and adaptation.submitted_at
    assert [m.to for m in mail.outbox] == [["review@example.org"], ["secretariat@example.org"]]
    assert "Lisbon" in mail.outbox[0].subject

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        adaptation_services.adaptation_publish(adaptation=adaptation, user=secretariat_user)
    adaptation.refresh_from_db()
    assert adaptation.status == Status.PUBLISHED and adaptation.published_at
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    # In the coordinator's language: the French title and the French page.
    assert "Médiateurs interculturels" in mail.outbox[0].body
    assert f"/fr/practices/{origin.slug}/" in mail.outbox[0].body


def test_coordinators_cannot_publish_nor_record_for_other_cities(
    origin, city, other_city, coordinator
):
    with pytest.raises(PermissionDenied):
        adaptation_services.adaptation_create(
            user=coordinator, practice=origin, city=other_city, fields={"year": 2020}
        )
    adaptation = submitted_adaptation(practice=origin, city=city, user=coordinator)
    with pytest.raises(PermissionDenied):
        adaptation_services.adaptation_publish(adaptation=adaptation, user=coordinator)


def test_only_published_practices_of_other_cities_can_be_adapted(city, coordinator):
    draft = PracticeFactory(cities=[CityFactory()])
    own = PracticeFactory(published=True, cities=[city])
    for practice, code in ((draft, "unpublished"), (own, "own_practice")):
        with pytest.raises(ValidationError) as error:
            adaptation_services.adaptation_create(
                user=coordinator, practice=practice, city=city, fields={"year": 2020}
            )
        assert error.value.code == code


def test_a_second_record_of_the_same_adaptation_is_refused(origin, city, coordinator):
    fields = {"year": 2020}
    adaptation_services.adaptation_create(
        user=coordinator, practice=origin, city=city, fields=fields
    )
    with pytest.raises(ValidationError):
        adaptation_services.adaptation_create(
            user=coordinator, practice=origin, city=city, fields=fields
        )


def test_sending_back_or_rejecting_needs_a_comment_that_reaches_the_coordinator(
    origin, city, coordinator, secretariat_user, django_capture_on_commit_callbacks
):
    adaptation = submitted_adaptation(practice=origin, city=city, user=coordinator)
    for target in (Status.DRAFT, Status.REJECTED):
        with pytest.raises(ValidationError):
            adaptation_services.adaptation_transition(
                adaptation=adaptation, user=secretariat_user, to_status=target
            )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        adaptation_services.adaptation_reject(
            adaptation=adaptation, user=secretariat_user, comment="Not the same practice."
        )
    adaptation.refresh_from_db()
    assert adaptation.status == Status.REJECTED
    assert adaptation.review_comment == "Not the same practice."
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert "Not the same practice." in mail.outbox[0].body
    with pytest.raises(adaptation_services.TransitionNotAllowed):
        adaptation_services.adaptation_publish(adaptation=adaptation, user=secretariat_user)


def test_only_a_draft_is_edited_or_deleted(origin, city, coordinator):
    adaptation = submitted_adaptation(practice=origin, city=city, user=coordinator)
    with pytest.raises(PermissionDenied):
        adaptation_services.adaptation_update(
            adaptation=adaptation, user=coordinator, fields={"year": 2001}
        )
    with pytest.raises(PermissionDenied):
        adaptation_services.adaptation_delete(adaptation=adaptation, user=coordinator)


# --- Public pages -----------------------------------------------------------------------------


def test_practice_page_shows_inspired_by_and_the_published_adaptations(client, origin, city):
    follower = PracticeFactory(
        published=True, cities=[city], inspired_by=origin, title_en="Lisbon mediators"
    )
    AdaptationFactory(practice=origin, city=city, year=2019, note_en="Ten mediators trained.")
    AdaptationFactory(
        practice=origin, city=CityFactory(name_en="Draftville"), status=Status.SUBMITTED
    )
    AdaptationFactory(practice=origin, city=CityFactory(name_en="Refused"), status=Status.REJECTED)

    html = client.get(origin.get_absolute_url()).content.decode()
    assert "Adapted by" in html
    assert f'<a href="{city.get_absolute_url()}">Lisbon</a>' in html
    assert "2019" in html and "Ten mediators trained." in html
    assert "Draftville" not in html and "Refused" not in html
    # The practice it inspired, linked.
    assert "Practices inspired by this one" in html
    assert f'href="{follower.get_absolute_url()}"' in html

    html = client.get(follower.get_absolute_url()).content.decode()
    assert "Inspired by" in html
    assert f'<a href="{origin.get_absolute_url()}">Intercultural mediators</a>' in html


def test_practice_page_in_french_shows_the_french_note(client, origin, city):
    AdaptationFactory(practice=origin, city=city, note_fr="Une note en français.")
    in_french = client.get(f"/fr/practices/{origin.slug}/").content.decode()
    assert "Une note en français." in in_french
    assert "We took over the training" not in in_french


def test_an_unpublished_inspiration_is_not_shown(client, city):
    draft = PracticeFactory(title_en="Secret draft")
    follower = PracticeFactory(published=True, cities=[city], inspired_by=draft)
    html = client.get(follower.get_absolute_url()).content.decode()
    assert "Secret draft" not in html
    assert "Inspired by" not in html


def test_city_page_lists_the_practices_it_adapted(client, origin, city):
    AdaptationFactory(practice=origin, city=city, year=2020, note_en="Our own version.")
    unpublished = PracticeFactory(title_en="Withdrawn practice", status=Practice.Status.ARCHIVED)
    AdaptationFactory(practice=unpublished, city=city)
    AdaptationFactory(
        practice=PracticeFactory(published=True, title_en="Pending one"),
        city=city,
        status=Status.SUBMITTED,
    )
    html = client.get(city.get_absolute_url()).content.decode()
    assert "Practices adapted by this city" in html
    assert f'href="{origin.get_absolute_url()}"' in html
    assert "Our own version." in html and "2020" in html
    assert "Withdrawn practice" not in html and "Pending one" not in html


def test_publishing_an_adaptation_renews_the_cached_pages(
    client, origin, city, coordinator, secretariat_user
):
    adaptation = submitted_adaptation(practice=origin, city=city, user=coordinator)
    assert "Trained ten mediators." not in client.get(origin.get_absolute_url()).content.decode()
    assert "Trained ten mediators." not in client.get(city.get_absolute_url()).content.decode()
    adaptation_services.adaptation_publish(adaptation=adaptation, user=secretariat_user)
    assert "Trained ten mediators." in client.get(origin.get_absolute_url()).content.decode()
    assert "Trained ten mediators." in client.get(city.get_absolute_url()).content.decode()


def test_detail_pages_queries_do_not_grow_with_adaptations(
    client, origin, city, django_assert_max_num_queries
):
    def queries(path):
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured.captured_queries)

    AdaptationFactory(practice=origin, city=city)
    other = PracticeFactory(published=True, cities=[CityFactory()])
    AdaptationFactory(practice=other, city=city)
    PracticeFactory(published=True, inspired_by=origin)
    few = (queries(origin.get_absolute_url()), queries(city.get_absolute_url()))
    for _ in range(12):
        AdaptationFactory(practice=origin, city=CityFactory())
        adapted_here = PracticeFactory(published=True, cities=[CityFactory()])
        AdaptationFactory(practice=adapted_here, city=city)
        PracticeFactory(published=True, inspired_by=origin, cities=[CityFactory()])
    many = (queries(origin.get_absolute_url()), queries(city.get_absolute_url()))
    assert many == few
    with django_assert_max_num_queries(few[0]):
        client.get(origin.get_absolute_url())


# --- The "Adapted by other cities" facet ------------------------------------------------------


@pytest.fixture
def adapted_world():
    """Published practices (and drafts), some adapted by cities, in every review state."""
    rng = random.Random(11)
    topics = [TopicFactory() for _ in range(3)]
    countries = ["PT", "NO", "ES"]
    adopters = [CityFactory() for _ in range(4)]
    practices = []
    for index in range(30):
        practice = PracticeFactory(
            published=index % 6 != 0,
            country=rng.choice(countries),
            topics=rng.sample(topics, rng.choice([0, 1, 2])),
        )
        for adopter in rng.sample(adopters, rng.choice([0, 0, 1, 2])):
            AdaptationFactory(practice=practice, city=adopter, status=rng.choice(list(Status)))
        practices.append(practice)
    return {"topics": topics, "countries": countries}


def adapted_option(response):
    facet = next(f for f in response.context["facets"] if f.param == "adapted")
    return {option.value: option.count for option in facet.options}


def independent_count(**filters):
    """Published practices with a published adaptation, counted without the facet code."""
    practices = Practice.objects.filter(status="published", **filters).distinct()
    adapted = set(
        Adaptation.objects.filter(status="published").values_list("practice_id", flat=True)
    )
    return sum(1 for pk in practices.values_list("pk", flat=True) if pk in adapted)


def test_adapted_facet_counts_under_other_filters(client, adapted_world):
    topic = adapted_world["topics"][0]
    assert 0 < independent_count() < Practice.objects.published().count()  # a real test
    cases = [
        ({}, {}),
        ({"country": "PT"}, {"country": "PT"}),
        ({"topic": topic.slug}, {"topic_links__topic": topic}),
        ({"country": "NO", "topic": topic.slug}, {"country": "NO", "topic_links__topic": topic}),
    ]
    for query, orm in cases:
        response = client.get("/en/practices/", query)
        assert adapted_option(response) == {"yes": independent_count(**orm)}, query
        # With the facet chosen, the results are exactly the adapted ones.
        response = client.get("/en/practices/", {**query, "adapted": "yes"})
        assert response.context["result_count"] == independent_count(**orm), query
        assert adapted_option(response) == {"yes": independent_count(**orm)}


def test_other_facets_count_with_adapted_chosen(client, adapted_world):
    response = client.get("/en/practices/", {"adapted": "yes"})
    country = next(f for f in response.context["facets"] if f.param == "country")
    for option in country.options:
        assert option.count == independent_count(country=option.value), option.value


def test_adapted_bad_value_is_ignored(client, adapted_world):
    response = client.get("/en/practices/", {"adapted": "maybe"})
    assert response.status_code == 200
    assert response.context["result_count"] == Practice.objects.published().count()
    assert response.context["invalid_filters"]


def test_adapted_facet_counts_only_published_adaptations(client, origin):
    assert adapted_option(client.get("/en/practices/")) == {"yes": 0}
    AdaptationFactory(practice=origin, status=Status.SUBMITTED)
    AdaptationFactory(practice=PracticeFactory(), city=CityFactory())  # of a draft practice
    assert adapted_option(client.get("/en/practices/")) == {"yes": 0}
    AdaptationFactory(practice=origin)
    AdaptationFactory(practice=origin)  # a second city: still one practice
    assert adapted_option(client.get("/en/practices/")) == {"yes": 1}


# --- API --------------------------------------------------------------------------------------


def test_api_practice_gives_adapted_by_and_inspired_by(client, origin, city):
    follower = PracticeFactory(published=True, cities=[city], inspired_by=origin)
    AdaptationFactory(practice=origin, city=city, year=2018, note_en="Shorter course.")
    AdaptationFactory(practice=origin, status=Status.SUBMITTED)
    AdaptationFactory(practice=origin, city=CityFactory(is_published=False))
    data = client.get(f"/api/v1/practices/{origin.slug}/").json()
    assert data["inspired_by"] is None
    assert [(a["city"]["slug"], a["year"], a["note"]) for a in data["adapted_by"]] == [
        (city.slug, 2018, "Shorter course.")
    ]
    data = client.get(f"/api/v1/practices/{follower.slug}/").json()
    assert data["inspired_by"]["slug"] == origin.slug
    assert data["adapted_by"] == []
    listed = client.get("/api/v1/practices/", {"adapted": "yes"}).json()
    assert [item["slug"] for item in listed["results"]] == [origin.slug]


# --- Workspace --------------------------------------------------------------------------------


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_coordinator_finds_the_practice_and_records_the_adaptation(
    coordinator_client, origin, city, settings, django_capture_on_commit_callbacks
):
    settings.SECRETARIAT_EMAILS = ["review@example.org"]
    url = reverse("workspace:adaptation_create")
    page = coordinator_client.get(url, {"q": "mediators"}).content.decode()
    assert f'value="{origin.slug}"' in page  # a radio button for it
    response = coordinator_client.post(
        url,
        {"practice": origin.slug, "city": city.slug, "year": "2021", "note_en": "Our way.",
         "note_fr": "", "q": "mediators"},
    )  # fmt: skip
    adaptation = Adaptation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:adaptation_detail", args=[adaptation.pk])
    assert (adaptation.practice, adaptation.city, adaptation.year) == (origin, city, 2021)
    assert adaptation.status == Status.DRAFT

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("workspace:adaptation_submit", args=[adaptation.pk]))
    adaptation.refresh_from_db()
    assert adaptation.status == Status.SUBMITTED
    assert mail.outbox and mail.outbox[0].to == ["review@example.org"]
    listing = coordinator_client.get(reverse("workspace:adaptation_list")).content.decode()
    assert "Intercultural mediators" in listing and "Submitted for review" in listing


def test_workspace_form_errors_are_shown_not_500(coordinator_client, city):
    own = PracticeFactory(published=True, cities=[city], title_en="Our own")
    url = reverse("workspace:adaptation_create")
    cases = [
        {"practice": "no-such-practice", "city": city.slug, "year": "2020"},
        {"practice": own.slug, "city": city.slug, "year": "2020"},
        {"practice": own.slug, "city": city.slug, "year": "3000"},
        {"practice": own.slug, "city": "someone-elses-city", "year": "2020"},
    ]
    for data in cases:
        response = coordinator_client.post(url, data)
        assert response.status_code == 200, data
        assert 'class="error-summary"' in response.content.decode(), data
    assert not Adaptation.objects.exists()


def test_other_coordinators_get_a_404(client, origin, city, coordinator, other_coordinator):
    adaptation = submitted_adaptation(practice=origin, city=city, user=coordinator)
    client.force_login(other_coordinator)
    for name in ("adaptation_detail", "adaptation_edit", "adaptation_delete"):
        assert client.get(reverse(f"workspace:{name}", args=[adaptation.pk])).status_code == 404
    assert (
        client.post(reverse("workspace:adaptation_submit", args=[adaptation.pk])).status_code == 404
    )
    listing = client.get(reverse("workspace:adaptation_list")).content.decode()
    assert "Intercultural mediators" not in listing


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("workspace:adaptation_list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_submitting_needs_a_post(coordinator_client, origin, city, coordinator):
    adaptation = adaptation_services.adaptation_create(
        user=coordinator, practice=origin, city=city, fields={"year": 2020}
    )
    url = reverse("workspace:adaptation_submit", args=[adaptation.pk])
    assert coordinator_client.get(url).status_code == 405
    adaptation.refresh_from_db()
    assert adaptation.status == Status.DRAFT


def test_coordinator_edits_and_deletes_a_draft(coordinator_client, origin, city, coordinator):
    adaptation = adaptation_services.adaptation_create(
        user=coordinator, practice=origin, city=city, fields={"year": 2020}
    )
    response = coordinator_client.post(
        reverse("workspace:adaptation_edit", args=[adaptation.pk]),
        {"practice": origin.slug, "year": "2017", "note_en": "", "note_fr": "Une note."},
    )
    assert response.status_code == 302
    adaptation.refresh_from_db()
    assert (adaptation.year, adaptation.note_fr, adaptation.city) == (2017, "Une note.", city)
    url = reverse("workspace:adaptation_delete", args=[adaptation.pk])
    assert coordinator_client.get(url).status_code == 200
    assert coordinator_client.post(url).status_code == 302
    assert not Adaptation.objects.exists()


def test_coordinator_says_which_practice_theirs_was_inspired_by(
    coordinator_client, origin, city, other_coordinator, client
):
    own = PracticeFactory(cities=[city])
    url = reverse("workspace:practice_inspired_by", args=[own.pk])
    assert f'value="{origin.slug}"' in coordinator_client.get(url, {"q": "Oslo"}).content.decode()
    assert coordinator_client.post(url, {"inspired_by": origin.slug}).status_code == 302
    own.refresh_from_db()
    assert own.inspired_by == origin
    assert coordinator_client.post(url, {"inspired_by": ""}).status_code == 302
    own.refresh_from_db()
    assert own.inspired_by is None
    # A draft is no inspiration; nor is the practice itself.
    draft = PracticeFactory(cities=[CityFactory()])
    for slug in (draft.slug, own.slug):
        response = coordinator_client.post(url, {"inspired_by": slug})
        assert response.status_code == 200 and 'class="error-summary"' in response.content.decode()
    own.refresh_from_db()
    assert own.inspired_by is None
    client.force_login(other_coordinator)
    assert client.get(url).status_code == 404


# --- Admin ------------------------------------------------------------------------------------


def test_admin_review_of_an_adaptation(secretariat_client, origin, city, coordinator):
    adaptation = submitted_adaptation(practice=origin, city=city, user=coordinator)
    queue = secretariat_client.get(reverse("admin:practices_practice_review_queue"))
    assert "1 adaptation of a practice by another city is waiting" in queue.content.decode()
    listing = secretariat_client.get(
        reverse("admin:practices_adaptation_changelist"), {"status__exact": "submitted"}
    )
    assert listing.status_code == 200 and "Lisbon" in listing.content.decode()
    change = secretariat_client.get(
        reverse("admin:practices_adaptation_change", args=[adaptation.pk])
    ).content.decode()
    publish_url = reverse("admin:practices_adaptation_review", args=[adaptation.pk, "publish"])
    assert publish_url in change
    reject_url = reverse("admin:practices_adaptation_review", args=[adaptation.pk, "reject"])
    assert secretariat_client.post(reject_url, {"comment": ""}).status_code == 200  # needed
    assert secretariat_client.post(publish_url, {"comment": ""}).status_code == 302
    adaptation.refresh_from_db()
    assert adaptation.status == Status.PUBLISHED
    assert (
        secretariat_client.get(
            reverse("admin:practices_adaptation_review", args=[adaptation.pk, "nonsense"])
        ).status_code
        == 404
    )


def test_admin_bulk_publish(secretariat_client, origin, coordinator, city):
    adaptation = submitted_adaptation(practice=origin, city=city, user=coordinator)
    response = secretariat_client.post(
        reverse("admin:practices_adaptation_changelist"),
        {"action": "publish_selected_adaptations", "_selected_action": [adaptation.pk]},
    )
    assert response.status_code == 302
    adaptation.refresh_from_db()
    assert adaptation.status == Status.PUBLISHED


def test_admin_practice_form_has_inspired_by(secretariat_client, origin):
    html = secretariat_client.get(
        reverse("admin:practices_practice_change", args=[origin.pk])
    ).content.decode()
    assert 'name="inspired_by"' in html


def test_staff_outside_the_secretariat_cannot_review(client, origin, city, coordinator):
    adaptation = submitted_adaptation(practice=origin, city=city, user=coordinator)
    staff = UserFactory(is_staff=True)
    with pytest.raises(PermissionDenied):
        adaptation_services.adaptation_publish(adaptation=adaptation, user=staff)
    coordinator_in_admin = CoordinatorFactory(cities=[city], is_staff=True)
    with pytest.raises(PermissionDenied):
        adaptation_services.adaptation_publish(adaptation=adaptation, user=coordinator_in_admin)
