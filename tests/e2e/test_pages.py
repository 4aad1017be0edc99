"""The programme's pages in a browser: no axe violation in either language, at phone and
desktop widths, and the footer's accessibility statement reached with the keyboard alone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import DESKTOP, LANGUAGES, PHONE
from tests.e2e.test_accessibility import AXE_OPTIONS, describe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

_axe = Axe()


@pytest.fixture
def programme_pages(live_server):
    """Three published pages (the live server sees them: the database is transactional)."""
    from icc.pages.models import Page
    from tests.factories import PageFactory

    about = PageFactory(
        title_en="About the programme", title_fr="À propos du programme", role=Page.Role.ABOUT,
        show_in_menu=True, position=10,
        summary_en="A programme of the Council of Europe since 2008.",
        summary_fr="Un programme du Conseil de l'Europe depuis 2008.",
        body_en="<h2>The model</h2><ul><li>Equality</li><li>Diversity</li><li>Interaction</li></ul>"
        "<table><thead><tr><th scope=\"col\">Cookie</th><th scope=\"col\">Purpose</th></tr></thead>"
        "<tbody><tr><td>sessionid</td><td>Signed in</td></tr></tbody></table>",
        body_fr="<h2>Le modèle</h2><ul><li>Égalité</li><li>Diversité</li><li>Interaction</li></ul>",
    )  # fmt: skip
    PageFactory(
        title_en="Contact", title_fr="Contact", role=Page.Role.CONTACT, show_in_menu=True,
        position=20,
    )  # fmt: skip
    statement = PageFactory(
        title_en="Accessibility statement", title_fr="Déclaration d'accessibilité",
        menu_title_en="Accessibility", menu_title_fr="Accessibilité",
        role=Page.Role.ACCESSIBILITY, position=70,
    )  # fmt: skip
    return {"about": about, "statement": statement}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("which", ["page", "list"])
def test_no_axe_violations_on_programme_pages(
    page_factory, live_server, programme_pages, which, language
):
    slug = programme_pages["about"].slug
    path = f"/{language}/about/{slug}/" if which == "page" else f"/{language}/about/"
    failures = []
    for width_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = page_factory(viewport=viewport)
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            failures.append(
                f"{width_name} {viewport['width']}px:\n{describe_violations(violations)}"
            )
    assert not failures, f"axe violations on {path}:\n" + "\n".join(failures)


@pytest.mark.parametrize("javascript", [True, False])
def test_the_keyboard_reaches_the_accessibility_statement_from_the_footer(
    page_factory, live_server, programme_pages, javascript
):
    page = page_factory(viewport=DESKTOP, javascript=javascript)
    page.goto(live_server.url + "/fr/")
    target = programme_pages["statement"].slug
    reached = None
    for _press in range(120):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => ({
                href: document.activeElement.getAttribute('href') || '',
                inFooter: document.activeElement.closest('footer') !== null,
                text: (document.activeElement.innerText || '').trim(),
            })"""
        )
        if focused["href"].endswith(f"/about/{target}/"):
            reached = focused
            break
    assert reached, "Tab never reached the accessibility statement's link"
    assert reached["inFooter"] and reached["text"] == "Accessibilité"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/fr/about/{target}/")
    assert page.locator("h1").inner_text() == "Déclaration d'accessibilité"
    # The page names itself as current in the footer.
    current = page.locator(f'footer a[href="/fr/about/{target}/"]')
    assert current.get_attribute("aria-current") == "page"
