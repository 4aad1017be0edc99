"""WCAG 2.1 AA: axe-core finds no violation on any public page type, in both languages,
at phone and desktop widths."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.e2e.conftest import DESKTOP, LANGUAGES, PHONE, localized

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
SEARCH_WORDS = {"en": "anti-rumours", "fr": "anti-rumeurs"}

# Each page type and how to find its path from the dataset of ``site_content``.
PAGE_TYPES = {
    "home": lambda content, language: reverse("home"),
    "city list": lambda content, language: reverse("cities:city_list"),
    "city detail": lambda content, language: content["city"].get_absolute_url(),
    "network list": lambda content, language: reverse("networks:network_list"),
    "network detail": lambda content, language: content["network"].get_absolute_url(),
    "event list": lambda content, language: reverse("events:event_list"),
    "event detail": lambda content, language: content["event"].get_absolute_url(),
    "news list": lambda content, language: reverse("news:news_list"),
    "news detail": lambda content, language: content["news"].get_absolute_url(),
    "practice list": lambda content, language: reverse("practices:practice_list"),
    "practice detail": lambda content, language: content["practice"].get_absolute_url(),
    "search results": lambda content, language: (
        f"{reverse('search:search')}?q={SEARCH_WORDS[language]}"
    ),
    "API documentation": lambda content, language: reverse("api_documentation"),
}

_axe = Axe()


def describe_violations(violations):
    """axe's violations as text a person can act on: rule, impact, where, and why."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"][:8]:
            target = " ".join(str(part) for part in node["target"])
            snippet = " ".join(node.get("html", "").split())[:200]
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    at {target}\n      {snippet}\n      {summary}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more elements")
    return "\n".join(lines)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_no_axe_violations(page_factory, live_server, site_content, page_type, language):
    path = localized(language, lambda: PAGE_TYPES[page_type](site_content, language))
    assert path.startswith(f"/{language}/"), path
    failures = []
    for width_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = page_factory(viewport=viewport)
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, (
            f"{path} answered {response.status if response else 'nothing'}"
        )
        violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            failures.append(
                f"{width_name} {viewport['width']}px:\n{describe_violations(violations)}"
            )
    assert not failures, f"axe violations on {path}:\n" + "\n".join(failures)
