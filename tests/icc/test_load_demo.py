"""The demo-data command: complete, faithful to the seed listing, bilingual and idempotent."""

import datetime
import io

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core import mail
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import RequestFactory

from cities.models import City, Network, NetworkMembership
from events.models import Event
from icc.demo import cities as city_data
from icc.demo import documents as document_data
from icc.demo import events as event_data
from icc.demo import images as image_data
from icc.demo import networks as network_data
from icc.demo import news as news_data
from icc.demo import practices as practice_data
from icc.models import Document, DocumentFile, Image, User
from news.models import NewsItem
from practices.models import Practice, Transition

pytestmark = pytest.mark.django_db
D = datetime.date.fromisoformat

# A sample of the seed listing, as the current site prints it: title, dates, host cities,
# free-text place, country.
SEED_SAMPLE = [
    ("Forum on intercultural cities and human mobility", "2010-08-30", "2010-09-01",
     ["mexico-city"], "", "MX"),
    ("Unlocking the potential of refugees and asylum seekers: intercultural approaches to integration",
     "2015-10-29", "2015-10-30", ["neuchatel"], "", "CH"),
    ("Discussion forum on intercultural policies and best practice", "2015-05-25", "2015-05-25",
     ["limassol"], "", "CY"),
    ("2013 Ansan summit", "2013-10-23", "2013-10-25", ["ansan"], "Ansan Arts center", "KR"),
    ("Meeting of ICC Coordinators", "2012-11-22", "2012-11-23", [], "Brussels", "BE"),
    ("4th European Seminar / Think-Tank - \"Schools as intercultural communities: Towards "
     "indicators for successful intercultural education\"", "2011-10-04", "2011-10-07", ["oslo"], "", "NO"),
    ("Intercultural cities: towards an enlarged learning community", "2010-10-20", "2010-10-23",
     ["neuchatel", "reggio-emilia"], "", "CH"),
    ("Intercultural cities in Japan", "2009-11-01", "2009-11-06", [], "", ""),
    ("Workshop on Governance and citizenship in the Intercultural city", "2008-09-20", "2008-09-20",
     ["viareggio"], "", "IT"),
    ("Intercultural cities conference", "2008-05-01", "2008-05-03", ["liverpool"], "", "GB"),
]  # fmt: skip

# Every model the command writes to, directly or through the life-cycle services.
SNAPSHOT_MODELS = [
    "cities.City", "cities.Network", "cities.NetworkMembership", "events.Event",
    "events.EventHostCity", "news.NewsItem", "news.NewsVideo", "news.NewsCity", "news.NewsTopic",
    "practices.Practice", "practices.PracticeCity", "practices.PracticeTopic",
    "practices.Transition", "icc.Image", "icc.Document", "icc.DocumentFile", "icc.User",
    "icc.SearchEntry", "cities.IndexResult", "cities.IndexAreaScore",
]  # fmt: skip


def load_demo():
    out = io.StringIO()
    call_command("load_demo", "--small-images", stdout=out)
    return out.getvalue()


def snapshot():
    """Every value of every row the command touches, many-to-many tables included."""
    rows = {}
    for label in SNAPSHOT_MODELS:
        model = apps.get_model(label)
        rows[label] = list(model._default_manager.order_by("pk").values())
        for field in model._meta.many_to_many:
            through = getattr(model, field.name).through
            rows[f"{label}.{field.name}"] = list(through.objects.order_by("pk").values())
    return rows


def request():
    return RequestFactory().post("/accounts/login/")


@pytest.fixture(scope="class")
def demo_output(django_db_setup, django_db_blocker):
    """Load the full demo once for a class of tests, in a transaction rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        assert not City.objects.exists(), "the demo must load into an empty database"
        output = load_demo()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def tiny_demo(monkeypatch):
    """Just enough data for the accounts and the four workflow practices: a fast load."""
    workflow = ["inclusive-recruitment-project", "lisbon-neighbourhood-festivals",
                "oeiras-welcome-desk", "lisbon-multilingual-city-guide"]  # fmt: skip
    needed = {"lisbon", "oeiras", "loures", "amadora"}
    monkeypatch.setattr(city_data, "CITIES", [c for c in city_data.CITIES if c["slug"] in needed])
    monkeypatch.setattr(city_data, "CITY_IMAGES", {})
    monkeypatch.setattr(city_data, "CITY_DOCUMENTS", {})
    monkeypatch.setattr(network_data, "NETWORKS", [])
    monkeypatch.setattr(event_data, "EVENTS", [])
    monkeypatch.setattr(news_data, "NEWS", [])
    monkeypatch.setattr(
        practice_data, "PRACTICES", [p for p in practice_data.PRACTICES if p["slug"] in workflow]
    )


@pytest.mark.usefixtures("demo_output")
class TestFullDemo:
    def test_loads_every_item_of_the_data_modules_into_an_empty_database(self, demo_output):
        output = demo_output

        assert City.objects.count() == len(city_data.CITIES)
        assert Network.objects.count() == len(network_data.NETWORKS)
        assert NetworkMembership.objects.count() == sum(
            len(n["members"]) for n in network_data.NETWORKS
        )
        assert Event.objects.count() == len(event_data.EVENTS)
        assert len(event_data.SEED_EVENTS) == 73  # the whole listing of the current site
        assert NewsItem.objects.count() == len(news_data.NEWS)
        assert Practice.objects.count() == len(practice_data.PRACTICES)
        assert Image.objects.count() == len(image_data.IMAGES)
        assert Document.objects.count() == len(document_data.DOCUMENTS)
        assert f"Events: {len(event_data.EVENTS)} ({len(event_data.EVENTS)} created)" in output

    def test_seed_events_keep_their_dates_places_and_host_cities(self):
        for title, start, end, hosts, place, country in SEED_SAMPLE:
            event = Event.objects.get(title_en=title)
            assert (event.start_date, event.end_date) == (D(start), D(end)), title
            assert sorted(event.host_cities.values_list("slug", flat=True)) == sorted(hosts), title
            assert event.place_en == place, title
            assert event.country == country, title
        for data in event_data.EVENTS:
            event = Event.objects.get(slug=data["slug"])
            assert (event.start_date, event.end_date) == (data["start_date"], data["end_date"])
            assert event.title_en == data["title_en"]

        braga = Event.objects.get(
            slug="annual-meeting-of-the-intercultural-cities-coordinators-braga-2024"
        )
        assert set(braga.host_cities.values_list("name_en", flat=True)) == {"Braga", "Vila Verde"}
        assert braga.interpretation_languages == ["en", "fr"]
        assert braga.registration_url and braga.registration_deadline == D("2024-10-25")
        assert list(braga.documents.values_list("title_en", flat=True)) == ["Draft agenda"]
        webinar = Event.objects.get(slug="webinar-inclusion-influencers-2021")
        assert (webinar.is_online, webinar.start_time, webinar.time_zone) == (
            True,
            datetime.time(10, 0),
            "Europe/Lisbon",
        )
        assert Event.objects.upcoming(today=D("2026-11-22")).count() >= 3

    def test_every_text_exists_in_english_and_french(self):
        required = {
            City: ["name", "profile"],
            Network: ["name", "description"],
            Event: ["title", "description"],
            NewsItem: ["title", "lead", "body"],
            Practice: ["title", "period", "purpose"],
            Image: ["alt_text"],
            Document: ["title"],
        }
        for model, fields in required.items():
            for obj in model.objects.all():
                for field in fields:
                    for language in ("en", "fr"):
                        assert getattr(obj, f"{field}_{language}"), (
                            f"{obj} has no {field}_{language}"
                        )
        assert City.objects.get(slug="lisbon").name_fr == "Lisbonne"
        assert City.objects.get(slug="montreal").name_fr == "Montréal"

    def test_cities_networks_news_and_files(self):
        pilots = set(City.objects.filter(is_pilot=True).values_list("slug", flat=True))
        assert {"berlin-neukolln", "lublin", "oslo", "tilburg"} <= pilots
        assert City.objects.filter(status=City.Status.FORMER).exists()
        italian = Network.objects.get(slug="italian-network")
        assert italian.memberships.count() == 5
        assert italian.memberships.current(on=D("2026-11-22")).count() == 4
        assert Network.objects.get(slug="intercultural-regions").country == ""

        home_stretch = NewsItem.objects.get(slug="home-stretch-portuguese-network-2021")
        assert home_stretch.image and home_stretch.image.alt_text_fr
        assert "<ul>" in home_stretch.body_en and "<ul>" in home_stretch.body_fr
        assert home_stretch.networks.get().acronym == "RPCI"
        assert (
            home_stretch.documents.get().title_en == "Report of the 17th RPCI Coordination meeting"
        )
        assert NewsItem.objects.get(slug="didactic-videos-diversity-advantage-2019").videos.exists()

        for image in Image.objects.all():
            assert default_storage.exists(image.file.name)
            assert image.width and image.height
        for document_file in DocumentFile.objects.all():
            with default_storage.open(document_file.file.name) as handle:
                assert handle.read(5) == b"%PDF-"
        assert DocumentFile.objects.filter(language="fr").count() == len(document_data.DOCUMENTS)

    def test_practices_reach_their_status_through_the_life_cycle(self):
        coordinator = User.objects.get(username="coordinator")
        status = dict(Practice.objects.values_list("slug", "status"))
        assert status["participatory-budget-paris"] == Practice.Status.PUBLISHED
        assert status["lisbon-neighbourhood-festivals"] == Practice.Status.DRAFT
        assert status["oeiras-welcome-desk"] == Practice.Status.SUBMITTED
        assert status["lisbon-multilingual-city-guide"] == Practice.Status.CHANGES_REQUESTED
        step = Transition.objects.get(to_status=Practice.Status.CHANGES_REQUESTED)
        assert step.actor.username == "secretariat" and step.comment
        assert Transition.objects.filter(to_status=Practice.Status.PUBLISHED).count() == (
            Practice.objects.published().count()
        )
        workspace = set(Practice.objects.editable_by(coordinator).values_list("slug", flat=True))
        assert {"lisbon-neighbourhood-festivals", "oeiras-welcome-desk"} <= workspace
        shared = Practice.objects.get(slug="inclusive-recruitment-project")
        assert shared.cities.count() == 3
        national = Practice.objects.get(slug="inclusion-influencers-portugal")
        assert (national.cities.count(), national.country) == (0, "PT")
        assert Practice.objects.get(slug="centre-of-language-and-literacy-reykjavik").period_en == (
            "From September 2017 onwards"
        )

    def test_second_run_changes_nothing_and_keeps_a_changed_password(self, demo_output):
        first_output = demo_output
        coordinator = User.objects.get(username="coordinator")
        coordinator.set_password("a password the coordinator chose")
        coordinator.save()
        before = snapshot()

        output = load_demo()

        assert snapshot() == before
        assert "created)" not in output and "updated" not in output
        assert f"Events: {len(event_data.EVENTS)} ({len(event_data.EVENTS)} unchanged)" in output
        assert authenticate(
            request(), username="coordinator", password="a password the coordinator chose"
        )
        assert "icc-demo-secretariat" in first_output and "icc-demo-coordinator" in first_output

    def test_demo_accounts_sign_in_and_the_secretariat_opens_the_admin(self, client, demo_output):
        output = demo_output
        assert "http://127.0.0.1:8000/admin/" in output
        assert "secretariat" in output and "icc-demo-secretariat" in output
        secretariat = authenticate(
            request(), username="secretariat", password="icc-demo-secretariat"
        )
        coordinator = authenticate(
            request(), username="coordinator", password="icc-demo-coordinator"
        )
        assert secretariat and coordinator
        assert secretariat.is_staff and not secretariat.is_superuser
        assert secretariat.has_perm("practices.review_practice")
        assert not coordinator.is_staff
        assert set(coordinator.coordinated_cities.values_list("slug", flat=True)) == {
            "lisbon",
            "oeiras",
        }
        client.force_login(secretariat)
        assert client.get("/admin/").status_code == 200


def test_small_load_walks_the_workflow_practices_and_counts_them(tiny_demo):
    output = load_demo()

    assert "Good practices: 4 (4 created)" in output
    assert "Accounts: 2 (2 created)" in output
    assert Practice.objects.get(slug="inclusive-recruitment-project").status == "published"
    assert Transition.objects.count() == 2 + 1 + 2  # submit+publish, submit, submit+request


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_demo_life_cycle_emails_are_not_sent(tiny_demo):
    """The demo accounts have made-up addresses: when the command commits, no e-mail leaves."""
    load_demo()

    assert Transition.objects.filter(to_status="submitted").count() == 3  # would each notify
    assert mail.outbox == []


def test_unknown_reference_in_the_data_is_reported_clearly(monkeypatch):
    broken = [dict(network_data.NETWORKS[0], members=[("atlantis", D("2020-01-01"), None)])]
    monkeypatch.setattr(network_data, "NETWORKS", broken)
    with pytest.raises(CommandError, match="unknown city: atlantis"):
        load_demo()
    assert not City.objects.exists()  # all or nothing: the transaction was rolled back
