"""Import/export: a few hundred bilingual rows round-trip exactly, in CSV and XLSX."""

import datetime
import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from import_export.formats.base_formats import CSV, XLSX

from cities.models import City
from cities.resources import CityResource, NetworkResource
from events.models import Event
from events.resources import EventResource
from news.models import NewsItem
from news.resources import NewsItemResource
from practices.models import Practice
from practices.resources import PracticeResource
from tests.factories import CityFactory, EventFactory, NetworkFactory, TopicFactory

pytestmark = pytest.mark.django_db
COUNTRIES = ["PT", "FR", "NO", "CA", "JP", "MA"]
ROWS = 150  # per model: 450 bilingual rows per file format
NEWS_ROWS = 60


def city_rows(count):
    headers = CityResource().get_export_headers()
    rows = [
        {
            "slug": f"city-{n}", "name_en": f"City {n}", "name_fr": f"Ville {n} é",
            "country": COUNTRIES[n % 6], "status": "member" if n % 5 else "former",
            "joined_year": str(2008 + n % 15), "is_pilot": "1" if n % 7 == 0 else "0",
            "population": str(10000 + n) if n % 3 else "", "website": f"https://city{n}.example.org",
            "latitude": f"{(n % 80) + 0.123456:.6f}", "longitude": f"-{(n % 170) + 0.5:.6f}",
            "profile_en": f"Profile {n}\nsecond line", "profile_fr": f"Profil {n} « ville »",
            "is_published": "1" if n % 4 else "0",
        }
        for n in range(count)
    ]  # fmt: skip
    return tablib.Dataset(*[[row[h] for h in headers] for row in rows], headers=headers)


def event_rows(count, cities, network):
    headers = EventResource().get_export_headers()
    rows = []
    for n in range(count):
        start = datetime.date(2008, 1, 1) + datetime.timedelta(days=17 * n)
        hosts = sorted({cities[n % len(cities)], cities[(n * 7) % len(cities)]})
        rows.append({
            "slug": f"event-{n}", "title_en": f"Meeting {n}", "title_fr": f"Réunion {n}",
            "kind": "webinar" if n % 2 else "study_visit", "start_date": start.isoformat(),
            "end_date": (start + datetime.timedelta(days=n % 3)).isoformat(),
            "start_time": "11:00:00" if n % 2 else "", "end_time": "12:30:00" if n % 2 else "",
            "time_zone": "Europe/Paris" if n % 2 else "", "host_cities": ",".join(hosts),
            "place_en": f"Venue {n}", "place_fr": f"Lieu {n}", "country": COUNTRIES[n % 6],
            "is_online": "1" if n % 2 else "0", "network": network if n % 3 == 0 else "",
            "description_en": f"About {n}", "description_fr": f"À propos {n}",
            "registration_url": "", "registration_deadline": "",
            "interpretation_languages": "en,fr" if n % 2 else "", "is_published": "1",
        })  # fmt: skip
    return tablib.Dataset(*[[row[h] for h in headers] for row in rows], headers=headers)


def practice_rows(count, cities, topics):
    headers = PracticeResource().get_export_headers()
    rows = []
    for n in range(count):
        row = dict.fromkeys(headers, "")
        row.update({
            "slug": f"practice-{n}", "title_en": f"Practice {n}", "title_fr": f"Pratique {n}",
            "cities": cities[n % len(cities)] if n % 10 else "",
            "country": COUNTRIES[n % 6], "topics": ",".join(sorted({topics[n % 3], topics[0]})),
            "period_en": f"Since {2000 + n % 20}", "period_fr": f"Depuis {2000 + n % 20}",
            "first_year": str(2000 + n % 20), "last_year": str(2021 + n % 3) if n % 2 else "",
            "is_ongoing": "0" if n % 2 else "1",
            "purpose_en": f"Purpose {n}", "purpose_fr": f"Objectif {n}",
            "links_fr": "https://example.org", "status": "draft",
        })  # fmt: skip
        rows.append(row)
    return tablib.Dataset(*[[row[h] for h in headers] for row in rows], headers=headers)


def assert_same(expected, exported):
    assert exported.headers == expected.headers
    assert len(exported) == len(expected)
    by_slug = {row[0]: row for row in exported}
    for row in expected:
        got = by_slug[row[0]]
        for header, want, have in zip(expected.headers, row, got, strict=True):
            assert (header, str(have)) == (header, str(want)), row[0]


def reimport_reports_everything_skipped(resource, dataset):
    result = resource.import_data(dataset, dry_run=False, raise_errors=True)
    assert result.totals["skip"] == len(dataset)
    assert result.totals["new"] == result.totals["update"] == 0


@pytest.mark.parametrize("file_format", [CSV(), XLSX()], ids=["csv", "xlsx"])
def test_cities_events_and_practices_round_trip(file_format):
    cities = city_rows(ROWS)
    payload = file_format.export_data(cities)
    cities = file_format.create_dataset(payload)
    result = CityResource().import_data(cities, dry_run=False, raise_errors=True)
    assert not result.has_validation_errors() and result.totals["new"] == ROWS
    assert City.objects.get(slug="city-3").name_fr == "Ville 3 é"

    exported = file_format.create_dataset(file_format.export_data(CityResource().export()))
    assert_same(cities, exported)
    reimport_reports_everything_skipped(CityResource(), exported)

    slugs = [f"city-{n}" for n in range(ROWS)]
    NetworkFactory(slug="reci")
    events = file_format.create_dataset(file_format.export_data(event_rows(ROWS, slugs, "reci")))
    result = EventResource().import_data(events, dry_run=False, raise_errors=True)
    assert not result.has_validation_errors() and result.totals["new"] == ROWS
    exported = file_format.create_dataset(file_format.export_data(EventResource().export()))
    assert_same(events, exported)
    reimport_reports_everything_skipped(EventResource(), exported)

    topics = [TopicFactory(slug=f"topic-{n}").slug for n in range(3)]
    practices = file_format.create_dataset(
        file_format.export_data(practice_rows(ROWS, slugs, topics))
    )
    result = PracticeResource().import_data(practices, dry_run=False, raise_errors=True)
    assert not result.has_validation_errors() and result.totals["new"] == ROWS
    assert not Practice.objects.exclude(status=Practice.Status.DRAFT).exists()
    exported = file_format.create_dataset(file_format.export_data(PracticeResource().export()))
    assert_same(practices, exported)
    reimport_reports_everything_skipped(PracticeResource(), exported)


def news_rows(count, cities, networks, events, topics):
    headers = NewsItemResource().get_export_headers()
    rows = []
    for n in range(count):
        rows.append({
            "slug": f"news-{n}", "title_en": f"News {n}", "title_fr": f"Actualité {n} « é »",
            "date": (datetime.date(2010, 1, 1) + datetime.timedelta(days=11 * n)).isoformat(),
            "lead_en": f"Lead {n}", "lead_fr": f"Chapeau {n}",
            # Canonical (already sanitised) HTML, as an export contains it.
            "body_en": f'<p>Body {n}, <a href="https://example.org/{n}" rel="noopener noreferrer">link</a></p>',
            "body_fr": f"<ul><li>Point {n}</li></ul>",
            "cities": ",".join(sorted({cities[n % len(cities)], cities[(n * 3) % len(cities)]})),
            "networks": networks[n % len(networks)] if n % 2 else "",
            "events": events[n % len(events)] if n % 3 else "",
            "topics": topics[n % len(topics)], "is_published": "1" if n % 5 else "0",
        })  # fmt: skip
    return tablib.Dataset(*[[row[h] for h in headers] for row in rows], headers=headers)


@pytest.mark.parametrize("file_format", [CSV(), XLSX()], ids=["csv", "xlsx"])
def test_news_round_trip_with_every_relation(file_format):
    cities = [CityFactory(slug=f"town-{n}").slug for n in range(5)]
    networks = [NetworkFactory(slug=f"net-{n}").slug for n in range(2)]
    events = [EventFactory(slug=f"meeting-{n}").slug for n in range(3)]
    topics = [TopicFactory(slug=f"subject-{n}").slug for n in range(3)]
    news = file_format.create_dataset(
        file_format.export_data(news_rows(NEWS_ROWS, cities, networks, events, topics))
    )
    result = NewsItemResource().import_data(news, dry_run=False, raise_errors=True)
    assert not result.has_validation_errors() and result.totals["new"] == NEWS_ROWS
    assert NewsItem.objects.get(slug="news-4").events.get().slug == "meeting-1"

    exported = file_format.create_dataset(file_format.export_data(NewsItemResource().export()))
    assert_same(news, exported)
    reimport_reports_everything_skipped(NewsItemResource(), exported)


def test_imported_news_bodies_are_sanitised():
    dataset = tablib.Dataset(headers=NewsItemResource().get_export_headers())
    row = dict.fromkeys(dataset.headers, "")
    row.update(slug="unsafe", title_en="Unsafe", title_fr="Dangereux", date="2020-01-01",
               body_en='<p onclick="steal()">Hi<script>alert(1)</script></p>', is_published="1")  # fmt: skip
    dataset.append([row[h] for h in dataset.headers])

    NewsItemResource().import_data(dataset, dry_run=False, raise_errors=True)

    assert NewsItem.objects.get(slug="unsafe").body_en == "<p>Hi</p>"


def test_network_members_column_round_trips():
    for slug in ("lisbon", "oeiras"):
        CityFactory(slug=slug)
    dataset = tablib.Dataset(headers=NetworkResource().get_export_headers())
    row = dict.fromkeys(dataset.headers, "")
    row.update(slug="rpci", name_en="Portuguese network", name_fr="Réseau portugais",
               kind="national", country="PT", is_published="1",
               members="lisbon:2015-01-01:;oeiras:2016-03-01:2020-01-01")  # fmt: skip
    dataset.append([row[h] for h in dataset.headers])

    result = NetworkResource().import_data(dataset, dry_run=False, raise_errors=True)
    assert result.totals["new"] == 1
    exported = NetworkResource().export()
    assert exported.dict[0]["members"] == row["members"]
    reimport_reports_everything_skipped(NetworkResource(), exported)

    changed = exported.dict[0] | {"members": "lisbon:2015-01-01:"}
    changed_dataset = tablib.Dataset(list(changed.values()), headers=list(changed))
    result = NetworkResource().import_data(changed_dataset, dry_run=False, raise_errors=True)
    assert result.totals["update"] == 1
    assert NetworkResource().export().dict[0]["members"] == "lisbon:2015-01-01:"


def test_unknown_slugs_are_row_errors_with_a_clear_message():
    CityFactory(slug="lisbon")
    dataset = event_rows(2, ["lisbon"], "")
    dataset[1] = tuple(
        "lisbon,atlantis" if h == "host_cities" else value
        for h, value in zip(dataset.headers, dataset[1], strict=True)
    )
    result = EventResource().import_data(dataset, dry_run=True)
    invalid = result.invalid_rows
    assert len(invalid) == 1
    assert "atlantis" in str(invalid[0].error_dict)
    assert not Event.objects.exists()


def test_end_before_start_in_a_file_is_a_row_error():
    dataset = event_rows(1, ["x"], "")
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    row.update(host_cities="", start_date="2020-05-02", end_date="2020-05-01")
    bad = tablib.Dataset(list(row.values()), headers=list(row))
    result = EventResource().import_data(bad, dry_run=True)
    assert "The end date cannot be before the start date." in str(result.invalid_rows[0].error_dict)


def test_admin_import_preview_shows_row_errors(secretariat_client):
    CityFactory(slug="lisbon")
    dataset = event_rows(2, ["lisbon"], "")
    dataset[1] = tuple(
        "atlantis" if h == "host_cities" else value
        for h, value in zip(dataset.headers, dataset[1], strict=True)
    )
    upload = SimpleUploadedFile("events.csv", CSV().export_data(dataset).encode())
    response = secretariat_client.post(
        reverse("admin:events_event_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "atlantis" in html
    assert not Event.objects.exists()


def test_export_and_import_commands(tmp_path):
    CityFactory(slug="lisbon", name_fr="Lisbonne")
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    call_command("export", "CSV", "cities.resources.CityResource", stdout=stream)
    stream.flush()
    content = stream.buffer.getvalue().decode()
    assert "Lisbonne" in content

    City.objects.all().delete()
    path = tmp_path / "cities.csv"
    path.write_text(content)
    call_command(
        "import",
        "cities.resources.CityResource",
        str(path),
        "--format",
        "CSV",
        "--no-input",
        stdout=io.StringIO(),
    )
    assert City.objects.get(slug="lisbon").name_fr == "Lisbonne"
