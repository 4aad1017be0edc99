"""Permission matrix of the workspace: every view and action, for every kind of visitor.

Visitors: anonymous, a coordinator of the practice's city, a coordinator of another city, and
the secretariat. Whatever URL or form data they send, nobody reaches another city's practices
and nobody publishes from the workspace.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from practices.models import Practice, Topic
from tests.factories import PracticeFactory
from tests.practices.test_workspace import edit_data, practice_form_data

pytestmark = pytest.mark.django_db
Status = Practice.Status

ANONYMOUS, OWN, OTHER, SECRETARIAT = "anonymous", "own", "other", "secretariat"
LOGIN = "login"  # a redirect to the sign-in page

# (name, method, url name, needs the practice, expected status per visitor)
MATRIX = [
    (
        "list",
        "get",
        "practice_list",
        False,
        {ANONYMOUS: LOGIN, OWN: 200, OTHER: 200, SECRETARIAT: 200},
    ),
    (
        "new form",
        "get",
        "practice_create",
        False,
        {ANONYMOUS: LOGIN, OWN: 200, OTHER: 200, SECRETARIAT: 403},
    ),
    (
        "detail",
        "get",
        "practice_detail",
        True,
        {ANONYMOUS: LOGIN, OWN: 200, OTHER: 404, SECRETARIAT: 200},
    ),
    (
        "preview",
        "get",
        "practice_preview",
        True,
        {ANONYMOUS: LOGIN, OWN: 200, OTHER: 404, SECRETARIAT: 200},
    ),
    (
        "edit form",
        "get",
        "practice_edit",
        True,
        {ANONYMOUS: LOGIN, OWN: 200, OTHER: 404, SECRETARIAT: 404},
    ),
    (
        "edit",
        "post",
        "practice_edit",
        True,
        {ANONYMOUS: LOGIN, OWN: 302, OTHER: 404, SECRETARIAT: 404},
    ),
    (
        "submit form",
        "get",
        "practice_submit",
        True,
        {ANONYMOUS: LOGIN, OWN: 200, OTHER: 404, SECRETARIAT: 404},
    ),
    (
        "submit",
        "post",
        "practice_submit",
        True,
        {ANONYMOUS: LOGIN, OWN: 302, OTHER: 404, SECRETARIAT: 404},
    ),
    (
        "delete form",
        "get",
        "practice_delete",
        True,
        {ANONYMOUS: LOGIN, OWN: 200, OTHER: 404, SECRETARIAT: 404},
    ),
    (
        "delete",
        "post",
        "practice_delete",
        True,
        {ANONYMOUS: LOGIN, OWN: 302, OTHER: 404, SECRETARIAT: 404},
    ),
]


@pytest.fixture
def practice(city):
    return PracticeFactory(
        cities=[city], topics=[Topic.objects.get(slug="education")], title_en="City A draft"
    )


@pytest.fixture
def visitors(coordinator, other_coordinator, secretariat_user):
    return {
        ANONYMOUS: None,
        OWN: coordinator,
        OTHER: other_coordinator,
        SECRETARIAT: secretariat_user,
    }


def request_as(client, visitor, method, url, data=None):
    if visitor is not None:
        client.force_login(visitor)
    return getattr(client, method)(url, data or {})


@pytest.mark.parametrize("role", [ANONYMOUS, OWN, OTHER, SECRETARIAT])
@pytest.mark.parametrize(
    ("name", "method", "url_name", "with_practice", "expected"),
    MATRIX,
    ids=[row[0] for row in MATRIX],
)
def test_permission_matrix(
    client, visitors, practice, city, role, name, method, url_name, with_practice, expected
):
    before = Practice.objects.values().get(pk=practice.pk)
    url = reverse(f"workspace:{url_name}", args=[practice.pk] if with_practice else [])
    data = None
    if method == "post" and url_name == "practice_edit":
        data = edit_data(practice, purpose_en="Rewritten")

    response = request_as(client, visitors[role], method, url, data)

    if expected[role] == LOGIN:
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert location.path == reverse("accounts:login")
        assert url in location.query
    else:
        assert response.status_code == expected[role]
    if expected[role] in (LOGIN, 403, 404):
        # Refused means untouched.
        after = Practice.objects.filter(pk=practice.pk).values().first()
        assert after == before
    if role == OTHER and response.status_code == 200:
        assert "City A draft" not in response.content.decode()


def test_anonymous_sees_nothing_of_the_workspace(client, practice):
    response = client.get(reverse("workspace:practice_list"), follow=True)
    assert "City A draft" not in response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))


def test_coordinator_cannot_create_for_another_city(client, coordinator, other_city):
    client.force_login(coordinator)
    response = client.post(
        reverse("workspace:practice_create"), practice_form_data(cities=[other_city])
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Practice.objects.exists()


def test_coordinator_cannot_move_own_practice_to_another_city(
    client, coordinator, practice, other_city
):
    client.force_login(coordinator)
    response = client.post(
        reverse("workspace:practice_edit", args=[practice.pk]),
        edit_data(practice, cities=[other_city.pk]),
    )
    assert response.status_code == 200
    assert list(practice.cities.all()) == list(coordinator.coordinated_cities.all())


@pytest.mark.parametrize("role", [OWN, OTHER])
def test_nobody_publishes_from_the_workspace(client, visitors, practice, role):
    client.force_login(visitors[role])
    client.post(
        reverse("workspace:practice_create"),
        practice_form_data(
            cities=list(visitors[role].coordinated_cities.all()), status="published"
        ),
    )
    client.post(
        reverse("workspace:practice_edit", args=[practice.pk]),
        edit_data(practice, status=Status.PUBLISHED),
    )
    assert not Practice.objects.published().exists()


def test_coordinator_of_another_city_cannot_see_a_draft_on_the_public_site(
    client, other_coordinator, practice
):
    client.force_login(other_coordinator)
    response = client.get(reverse("practices:practice_detail", args=[practice.slug]))
    assert response.status_code == 404


def test_secretariat_cannot_publish_through_the_workspace_either(
    client, secretariat_user, practice
):
    client.force_login(secretariat_user)
    client.post(reverse("workspace:practice_submit", args=[practice.pk]), {"status": "published"})
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT
