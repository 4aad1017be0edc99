import pytest
from django.template import Context, Template

from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def render(practice, field):
    template = Template(
        '{% load icc_tags %}{% translated practice "' + field + '" linebreaks=True %}'
    )
    return template.render(Context({"practice": practice}))


def test_plain_text_sections_get_paragraphs_and_clickable_links():
    practice = PracticeFactory(
        links_en="Project site: https://www.example.org/project\nWrite to info@example.org"
    )
    html = render(practice, "links")
    assert '<a href="https://www.example.org/project"' in html
    assert 'href="mailto:info@example.org"' in html
    assert "<br>" in html or "</p>" in html


def test_plain_text_sections_are_escaped():
    practice = PracticeFactory(contact_en='<script>alert("x")</script> https://example.org')
    html = render(practice, "contact")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<a href="https://example.org"' in html
