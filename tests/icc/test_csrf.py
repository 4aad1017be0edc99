import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "The form could not be sent"), ("fr", "Le formulaire n’a pas pu être envoyé")],
)
def test_a_forged_form_gets_a_clear_403_in_the_readers_language(language, heading):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/{language}/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    content = response.content.decode()
    assert heading in content
    assert f'<html lang="{language}">' in content
