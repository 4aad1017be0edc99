"""Moving a site's practices in: ``manage.py import_content`` and ``PublishedPracticeResource``.

Bad rows are each reported with their line and reason, and nothing is written; practices can be
imported as published with their original dates, logged as an import, with no e-mail; a second
run changes nothing; topics and cities are found by slug or by name in either language.
"""

import csv
import datetime
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.contrib import admin
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from import_export.formats.base_formats import CSV
from reversion.models import Revision, Version

from cities.models import City
from icc.caching.versions import current_generation
from icc.models import SearchEntry
from practices import services
from practices.models import Practice, Topic, Transition
from practices.resources import PracticeResource, PublishedPracticeResource
from tests.factories import (
    CityFactory,
    CoordinatorFactory,
    PracticeFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Status = Practice.Status
SAMPLE = Path(settings.BASE_DIR) / "docs" / "examples" / "practices-import.csv"
HEADERS = [
    "slug", "title_en", "title_fr", "cities", "country", "topics", "first_year", "last_year",
    "is_ongoing", "purpose_en", "purpose_fr", "status", "published_at",
]  # fmt: skip


def practice_row(slug, **values):
    row = {
        "slug": slug, "title_en": f"Practice {slug}", "title_fr": f"Pratique {slug}",
        "cities": "Lisbon", "country": "PT", "topics": "Education", "first_year": "2015",
        "last_year": "", "is_ongoing": "1", "purpose_en": f"Why {slug}.",
        "purpose_fr": f"Pourquoi {slug}.", "status": "published", "published_at": "2016-05-04",
    }  # fmt: skip
    row.update(values)
    return row


def write_csv(path, rows, headers=HEADERS):
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(
            stream, fieldnames=headers, lineterminator="\n", extrasaction="ignore"
        )
        writer.writeheader()
        writer.writerows(rows)
    return path


def run_import(path, *args, resource="published-practices"):
    """Run the command; return (stdout, stderr). CommandError propagates."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_content", resource, str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refuse(path, *args, resource="published-practices"):
    """Run the command expecting refusal; return (error, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_content", resource, str(path), *args, stdout=out, stderr=err)
    return raised.value, err.getvalue()


@pytest.fixture
def lisbon(city, coordinator):
    """Lisbon, with a coordinator who has an e-mail address (who would be told of a publication)."""
    return city


@pytest.fixture
def importer(secretariat_user):
    return secretariat_user


# --- Bad rows -------------------------------------------------------------------------------


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(tmp_path, lisbon, importer):
    rows = [
        practice_row("good-one"),
        # A record over three lines of the file: the lines after it still count right.
        practice_row("multi-line", purpose_en="First line\nsecond line\nthird line"),
        practice_row("unknown-topic", topics="Education; Housing policy"),
        practice_row("future", published_at="2999-01-01"),
        practice_row("bad-date", published_at="14/03/2016"),
        practice_row("", title_en="No slug"),
        practice_row("good-one", title_en="The same slug again"),
        practice_row("no-french-title", title_fr=""),
        practice_row("bad-country", country="XX"),
        practice_row("atlantis", cities="Atlantis"),
        practice_row("years-reversed", first_year="2020", last_year="2010"),
        practice_row("archived-status", status="archived"),
        practice_row("good-two", published_at="2018-01-01"),
    ]
    path = write_csv(tmp_path / "practices.csv", rows)

    error, stderr = refuse(path, "--user", "secretariat")

    assert error.returncode == 1
    assert "10 of 13 rows refused: nothing was imported" in str(error)
    lines = stderr.strip().splitlines()
    # Header = line 1; "multi-line" spans lines 3-5, so "unknown-topic" is on line 6.
    expected = {
        6: "topics: Unknown topics: “Housing policy”",
        7: "published_at: “2999-01-01” is in the future",
        8: "published_at: “14/03/2016” is not a date",
        9: "slug: Required",
        10: "slug: “good-one” is already on line 2.",
        11: "status: This practice cannot be published yet: it needs a title in French.",
        12: "country: Unknown country code: “XX”.",
        13: "cities: Unknown cities: “Atlantis”",
        14: "The last year cannot be before the first year.",
        15: "status: A new practice is imported as “draft” or “published”, not “archived”.",
    }
    for line, reason in expected.items():
        assert any(
            text.startswith(f"practices.csv, line {line}: ") and reason in text for text in lines
        ), (line, lines)
    assert not any(", line 2:" in text or ", line 3:" in text for text in lines)
    assert not any(", line 16:" in text for text in lines)
    assert not Practice.objects.exists()
    assert not Transition.objects.exists()
    assert not mail.outbox


def test_skip_invalid_imports_the_valid_rows_and_still_lists_the_refused(tmp_path, lisbon):
    rows = [
        practice_row("kept-one"),
        practice_row("refused", topics="No such topic"),
        practice_row("kept-two", published_at="2019-02-03"),
    ]
    path = write_csv(tmp_path / "practices.csv", rows)

    stdout, stderr = run_import(path, "--skip-invalid")

    assert "practices.csv, line 3: topics: Unknown topics: “No such topic”" in stderr
    assert "3 rows read: 2 new, 0 updated, 0 unchanged, 1 refused" in stdout
    assert set(Practice.objects.values_list("slug", flat=True)) == {"kept-one", "kept-two"}


def test_a_dry_run_checks_everything_and_writes_nothing(tmp_path, lisbon):
    path = write_csv(tmp_path / "practices.csv", [practice_row("a"), practice_row("b")])

    stdout, _stderr = run_import(path, "--dry-run")

    assert stdout.startswith("Dry run, nothing was written: 2 rows read: 2 new")
    assert "2 published with their original dates" in stdout
    assert not Practice.objects.exists() and not Transition.objects.exists()
    assert not SearchEntry.objects.filter(kind="practice").exists()

    error, _stderr = refuse(tmp_path / "practices.csv", "--dry-run", "--format", "xlsx")
    assert error.returncode == 2


def test_unusable_files_and_options_exit_with_status_2(tmp_path, lisbon):
    bad_column = write_csv(
        tmp_path / "columns.csv", [{"slug": "x", "titel_en": "Typo"}], headers=["slug", "titel_en"]
    )
    error, _stderr = refuse(bad_column)
    assert error.returncode == 2 and "Unknown column(s): “titel_en”" in str(error)

    no_slug = write_csv(tmp_path / "no-slug.csv", [{"title_en": "x"}], headers=["title_en"])
    assert refuse(no_slug)[0].returncode == 2

    good = write_csv(tmp_path / "good.csv", [practice_row("a")])
    assert refuse(good, "--user", "nobody")[0].returncode == 2
    assert refuse(good, resource="no.such.Resource")[0].returncode == 2
    assert refuse(tmp_path / "missing.csv")[0].returncode == 2
    assert not Practice.objects.exists()


# --- Published with original dates, logged, no e-mail ------------------------------------------


def test_practices_are_published_with_their_original_dates_logged_and_nobody_is_emailed(
    tmp_path, lisbon, importer, settings
):
    assert settings.SECRETARIAT_EMAILS and lisbon.coordinators.exclude(email="").exists()
    rows = [
        practice_row("oldest", published_at="2011-07-12"),
        practice_row("newest", published_at="2021-09-30 14:45"),
        practice_row("middle", published_at="2016-03-02"),
        practice_row("still-a-draft", status="draft", published_at=""),
    ]
    path = write_csv(tmp_path / "practices.csv", rows)
    moment = timezone.now()

    stdout, stderr = run_import(path, "--user", "secretariat")

    assert not stderr
    assert "4 rows read: 4 new" in stdout and "3 published with their original dates" in stdout
    assert mail.outbox == []
    oldest = Practice.objects.get(slug="oldest")
    assert oldest.status == Status.PUBLISHED
    # A date alone is noon, site time: the same day in every reader's time zone.
    assert timezone.localtime(oldest.published_at) == timezone.make_aware(
        datetime.datetime(2011, 7, 12, 12)
    )
    newest = Practice.objects.get(slug="newest")
    assert timezone.localtime(newest.published_at).strftime("%Y-%m-%d %H:%M") == "2021-09-30 14:45"
    draft = Practice.objects.get(slug="still-a-draft")
    assert (draft.status, draft.published_at) == (Status.DRAFT, None)
    assert not draft.transitions.exists()

    step = oldest.transitions.get()
    assert (step.from_status, step.to_status) == ("", Status.PUBLISHED)
    assert step.actor == importer
    assert step.comment == "Imported from a file"
    assert step.created_at >= moment
    revision = Version.objects.get_for_object(oldest).get().revision
    assert revision.user == importer

    # The public listing and the feeds follow the original dates, newest first.
    listing = Client().get(reverse("practices:practice_list")).content.decode()
    positions = [listing.index(f"Practice {slug}") for slug in ("newest", "middle", "oldest")]
    assert positions == sorted(positions)
    assert "Practice still-a-draft" not in listing
    feed = ET.fromstring(Client().get(reverse("practices:feed_rss")).content)
    items = feed.findall("./channel/item")
    assert [item.findtext("title") for item in items] == [
        "Practice newest", "Practice middle", "Practice oldest",
    ]  # fmt: skip
    assert "12 Jul 2011" in items[2].findtext("pubDate")
    atom = Client().get(reverse("practices:feed_atom")).content.decode()
    assert "<published>2011-07-12T10:00:00+00:00</published>" in atom
    # And the search finds them.
    assert SearchEntry.objects.filter(kind="practice", language="en").count() == 3


def test_a_second_run_changes_nothing(tmp_path, lisbon, importer):
    rows = [practice_row(f"practice-{n}", published_at=f"20{10 + n}-01-02") for n in range(6)]
    rows.append(practice_row("a-draft", status="draft", published_at=""))
    path = write_csv(tmp_path / "practices.csv", rows)
    run_import(path, "--user", "secretariat")

    def snapshot():
        return (
            list(Practice.objects.order_by("slug").values_list("slug", "status", "published_at",
                                                                "updated_at")),
            Transition.objects.count(),
            Revision.objects.count(),
            SearchEntry.objects.count(),
        )  # fmt: skip

    before, generation = snapshot(), current_generation()
    stdout, stderr = run_import(path, "--user", "secretariat")

    assert "7 rows read: 0 new, 0 updated, 7 unchanged, 0 refused" in stdout
    assert not stderr and mail.outbox == []
    assert snapshot() == before
    assert current_generation() == generation


def test_an_export_imported_again_changes_nothing(tmp_path, lisbon, importer):
    path = write_csv(
        tmp_path / "practices.csv",
        [practice_row("a", published_at="2014-03-01"), practice_row("b", published_at="")],
    )
    run_import(path, "--user", "secretariat")
    exported = CSV().export_data(PublishedPracticeResource().export())
    assert "2014-03-01" in exported
    (tmp_path / "export.csv").write_text(exported, encoding="utf-8")
    revisions = Revision.objects.count()

    stdout, _stderr = run_import(tmp_path / "export.csv")

    assert "2 rows read: 0 new, 0 updated, 2 unchanged" in stdout
    assert Revision.objects.count() == revisions


def test_a_draft_imported_before_is_published_by_the_file_and_a_date_corrected(
    tmp_path, lisbon, importer
):
    topic = Topic.objects.get(slug="education")
    draft = PracticeFactory(slug="old-draft", cities=[lisbon], topics=[topic])
    published = PracticeFactory(slug="already-out", cities=[lisbon], topics=[topic], published=True)
    Transition.objects.create(practice=published, to_status=Status.PUBLISHED)
    path = write_csv(
        tmp_path / "practices.csv",
        [
            practice_row("old-draft", title_en=draft.title_en, title_fr=draft.title_fr),
            practice_row("already-out", published_at="2012-12-12"),
        ],
    )

    run_import(path, "--user", "secretariat")

    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.transitions.get().from_status == Status.DRAFT
    assert timezone.localtime(published.published_at).date() == datetime.date(2012, 12, 12)
    assert published.transitions.count() == 1
    assert mail.outbox == []


def test_an_import_never_changes_a_decision_of_the_review(tmp_path, lisbon, importer):
    topic = Topic.objects.get(slug="education")
    archived = PracticeFactory(slug="archived", cities=[lisbon], topics=[topic], published=True)
    services.practice_unpublish(practice=archived, user=importer)
    path = write_csv(tmp_path / "practices.csv", [practice_row("archived")])

    error, stderr = refuse(path)

    assert "line 2: status: This practice is “Unpublished / archived”" in stderr
    archived.refresh_from_db()
    assert archived.status == Status.ARCHIVED


def test_a_published_practice_keeps_what_publishing_required(tmp_path, lisbon, importer):
    path = write_csv(tmp_path / "practices.csv", [practice_row("a")])
    run_import(path)
    write_csv(path, [practice_row("a", title_fr="", topics="")])

    _error, stderr = refuse(path)

    assert "line 2: A published practice needs a title in French, at least one topic." in stderr
    assert Practice.objects.get(slug="a").title_fr == "Pratique a"


def test_the_command_imports_the_other_resources_too(tmp_path):
    headers = ["slug", "name_en", "name_fr", "country", "status", "is_published"]
    rows = [
        {"slug": "lyon", "name_en": "Lyon", "name_fr": "Lyon", "country": "FR",
         "status": "member", "is_published": "1"},
        {"slug": "nowhere", "name_en": "Nowhere", "name_fr": "Nulle part", "country": "ZZ",
         "status": "member", "is_published": "1"},
    ]  # fmt: skip
    path = write_csv(tmp_path / "cities.csv", rows, headers=headers)

    _error, stderr = refuse(path, resource="cities")
    assert "cities.csv, line 3: country: Unknown country code: “ZZ”." in stderr
    assert not City.objects.filter(slug="lyon").exists()

    stdout, _stderr = run_import(path, "--skip-invalid", resource="cities")
    assert "1 new" in stdout and City.objects.filter(slug="lyon").exists()


def test_only_the_secretariat_imports_practices_as_published(tmp_path, lisbon):
    UserFactory(username="someone")
    path = write_csv(tmp_path / "practices.csv", [practice_row("a")])

    _error, stderr = refuse(path, "--user", "someone")

    assert "status: Only the secretariat may import practices as published." in stderr
    assert not Practice.objects.exists()


def test_the_everyday_resource_still_imports_drafts_only(tmp_path, lisbon):
    path = write_csv(tmp_path / "practices.csv", [practice_row("a")], headers=HEADERS[:-1])

    stdout, _stderr = run_import(path, resource="practices")

    assert "1 new" in stdout
    practice = Practice.objects.get()
    assert (practice.status, practice.published_at) == (Status.DRAFT, None)
    assert not Transition.objects.exists()


# --- Topics and cities by name ------------------------------------------------------------------


def test_topics_and_cities_by_slug_or_by_name_in_either_language(tmp_path, lisbon):
    CityFactory(slug="geneva", name_en="Geneva", name_fr="Genève", country="CH")
    TopicFactory(slug="housing", name_en="Housing, planning", name_fr="Logement, urbanisme")
    rows = [
        practice_row("french-names", topics="Éducation; Lutte contre les discriminations",
                     cities="Lisbonne; genève"),
        practice_row("loose-spelling", topics="EDUCATION,anti rumours , public-services",
                     cities="lisbon"),
        practice_row("comma-in-a-name", topics="Housing, planning, Language",
                     cities="Geneva", country="CH"),
        practice_row("french-comma", topics="logement, urbanisme;langues"),
    ]  # fmt: skip
    path = write_csv(tmp_path / "practices.csv", rows)

    run_import(path)

    def topics(slug):
        return set(Practice.objects.get(slug=slug).topics.values_list("slug", flat=True))

    assert topics("french-names") == {"education", "anti-discrimination"}
    assert set(Practice.objects.get(slug="french-names").cities.values_list("slug", flat=True)) == {
        lisbon.slug, "geneva",
    }  # fmt: skip
    assert topics("loose-spelling") == {"education", "anti-rumours", "public-services"}
    assert topics("comma-in-a-name") == {"housing", "language"}
    assert topics("french-comma") == {"housing", "language"}


def test_a_name_shared_by_two_cities_asks_for_the_slug(tmp_path, lisbon):
    CityFactory(slug="valencia-es", name_en="Valencia", name_fr="Valence", country="ES")
    CityFactory(slug="valencia-ve", name_en="Valencia", name_fr="Valencia", country="VE")
    path = write_csv(tmp_path / "practices.csv", [practice_row("a", cities="Valencia")])

    _error, stderr = refuse(path)

    assert "cities: Several cities have this name, write the slug: “Valencia” (valencia-es, valencia-ve)." in stderr  # fmt: skip


# --- Files: XLSX, French spreadsheets, the sample of the docs ----------------------------------


def test_an_xlsx_file_reports_spreadsheet_rows(tmp_path, lisbon):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append([practice_row("good")[h] for h in HEADERS])
    sheet.append([None] * len(HEADERS))  # an empty row: left out, but it keeps its number
    bad = practice_row("bad", topics="Nothing known")
    sheet.append([bad[h] for h in HEADERS])
    good_dated = practice_row("dated")
    good_dated["published_at"] = datetime.datetime(2013, 5, 6, 10, 0)
    sheet.append([good_dated[h] for h in HEADERS])
    book.save(tmp_path / "practices.xlsx")

    _error, stderr = refuse(tmp_path / "practices.xlsx")
    assert stderr.strip() == (
        "practices.xlsx, line 4: topics: Unknown topics: “Nothing known” "
        "(write a slug or a name in English or French)."
    )

    run_import(tmp_path / "practices.xlsx", "--skip-invalid")
    dated = Practice.objects.get(slug="dated")
    assert timezone.localtime(dated.published_at).strftime("%Y-%m-%d %H:%M") == "2013-05-06 10:00"


def test_a_semicolon_csv_with_a_byte_order_mark_is_read(tmp_path, lisbon):
    row = practice_row("excel", topics="Education, Language")
    text = ";".join(HEADERS) + "\r\n" + ";".join(f'"{row[h]}"' for h in HEADERS) + "\r\n"
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("utf-8-sig"))

    run_import(path)

    assert Practice.objects.get(slug="excel").topics.count() == 2


def test_the_sample_file_of_the_docs_imports_cleanly_twice(tmp_path, importer):
    for slug, name_en, name_fr, country in [
        ("lyon", "Lyon", "Lyon", "FR"), ("tilburg", "Tilburg", "Tilbourg", "NL"),
        ("botkyrka", "Botkyrka", "Botkyrka", "SE"), ("bergen", "Bergen", "Bergen", "NO"),
        ("erlangen", "Erlangen", "Erlangen", "DE"), ("limassol", "Limassol", "Limassol", "CY"),
        ("dublin", "Dublin", "Dublin", "IE"), ("montreal", "Montreal", "Montréal", "CA"),
        ("bilbao", "Bilbao", "Bilbao", "ES"), ("geneva", "Geneva", "Genève", "CH"),
        ("subotica", "Subotica", "Subotica", "RS"), ("ansan", "Ansan", "Ansan", "KR"),
    ]:  # fmt: skip
        CityFactory(slug=slug, name_en=name_en, name_fr=name_fr, country=country)

    stdout, stderr = run_import(SAMPLE, "--user", "secretariat")
    assert not stderr
    assert "12 rows read: 12 new" in stdout and "12 published" in stdout
    assert Practice.objects.published().count() == 12
    newest_first = Practice.objects.published().latest_first().values_list("slug", flat=True)
    assert newest_first[0] == "limassol-rumour-free-cafes"  # 2019-11-08
    assert newest_first[11] == "ansan-foreign-residents-support-centre"  # 2011-07-12
    assert all(practice.topics.exists() for practice in Practice.objects.all())

    stdout, _stderr = run_import(SAMPLE, "--user", "secretariat")
    assert "12 unchanged" in stdout
    assert Transition.objects.count() == 12
    assert mail.outbox == []


# --- Scale ------------------------------------------------------------------------------------


def test_a_few_hundred_rows_import_and_a_rerun_reads_no_row_by_row(tmp_path, lisbon, importer):
    topics = list(Topic.objects.values_list("name_fr", flat=True))
    cities = [CityFactory(name_en=f"Town {n}", name_fr=f"Bourg {n}").name_fr for n in range(20)]
    rows = [
        practice_row(
            f"practice-{n}",
            topics=f"{topics[n % len(topics)]}; {topics[(n * 7) % len(topics)]}",
            cities=cities[n % len(cities)],
            published_at=(datetime.date(2010, 1, 1) + datetime.timedelta(days=11 * n)).isoformat(),
        )
        for n in range(300)
    ]
    path = write_csv(tmp_path / "practices.csv", rows)

    stdout, _stderr = run_import(path, "--user", "secretariat")
    assert "300 new" in stdout and "300 published" in stdout
    assert SearchEntry.objects.filter(kind="practice", language="fr").count() == 300

    # A re-run compares every row with what is stored: the practices, their cities and topics
    # and the names are read once, whatever the number of rows. Each row has its savepoints
    # (the import's and the revision's), nothing else.
    with CaptureQueriesContext(connection) as queries:
        stdout, _stderr = run_import(path, "--user", "secretariat")
    reads = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(reads) <= 15, reads
    assert len(queries.captured_queries) <= 4 * 300 + 15
    assert "300 unchanged" in stdout


# --- The admin --------------------------------------------------------------------------------


def test_the_admin_offers_the_published_import_to_the_secretariat_only(
    rf, secretariat_user, lisbon
):
    practice_admin = admin.site._registry[Practice]
    request = rf.get("/")
    request.user = secretariat_user
    assert PublishedPracticeResource in practice_admin.get_import_resource_classes(request)
    request.user = CoordinatorFactory(username="staff-coordinator", is_staff=True)
    assert practice_admin.get_import_resource_classes(request) == [PracticeResource]


def test_the_admin_imports_practices_as_published_without_emails(
    rf, secretariat_client, secretariat_user, lisbon
):
    payload = io.StringIO()
    writer = csv.DictWriter(payload, fieldnames=HEADERS)
    writer.writeheader()
    writer.writerow(practice_row("from-the-admin", published_at="2013-01-31"))
    practice_admin = admin.site._registry[Practice]
    formats = practice_admin.get_import_formats()
    request = rf.get("/")
    request.user = secretariat_user
    resources = practice_admin.get_import_resource_classes(request)
    response = secretariat_client.post(
        reverse("admin:practices_practice_import"),
        {
            "import_file": SimpleUploadedFile("practices.csv", payload.getvalue().encode()),
            "format": str(formats.index(CSV)),
            "resource": str(resources.index(PublishedPracticeResource)),
        },
    )
    assert response.status_code == 200
    confirm = response.context["confirm_form"]
    response = secretariat_client.post(
        reverse("admin:practices_practice_process_import"),
        {name: confirm[name].value() or "" for name in confirm.fields},
    )
    assert response.status_code == 302
    practice = Practice.objects.get(slug="from-the-admin")
    assert practice.status == Status.PUBLISHED
    assert timezone.localtime(practice.published_at).date() == datetime.date(2013, 1, 31)
    assert practice.transitions.get().actor.username == "secretariat"
    assert mail.outbox == []
