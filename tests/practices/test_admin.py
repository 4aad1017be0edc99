"""Practices in the admin: the review queue and actions (through the services), topics."""

import pytest
from django.core import mail
from django.urls import reverse

from practices import services
from practices.models import Practice, PracticeTopic, Topic, Transition
from practices.review import practice_changes_since_last_submission
from tests.factories import NewsItemFactory, PracticeFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Practice.Status


@pytest.fixture
def topic():
    return TopicFactory(name_en="Anti-rumours", name_fr="Anti-rumeurs")


@pytest.fixture
def submitted(city, coordinator, topic):
    practice = PracticeFactory(cities=[city], topics=[topic], title_en="Welcome desk")
    services.practice_submit(practice=practice, user=coordinator)
    return practice


def review_url(practice, action):
    return reverse("admin:practices_practice_review", args=[practice.pk, action])


def test_review_queue_lists_submitted_practices_only(secretariat_client, submitted, city):
    PracticeFactory(cities=[city], title_en="Still a draft")
    response = secretariat_client.get(reverse("admin:practices_practice_review_queue"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Welcome desk" in html and "Still a draft" not in html
    assert "coordinator" in html  # who submitted it
    assert html.count("<h1") == 1


def test_review_queue_queries_do_not_grow(secretariat_client, city, coordinator, topic,
                                          django_assert_max_num_queries):  # fmt: skip
    for _ in range(30):
        practice = PracticeFactory(cities=[city], topics=[topic])
        services.practice_submit(practice=practice, user=coordinator)
    with django_assert_max_num_queries(15):
        response = secretariat_client.get(reverse("admin:practices_practice_review_queue"))
    assert response.content.decode().count('<th scope="row">') == 30


def test_review_queue_is_for_the_secretariat_only(client, coordinator):
    coordinator.is_staff = True
    coordinator.save()
    client.force_login(coordinator)
    assert client.get(reverse("admin:practices_practice_review_queue")).status_code == 403


def test_change_page_offers_the_allowed_decisions(secretariat_client, submitted):
    html = secretariat_client.get(
        reverse("admin:practices_practice_change", args=[submitted.pk])
    ).content.decode()
    for action in ("publish", "request-changes", "reject"):
        assert review_url(submitted, action) in html
    assert review_url(submitted, "unpublish") not in html


def test_publish_through_the_admin_calls_the_service_and_logs(
    secretariat_client, secretariat_user, submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(review_url(submitted, "publish"), {"comment": ""})

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED
    step = submitted.transitions.first()
    assert (step.from_status, step.to_status, step.actor) == (
        Status.SUBMITTED, Status.PUBLISHED, secretariat_user,
    )  # fmt: skip
    assert mail.outbox  # the coordinators are told


def test_request_changes_needs_a_comment_shown_as_a_form_error(secretariat_client, submitted):
    response = secretariat_client.post(review_url(submitted, "request-changes"), {"comment": " "})
    assert response.status_code == 200
    assert response.context["form"].errors
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED

    secretariat_client.post(
        review_url(submitted, "request-changes"), {"comment": "Please add the budget."}
    )
    submitted.refresh_from_db()
    assert submitted.status == Status.CHANGES_REQUESTED
    assert submitted.transitions.first().comment == "Please add the budget."


def test_reject_with_comment(secretariat_client, submitted):
    secretariat_client.post(review_url(submitted, "reject"), {"comment": "Not a practice."})
    submitted.refresh_from_db()
    assert submitted.status == Status.REJECTED


def test_a_transition_not_allowed_is_an_error_message_not_a_500(secretariat_client, city):
    draft = PracticeFactory(cities=[city])
    response = secretariat_client.post(review_url(draft, "unpublish"), {"comment": ""})
    assert response.status_code == 200
    assert "cannot become" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_publishing_an_incomplete_practice_explains_what_is_missing(secretariat_client, city):
    practice = PracticeFactory(cities=[city], title_fr="")
    response = secretariat_client.post(review_url(practice, "publish"), {"comment": ""})
    assert response.status_code == 200
    assert "cannot be published yet" in response.content.decode()


def test_unknown_review_action_is_404(secretariat_client, submitted):
    assert secretariat_client.get(review_url(submitted, "explode")).status_code == 404


def test_status_is_read_only_in_the_admin_form(secretariat_client, submitted):
    response = secretariat_client.get(
        reverse("admin:practices_practice_change", args=[submitted.pk])
    )
    form = response.context["adminform"].form
    assert "status" not in form.fields
    assert {"cities", "topics"} <= set(form.fields)
    assert "Life cycle" in response.content.decode()


def test_bulk_publish_goes_through_the_service(secretariat_client, submitted, city):
    incomplete = PracticeFactory(cities=[city], title_fr="")
    secretariat_client.post(
        reverse("admin:practices_practice_changelist"),
        {"action": "publish_selected", "_selected_action": [submitted.pk, incomplete.pk]},
    )
    submitted.refresh_from_db()
    incomplete.refresh_from_db()
    assert submitted.status == Status.PUBLISHED
    assert incomplete.status == Status.DRAFT
    assert Transition.objects.filter(practice=submitted, to_status=Status.PUBLISHED).exists()


def test_changes_since_last_submission(secretariat_user, coordinator, submitted, city, other_city):
    services.practice_request_changes(
        practice=submitted, user=secretariat_user, comment="Say more."
    )
    submitted.refresh_from_db()
    submitted.purpose_en = "To welcome newcomers in every district."
    submitted.save()
    submitted.cities.add(other_city)
    services.practice_submit(practice=submitted, user=coordinator)
    submitted.refresh_from_db()

    changes = practice_changes_since_last_submission(submitted)

    assert ("Purpose [en]", "To bring people together.",
            "To welcome newcomers in every district.") in changes  # fmt: skip
    assert ("Cities", "Lisbon", "Lisbon, Oslo") in changes
    assert len(changes) == 2


def test_first_submission_has_nothing_to_compare(submitted):
    assert practice_changes_since_last_submission(submitted) == []


def test_changes_shown_on_the_change_page(
    secretariat_client, secretariat_user, coordinator, submitted
):
    services.practice_request_changes(practice=submitted, user=secretariat_user, comment="More")
    submitted.refresh_from_db()
    submitted.title_fr = "Guichet d'accueil"
    submitted.save()
    services.practice_submit(practice=submitted, user=coordinator)
    html = secretariat_client.get(
        reverse("admin:practices_practice_change", args=[submitted.pk])
    ).content.decode()
    assert "<ins>Guichet d&#x27;accueil</ins>" in html


def test_staff_outside_the_secretariat_see_only_their_cities(client, city, other_city):
    from django.contrib.auth.models import Permission

    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_practice"))
    city.coordinators.add(staff)
    own = PracticeFactory(cities=[city], title_en="Ours")
    PracticeFactory(cities=[other_city], title_en="Theirs")
    client.force_login(staff)
    response = client.get(reverse("admin:practices_practice_changelist"))
    assert list(response.context["cl"].queryset) == [own]


# --- Topics ---------------------------------------------------------------------------------


def test_merge_topics_moves_practices_and_news_without_duplicates(secretariat_client, city):
    target = TopicFactory(name_en="Anti-rumours", name_fr="Anti-rumeurs")
    rumours = TopicFactory(name_en="Rumours", name_fr="Rumeurs")
    myths = TopicFactory(name_en="Myths", name_fr="Mythes")
    both = PracticeFactory(cities=[city], topics=[target, rumours])
    only_source = PracticeFactory(cities=[city], topics=[myths, rumours])
    news = NewsItemFactory(topics=[myths])
    url = reverse("admin:practices_topic_changelist")
    selection = {"action": "merge_topics", "_selected_action": [rumours.pk, myths.pk]}

    confirm = secretariat_client.post(url, selection)
    assert confirm.status_code == 200
    assert "Merge into" in confirm.content.decode()

    secretariat_client.post(url, {**selection, "apply": "1", "target": target.pk})

    assert not Topic.objects.filter(pk__in=[rumours.pk, myths.pk]).exists()
    assert list(both.topics.all()) == [target]
    assert list(only_source.topics.all()) == [target]
    assert list(news.topics.all()) == [target]
    assert PracticeTopic.objects.filter(topic=target).count() == 2


def test_deleting_a_topic_in_use_is_refused(secretariat_client, city, topic):
    PracticeFactory(cities=[city], topics=[topic])
    response = secretariat_client.post(
        reverse("admin:practices_topic_delete", args=[topic.pk]), {"post": "yes"}
    )
    assert response.status_code == 200
    assert "Cannot delete" in response.content.decode() or "protected" in response.content.decode()
    assert Topic.objects.filter(pk=topic.pk).exists()


def test_topic_can_be_added_and_renamed(secretariat_client):
    secretariat_client.post(
        reverse("admin:practices_topic_add"),
        {"name_en": "Sport", "name_fr": "Sport", "slug": "", "position": "5"},
    )
    topic = Topic.objects.get(slug="sport")
    secretariat_client.post(
        reverse("admin:practices_topic_change", args=[topic.pk]),
        {"name_en": "Sport and play", "name_fr": "Sport et jeu", "slug": "sport", "position": "5"},
    )
    topic.refresh_from_db()
    assert (topic.name_en, topic.slug) == ("Sport and play", "sport")


def test_revisions_keep_both_languages(secretariat_user, submitted):
    from reversion.models import Version

    services.practice_request_changes(practice=submitted, user=secretariat_user, comment="x")
    version = Version.objects.get_for_object(submitted).first()
    assert version.field_dict["title_fr"] == submitted.title_fr
    assert version.field_dict["purpose_en"] == "To bring people together."
