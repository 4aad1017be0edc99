import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from practices import services
from practices.models import Practice, Topic, Transition
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db
Status = Practice.Status


@pytest.fixture
def practice(city):
    return PracticeFactory(cities=[city], topics=[Topic.objects.get(slug="education")])


def test_coordinator_submits_own_practice_and_secretariat_is_told(
    practice, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        step = services.practice_submit(practice=practice, user=coordinator)

    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    assert practice.submitted_at is not None
    assert (step.from_status, step.to_status, step.actor) == (
        Status.DRAFT,
        Status.SUBMITTED,
        coordinator,
    )
    assert [message.to for message in mail.outbox] == [["secretariat@icc.example.org"]]
    assert str(practice) in mail.outbox[0].subject


def test_coordinator_of_another_city_cannot_submit(practice, other_coordinator):
    with pytest.raises(PermissionDenied):
        services.practice_submit(practice=practice, user=other_coordinator)
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT
    assert not Transition.objects.exists()


def test_coordinator_cannot_publish(practice, coordinator):
    services.practice_submit(practice=practice, user=coordinator)
    with pytest.raises(PermissionDenied):
        services.practice_publish(practice=practice, user=coordinator)
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED


def test_transition_not_in_the_life_cycle_is_refused(practice, secretariat_user):
    with pytest.raises(services.TransitionNotAllowed):
        services.practice_reject(practice=practice, user=secretariat_user, comment="No")


def test_request_changes_needs_a_comment(practice, coordinator, secretariat_user):
    services.practice_submit(practice=practice, user=coordinator)
    with pytest.raises(ValidationError):
        services.practice_request_changes(practice=practice, user=secretariat_user, comment="  ")
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED


def test_review_round_trip_is_logged_and_coordinator_is_told_in_their_language(
    practice, coordinator, secretariat_user, django_capture_on_commit_callbacks
):
    coordinator.preferred_language = "fr"
    coordinator.save()
    services.practice_submit(practice=practice, user=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.practice_request_changes(
            practice=practice, user=secretariat_user, comment="Add the budget."
        )
    assert mail.outbox[-1].to == [coordinator.email]
    assert mail.outbox[-1].subject.startswith("Modifications demandées")
    assert "Add the budget." in mail.outbox[-1].body

    services.practice_submit(practice=practice, user=coordinator)
    services.practice_publish(practice=practice, user=secretariat_user)
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED
    assert practice.published_at is not None
    assert list(practice.transitions.order_by("pk").values_list("to_status", "actor")) == [
        (Status.SUBMITTED, coordinator.pk),
        (Status.CHANGES_REQUESTED, secretariat_user.pk),
        (Status.SUBMITTED, coordinator.pk),
        (Status.PUBLISHED, secretariat_user.pk),
    ]


def test_publishing_needs_both_titles_and_a_topic(city, secretariat_user):
    practice = PracticeFactory(cities=[city], title_fr="")
    with pytest.raises(ValidationError) as error:
        services.practice_publish(practice=practice, user=secretariat_user)
    assert "French" in str(error.value)
    assert "topic" in str(error.value)


def test_allowed_transitions_depend_on_role(practice, coordinator, secretariat_user):
    assert services.allowed_transitions(practice=practice, user=coordinator) == [Status.SUBMITTED]
    assert set(services.allowed_transitions(practice=practice, user=secretariat_user)) == {
        Status.SUBMITTED,
        Status.PUBLISHED,
    }
