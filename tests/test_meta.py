"""Whole-project checks: migrations, the French catalogue, public URLs, the deploy check."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    # makemigrations --check exits with status 1 when a migration would be written.
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit as exit_:
        pytest.fail(f"models changed without a migration (makemigrations --check: {exit_.code})")


def parse_po(text):
    """The entries of a .po file as dicts: msgid, msgstr (list of forms), fuzzy, line."""
    entries, entry, field = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            entry, field = None, None
            continue
        if entry is None:
            entry = {"msgstr": {}, "fuzzy": False, "line": number, "obsolete": False}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["fuzzy"] = entry["fuzzy"] or "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif match := re.match(
            r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$', line
        ):
            keyword, index, value = match.groups()
            if keyword.startswith("msgstr"):
                field = ("msgstr", int(index or 0))
                entry["msgstr"][field[1]] = value
            else:
                field = (keyword, None)
                entry[keyword] = value
        elif line.startswith('"') and field is not None:
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += line[1:-1]
            else:
                entry[field[0]] += line[1:-1]
    finish()
    return [entry for entry in entries if not entry["obsolete"]]


def test_parse_po_finds_fuzzy_and_empty_entries():
    sample = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "Events"\nmsgstr "Événements"\n\n'
        'msgid "News"\nmsgstr ""\n\n'
        'msgid "one city"\nmsgid_plural "%(n)s cities"\nmsgstr[0] "une ville"\nmsgstr[1] ""\n'
        '"%(n)s villes"\n'
    )
    entries = {entry["msgid"]: entry for entry in parse_po(sample)}
    assert entries["Events"]["fuzzy"]
    assert entries["News"]["msgstr"] == {0: ""}
    assert entries["one city"]["msgstr"] == {0: "une ville", 1: "%(n)s villes"}


def test_french_catalogue_is_complete():
    assert CATALOGUE.exists(), f"{CATALOGUE.relative_to(ROOT)} is missing: run `make messages`"
    problems = []
    for entry in parse_po(CATALOGUE.read_text(encoding="utf-8")):
        if entry["msgid"] == "":
            continue  # the header
        if entry["fuzzy"]:
            problems.append(f"line {entry['line']}: fuzzy: {entry['msgid']!r}")
        elif not entry["msgstr"] or any(not form for form in entry["msgstr"].values()):
            problems.append(f"line {entry['line']}: untranslated: {entry['msgid']!r}")
    assert not problems, "French catalogue incomplete:\n" + "\n".join(problems[:50])


SAMPLE_ARGUMENTS = {"slug": "sample-slug", "int": 1, "str": "sample", "path": "a/b", "uuid": None}


def public_url_names():
    """Every named route under the language prefix, with sample arguments for its converters."""
    found = []

    def walk(patterns, namespace, converters):
        for pattern in patterns:
            own = dict(converters)
            if isinstance(pattern.pattern, RoutePattern):
                own.update(pattern.pattern.converters)
            if isinstance(pattern, URLResolver):
                child_namespace = namespace
                if pattern.namespace:
                    child_namespace = f"{namespace}{pattern.namespace}:"
                walk(pattern.url_patterns, child_namespace, own)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append((f"{namespace}{pattern.name}", own))

    for top in get_resolver().url_patterns:
        if isinstance(top, URLResolver) and isinstance(top.pattern, LocalePrefixPattern):
            walk(top.url_patterns, "", {})
    return found


def _sample_kwargs(converters):
    kwargs = {}
    for name, converter in converters.items():
        kind = type(converter).__name__.replace("Converter", "").lower()
        if kind == "uuid":
            kwargs[name] = "12345678-1234-5678-1234-567812345678"
        else:
            kwargs[name] = SAMPLE_ARGUMENTS.get(kind, "sample")
    return kwargs


def test_the_public_site_has_routes():
    names = {name for name, _converters in public_url_names()}
    assert {"home", "cities:city_list", "practices:practice_detail", "search:search"} <= names


@pytest.mark.parametrize(
    "name,converters", public_url_names(), ids=[name for name, _c in public_url_names()]
)
def test_every_public_route_reverses_in_every_language_with_the_same_path(name, converters):
    kwargs = _sample_kwargs(converters)
    paths = {}
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            paths[code] = reverse(name, kwargs=kwargs)
        assert paths[code].startswith(f"/{code}/"), paths[code]
    # The same item has the same path in every language apart from the prefix.
    assert len({path.split("/", 2)[2] for path in paths.values()}) == 1, paths


def deploy_environment(tmp_path, **extra):
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "icc.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "icc.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    environment.update(extra)
    return environment


def test_deploy_check_passes_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=deploy_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


def test_a_third_language_is_a_settings_change_plus_makemigrations(tmp_path):
    """Adding German to LANGUAGES yields ordinary migrations: a column per translated field and
    the per-language listing indexes, nothing else to write by hand."""
    (tmp_path / "settings_de.py").write_text(
        "from icc.settings.base import *  # noqa: F403\n"
        "LANGUAGES = [*LANGUAGES, ('de', 'German')]  # noqa: F405\n"
        f"DATABASES = {{'default': {{'ENGINE': 'django.db.backends.sqlite3', 'NAME': '{tmp_path / 'db.sqlite3'}'}}}}\n"
    )
    environment = {
        **os.environ,
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
        "DJANGO_SETTINGS_MODULE": "settings_de",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--dry-run"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for change in (
        "Add field name_de to city",
        "Add field title_de to event",
        "Add field body_de to newsitem",
        "Add field purpose_de to practice",
        "Add field name_de to topic",
        "Add field alt_text_de to image",
        "Create index city_name_de_idx",
    ):
        assert change in result.stdout
    assert "Traceback" not in result.stderr
