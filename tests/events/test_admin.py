"""Events in the admin: validation errors, host cities through model, bulk publishing."""

import pytest
from django.urls import reverse

from events.models import Event
from tests.factories import CityFactory, EventFactory

pytestmark = pytest.mark.django_db
ADD_URL = reverse("admin:events_event_add")


def event_data(**overrides):
    data = {
        "title_en": "Study visit to Lisbon",
        "title_fr": "Visite d'étude à Lisbonne",
        "slug": "",
        "kind": "study_visit",
        "start_date": "2015-10-29",
        "end_date": "2015-10-30",
        "time_zone": "",
        "place_en": "",
        "place_fr": "",
        "country": "PT",
        "description_en": "",
        "description_fr": "",
        "registration_url": "",
        "interpretation_languages": "[]",
        "is_published": "on",
    }
    data.update(overrides)
    return data


def test_event_with_host_cities_is_created_through_the_admin(secretariat_client):
    lisbon, oeiras = CityFactory(), CityFactory()

    response = secretariat_client.post(
        ADD_URL, event_data(host_cities=[lisbon.pk, oeiras.pk]), follow=True
    )

    assert response.status_code == 200
    event = Event.objects.get()
    assert set(event.host_cities.all()) == {lisbon, oeiras}
    assert event.title_fr == "Visite d'étude à Lisbonne"


def test_the_add_form_offers_host_cities_with_autocomplete(secretariat_client):
    response = secretariat_client.get(ADD_URL)
    field = response.context["adminform"].form.fields["host_cities"]
    assert "admin-autocomplete" in field.widget.render("host_cities", None)


def test_end_before_start_is_a_form_error_not_a_crash(secretariat_client):
    response = secretariat_client.post(
        ADD_URL, event_data(start_date="2015-10-30", end_date="2015-10-29")
    )

    assert response.status_code == 200
    assert not Event.objects.exists()
    assert "The end date cannot be before the start date." in response.content.decode()


def test_registration_deadline_after_the_event_is_a_form_error(secretariat_client):
    response = secretariat_client.post(ADD_URL, event_data(registration_deadline="2016-01-01"))
    assert "The registration deadline cannot be after the event." in response.content.decode()
    assert not Event.objects.exists()


def test_bulk_unpublish_then_publish(secretariat_client):
    events = EventFactory.create_batch(3)
    url = reverse("admin:events_event_changelist")

    secretariat_client.post(
        url, {"action": "unpublish_selected", "_selected_action": [e.pk for e in events]}
    )
    assert not Event.objects.filter(is_published=True).exists()

    secretariat_client.post(url, {"action": "publish_selected", "_selected_action": [events[0].pk]})
    assert list(Event.objects.filter(is_published=True)) == [events[0]]


def test_changelist_queries_do_not_grow_with_events(
    secretariat_client, django_assert_max_num_queries
):
    city = CityFactory()
    EventFactory.create_batch(40, host_cities=[city])
    with django_assert_max_num_queries(25):
        response = secretariat_client.get(reverse("admin:events_event_changelist"))
    assert response.status_code == 200
    assert city.name in response.content.decode()


def test_edit_creates_a_revision_and_a_deleted_event_can_be_recovered(secretariat_client):
    from reversion.models import Version

    event = EventFactory()
    change_url = reverse("admin:events_event_change", args=[event.pk])
    data = event_data(title_en="Renamed meeting", start_date="2015-10-29", end_date="2015-10-29")
    secretariat_client.post(change_url, data)
    event.refresh_from_db()
    assert event.title_en == "Renamed meeting"
    assert Version.objects.get_for_object(event).count() == 1

    secretariat_client.post(reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"})
    assert not Event.objects.exists()
    deleted = Version.objects.get_deleted(Event).get()
    recover_list = secretariat_client.get(reverse("admin:events_event_recoverlist"))
    assert recover_list.status_code == 200
    recover_url = reverse("admin:events_event_recover", args=[deleted.pk])
    assert recover_url in recover_list.content.decode()

    response = secretariat_client.post(recover_url, data)

    assert response.status_code == 302
    assert Event.objects.get().title_en == "Renamed meeting"
