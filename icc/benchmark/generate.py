"""Generate a realistic site of any size in the current database, in bulk.

``generate(practices=20_000)`` writes 150 cities, 12 national networks and their memberships,
``practices / 4`` events and news items, and the practices, each with bilingual texts of a
realistic length, images, cities, topics, countries, years and statuses as the site's own
content has them. Small tables go in with ``bulk_create``; the large ones (events, news,
practices and their links) with PostgreSQL's COPY in batches, ids assigned here, so 100,000
practices take a few minutes (``bulk_create`` elsewhere). No signals run: the search index is
built afterwards by ``build_search_index`` and the tables analysed.
"""

import datetime
import importlib
import io
import random
from dataclasses import dataclass

from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from .text import Prose

BATCH_SIZE = 1000
CITY_COUNT = 150
NETWORK_COUNT = 12
IMAGE_COUNT = 40
# ICC member countries, the most represented first (cities are drawn with these weights).
COUNTRIES = [
    "ES",
    "IT",
    "PT",
    "NO",
    "UA",
    "MA",
    "GB",
    "DE",
    "FR",
    "GR",
    "PL",
    "SE",
    "FI",
    "IE",
    "NL",
    "BE",
    "CH",
    "AT",
    "DK",
    "CY",
    "MT",
    "HU",
    "RO",
    "HR",
    "SI",
    "RS",
    "BA",
    "ME",
    "AL",
    "MK",
    "GE",
    "AM",
    "TR",
    "IL",
    "MX",
    "CA",
    "US",
    "AU",
    "KR",
    "JP",
]
SYLLABLES = [
    "al",
    "an",
    "bar",
    "ber",
    "ca",
    "cor",
    "dal",
    "el",
    "fen",
    "ga",
    "hol",
    "ka",
    "la",
    "lis",
    "mar",
    "mo",
    "na",
    "no",
    "or",
    "pa",
    "ra",
    "sel",
    "ta",
    "tor",
    "va",
    "ven",
    "za",
]
# Sentences per section of a practice, in each language: about 450 words, as real ones run.
PRACTICE_SECTIONS = {
    "purpose": 4,
    "rationale": 4,
    "process": 11,
    "results": 6,
    "evaluation": 3,
    "partners": 1,
    "budget": 1,
}
STATUS_SHARES = (  # (status, share) of practices; the public sees only "published"
    ("published", 0.88),
    ("draft", 0.05),
    ("submitted", 0.03),
    ("changes_requested", 0.01),
    ("rejected", 0.01),
    ("archived", 0.02),
)


@dataclass(frozen=True)
class Counts:
    """How many items of each kind a scale means."""

    practices: int
    events: int
    news: int
    cities: int = CITY_COUNT
    networks: int = NETWORK_COUNT

    @classmethod
    def for_scale(cls, practices):
        """The issue's proportions: 20,000 practices go with 5,000 events and 5,000 news."""
        return cls(practices=practices, events=max(1, practices // 4), news=max(1, practices // 4))

    def as_dict(self):
        return {
            "practices": self.practices,
            "events": self.events,
            "news items": self.news,
            "cities": self.cities,
            "networks": self.networks,
        }


def generate(counts, *, seed=2008, report=print):
    """Fill the (empty, migrated) current database with ``counts`` of content."""
    generator = _Generator(counts, seed, report)
    with transaction.atomic():
        generator.run()
    return generator


def build_search_index(report=print):
    """Write the search rows of every published item, then fresh planner statistics.

    On PostgreSQL, set-based SQL (``fast_index``) that writes the same rows as the project's
    indexer (a test compares them), because that one takes minutes at 100,000 items; elsewhere
    the project's ``rebuild_search_index``.
    """
    if connection.vendor == "postgresql":
        from .fast_index import index_everything

        report(f"search index: {index_everything()} rows")
    else:
        output = io.StringIO()
        call_command("rebuild_search_index", stdout=output)
        report(output.getvalue().strip().splitlines()[-1])
    analyze()


class _Inserter:
    """Writes rows (dicts of attribute names) of one model: COPY on PostgreSQL, else bulk_create.

    Ids are given by the generator so link rows can refer to them before anything is written;
    columns left out get the field's default (``now`` for auto_now fields), and the original
    column of a translated field (``title``) gets the English value, as modeltranslation does.
    """

    def __init__(self, model):
        from modeltranslation.translator import NotRegistered, translator

        self.model = model
        self.fields = model._meta.concrete_fields
        try:
            self.translated = list(translator.get_options_for_model(model).all_fields)
        except NotRegistered:
            self.translated = []
        now = timezone.now()
        self.defaults = {}
        for model_field in self.fields:
            if getattr(model_field, "auto_now", False) or getattr(
                model_field, "auto_now_add", False
            ):
                self.defaults[model_field.attname] = now
            elif model_field.has_default():
                self.defaults[model_field.attname] = model_field.get_default()
            elif model_field.null:
                self.defaults[model_field.attname] = None
            else:
                self.defaults[model_field.attname] = ""
        self.next_id = 1
        self.written = 0

    def new_id(self):
        self.next_id += 1
        return self.next_id - 1

    def write(self, rows):
        if connection.vendor != "postgresql":
            # Through the model: modeltranslation fills the original columns itself.
            self.model.objects.bulk_create(self.model(**row) for row in rows)
        else:
            for row in rows:
                for name in self.translated:
                    row.setdefault(name, row.get(f"{name}_en") or "")
            from psycopg.types.json import Jsonb

            json_fields = {
                model_field.attname
                for model_field in self.fields
                if model_field.get_internal_type() == "JSONField"
            }
            quote = connection.ops.quote_name
            columns = ", ".join(quote(model_field.column) for model_field in self.fields)
            statement = f"COPY {quote(self.model._meta.db_table)} ({columns}) FROM STDIN"
            with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
                for row in rows:
                    values = []
                    for model_field in self.fields:
                        value = row.get(model_field.attname, self.defaults[model_field.attname])
                        values.append(Jsonb(value) if model_field.attname in json_fields else value)
                    copy.write_row(values)
        self.written += len(rows)

    def finish(self):
        """Move the id sequence past the ids given here."""
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [self.model]):
                cursor.execute(statement)


def analyze():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class _Generator:
    def __init__(self, counts, seed, report):
        self.counts = counts
        self.random = random.Random(seed)
        self.prose = Prose(seed)
        self.report = report
        self.today = timezone.localdate()
        self.now = timezone.now()

    def run(self):
        from practices.models import Topic

        if not Topic.objects.exists():  # a database migrated without the seed data migration
            seed = importlib.import_module("practices.migrations.0002_initial_topics")
            seed.create_topics(django_apps, None)
        self.topics = list(Topic.objects.order_by("position"))
        # Some topics are far more common than others, as in the real collection.
        self.topic_weights = [1 / (rank + 1) ** 0.7 for rank in range(len(self.topics))]
        self.images = self._images()
        self.cities = self._cities()
        self.networks = self._networks()
        self._events()
        self._news()
        self._practices()

    # --- helpers ----------------------------------------------------------------------------
    def _pick_topics(self, low, high):
        count = self.random.randint(low, high)
        chosen = set()
        while len(chosen) < count:
            chosen.add(self.random.choices(self.topics, weights=self.topic_weights)[0])
        return sorted(chosen, key=lambda topic: topic.position)

    def _texts(self, field_sentences, slugs):
        """{field_en: ..., field_fr: ...} for each (field, number of sentences), about ``slugs``."""
        values = {}
        for field, sentences in field_sentences.items():
            for language in ("en", "fr"):
                values[f"{field}_{language}"] = (
                    self.prose.text(language, slugs, sentences) if sentences else ""
                )
        return values

    def _chunks(self, total):
        for start in range(0, total, BATCH_SIZE):
            yield range(start, min(total, start + BATCH_SIZE))

    def _day(self, days_back, days_forward):
        return self.today + datetime.timedelta(days=self.random.randint(-days_back, days_forward))

    # --- content ----------------------------------------------------------------------------
    def _images(self):
        from PIL import Image as PILImage

        from icc.models import Image

        buffer = io.BytesIO()
        PILImage.new("RGB", (160, 107), (196, 90, 40)).save(buffer, format="JPEG")
        name = default_storage.save("images/bench/picture.jpg", ContentFile(buffer.getvalue()))
        # The rows claim a large original so pages offer their responsive srcset, as in life.
        return Image.objects.bulk_create(
            Image(
                file=name,
                width=1600,
                height=1067,
                alt_text_en=f"Residents taking part in an activity, picture {number}",
                alt_text_fr=f"Des habitants participent à une activité, image {number}",
                credit="City archive",
            )
            for number in range(IMAGE_COUNT)
        )

    def _cities(self):
        from cities.models import City

        country_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(COUNTRIES))]
        cities, used = [], set()
        for number in range(self.counts.cities):
            name = ""
            while not name or name in used:
                parts = self.random.choices(SYLLABLES, k=self.random.randint(2, 3))
                name = "".join(parts).capitalize()
            used.add(name)
            topics = self._pick_topics(1, 2)
            cities.append(
                City(
                    name_en=name,
                    name_fr=name,
                    slug=f"{name.lower()}-{number}",
                    country=self.random.choices(COUNTRIES, weights=country_weights)[0],
                    joined_year=self.random.randint(2008, self.today.year),
                    status="member" if self.random.random() < 0.9 else "former",
                    is_pilot=number < 11,
                    population=self.random.randint(8_000, 3_000_000),
                    website=f"https://www.{name.lower()}.example.org/",
                    latitude=round(self.random.uniform(35, 65), 6),
                    longitude=round(self.random.uniform(-10, 40), 6),
                    image=self.random.choice(self.images) if self.random.random() < 0.7 else None,
                    is_published=self.random.random() < 0.98,
                    **self._texts({"profile": 12}, [topic.slug for topic in topics]),
                )
            )
        cities = City.objects.bulk_create(cities)
        self.report(f"{len(cities)} cities")
        return cities

    def _networks(self):
        from cities.models import Network, NetworkMembership

        countries = COUNTRIES[: self.counts.networks]
        networks = Network.objects.bulk_create(
            Network(
                name_en=f"Intercultural cities network of {country}",
                name_fr=f"Réseau des villes interculturelles ({country})",
                slug=f"network-{country.lower()}-{number}",
                acronym_en=f"ICC-{country}",
                acronym_fr=f"RVI-{country}",
                kind="national" if number % 5 else "regional",
                country=country,
                founded_year=self.random.randint(2009, 2022),
                website=f"https://network-{country.lower()}.example.org/",
                coordinating_body_en=f"Association of municipalities ({country})",
                coordinating_body_fr=f"Association des communes ({country})",
                **self._texts({"description": 10}, [t.slug for t in self._pick_topics(1, 2)]),
            )
            for number, country in enumerate(countries)
        )
        by_country = {network.country: network for network in networks}
        memberships = []
        for number, city in enumerate(self.cities):
            network = by_country.get(str(city.country)) or (
                networks[number % len(networks)] if number % 4 == 0 else None
            )
            if network is None:
                continue
            joined = datetime.date(self.random.randint(2010, 2024), self.random.randint(1, 12), 1)
            left = joined + datetime.timedelta(days=900) if number % 9 == 0 else None
            memberships.append(
                NetworkMembership(network=network, city=city, joined=joined, left=left)
            )
        NetworkMembership.objects.bulk_create(memberships)
        self.report(f"{len(networks)} networks, {len(memberships)} memberships")
        return networks

    def _events(self):
        from events.models import Event, EventHostCity

        kinds = [choice for choice, _label in Event.Kind.choices]
        kind_weights = [1 / (rank + 1) ** 0.5 for rank in range(len(kinds))]
        events, hosts = _Inserter(Event), _Inserter(EventHostCity)
        for chunk in self._chunks(self.counts.events):
            rows, links = [], []
            for number in chunk:
                # Ten years of past events, and the next year's programme.
                start = self._day(3650, 365) if self.random.random() < 0.9 else self._day(0, 365)
                kind = self.random.choices(kinds, weights=kind_weights)[0]
                online = kind == "webinar" or self.random.random() < 0.05
                cities = (
                    [] if online else self.random.sample(self.cities, self.random.randint(1, 2))
                )
                slugs = [topic.slug for topic in self._pick_topics(1, 2)]
                deadline = start - datetime.timedelta(days=7) if number % 3 == 0 else None
                kind_name = kind.replace("_", " ").capitalize()
                row = {
                    "id": events.new_id(),
                    "title_en": f"{kind_name}: {self.prose.title('en', slugs, number)}",
                    "title_fr": self.prose.title("fr", slugs, number),
                    "slug": f"event-{number}",
                    "kind": kind,
                    "start_date": start,
                    "end_date": start + datetime.timedelta(days=self.random.choice((0, 0, 1, 2))),
                    "start_time": datetime.time(9 + number % 8, 30) if number % 2 else None,
                    "time_zone": "Europe/Paris" if number % 2 else "",
                    "place_en": f"Town hall, {cities[0].name_en}" if cities else "",
                    "place_fr": f"Hôtel de ville, {cities[0].name_fr}" if cities else "",
                    "country": str(cities[0].country) if cities else "",
                    "is_online": online,
                    "network_id": self.random.choice(self.networks).pk if number % 4 == 0 else None,
                    "registration_url": "https://forms.example.org/register" if deadline else "",
                    "registration_deadline": deadline,
                    "interpretation_languages": ["en", "fr"] if number % 5 == 0 else [],
                    "image_id": self.random.choice(self.images).pk if number % 3 == 0 else None,
                    "is_published": self.random.random() < 0.97,
                    **self._texts({"description": 14}, slugs),
                }
                rows.append(row)
                links.extend(
                    {"id": hosts.new_id(), "event_id": row["id"], "city_id": city.pk}
                    for city in cities
                )
            events.write(rows)
            hosts.write(links)
        events.finish()
        hosts.finish()
        self.report(f"{events.written} events")

    def _news(self):
        from news.models import NewsCity, NewsItem, NewsTopic

        items, cities, topics = _Inserter(NewsItem), _Inserter(NewsCity), _Inserter(NewsTopic)
        networks = _Inserter(NewsItem.networks.through)
        for chunk in self._chunks(self.counts.news):
            rows, city_rows, topic_rows, network_rows = [], [], [], []
            for number in chunk:
                chosen = self._pick_topics(1, 3)
                slugs = [topic.slug for topic in chosen]
                body = {
                    f"body_{language}": "".join(
                        f"<p>{self.prose.text(language, slugs, 5)}</p>" for _ in range(4)
                    )
                    for language in ("en", "fr")
                }
                row = {
                    "id": items.new_id(),
                    "title_en": self.prose.title("en", slugs, number),
                    "title_fr": self.prose.title("fr", slugs, number),
                    "slug": f"news-{number}",
                    # Ten years of news; a few dated in the coming weeks wait for their day.
                    "date": self._day(3650, 0) if number % 50 else self._day(0, 30),
                    "image_id": self.random.choice(self.images).pk if number % 5 < 3 else None,
                    "is_published": self.random.random() < 0.97,
                    **self._texts({"lead": 2}, slugs),
                    **body,
                }
                rows.append(row)
                city_rows.extend(
                    {"id": cities.new_id(), "news_item_id": row["id"], "city_id": city.pk}
                    for city in self.random.sample(self.cities, self.random.randint(0, 3))
                )
                topic_rows.extend(
                    {"id": topics.new_id(), "news_item_id": row["id"], "topic_id": topic.pk}
                    for topic in chosen
                )
                if number % 6 == 0:
                    network_rows.append(
                        {
                            "id": networks.new_id(),
                            "newsitem_id": row["id"],
                            "network_id": self.random.choice(self.networks).pk,
                        }
                    )
            items.write(rows)
            cities.write(city_rows)
            topics.write(topic_rows)
            networks.write(network_rows)
        for inserter in (items, cities, topics, networks):
            inserter.finish()
        self.report(f"{items.written} news items")

    def _practices(self):
        from practices.models import Practice, PracticeCity, PracticeTopic

        statuses = [status for status, _share in STATUS_SHARES]
        shares = [share for _status, share in STATUS_SHARES]
        # A few cities write many practices, most write a handful.
        city_weights = [1 / (rank + 1) ** 0.6 for rank in range(len(self.cities))]
        practices, cities, topics = (
            _Inserter(Practice),
            _Inserter(PracticeCity),
            _Inserter(PracticeTopic),
        )
        images = _Inserter(Practice.images.through)
        for chunk in self._chunks(self.counts.practices):
            rows, city_rows, topic_rows, image_rows = [], [], [], []
            for number in chunk:
                chosen = self._pick_topics(1, 4)
                slugs = [topic.slug for topic in chosen]
                national = self.random.random() < 0.05
                practice_cities = (
                    []
                    if national
                    else list(
                        dict.fromkeys(
                            self.random.choices(
                                self.cities,
                                weights=city_weights,
                                k=2 if self.random.random() < 0.1 else 1,
                            )
                        )
                    )
                )
                country = (
                    str(practice_cities[0].country)
                    if practice_cities
                    else self.random.choice(COUNTRIES)
                )
                first_year, last_year, ongoing = self._years()
                status = self.random.choices(statuses, weights=shares)[0]
                published_at = (
                    self.now - datetime.timedelta(minutes=self.random.randint(0, 8 * 365 * 1440))
                    if status == "published"
                    else None
                )
                if first_year is None:
                    period = ""
                elif last_year:
                    period = f"{first_year}–{last_year}"
                else:
                    period = str(first_year)
                row = {
                    "id": practices.new_id(),
                    "title_en": self.prose.title("en", slugs, number),
                    "title_fr": self.prose.title("fr", slugs, number),
                    "slug": f"good-practice-{number}",
                    "country": country,
                    "period_en": period,
                    "period_fr": period,
                    "first_year": first_year,
                    "last_year": last_year,
                    "is_ongoing": ongoing,
                    "status": status,
                    "published_at": published_at,
                    "submitted_at": published_at,
                    "contact_en": "Intercultural office, city hall",
                    "contact_fr": "Bureau interculturel, mairie",
                    "links_en": "https://www.example.org/practice",
                    "links_fr": "https://www.example.org/practice",
                    **self._texts(PRACTICE_SECTIONS, slugs),
                }
                rows.append(row)
                city_rows.extend(
                    {"id": cities.new_id(), "practice_id": row["id"], "city_id": city.pk}
                    for city in practice_cities
                )
                topic_rows.extend(
                    {"id": topics.new_id(), "practice_id": row["id"], "topic_id": topic.pk}
                    for topic in chosen
                )
                image_rows.extend(
                    {"id": images.new_id(), "practice_id": row["id"], "image_id": image.pk}
                    for image in self.random.sample(
                        self.images, self.random.choice((0, 0, 1, 1, 2, 3))
                    )
                )
            practices.write(rows)
            cities.write(city_rows)
            topics.write(topic_rows)
            images.write(image_rows)
            if (chunk.stop // BATCH_SIZE) % 10 == 0 or chunk.stop == self.counts.practices:
                self.report(f"{chunk.stop} practices")
        for inserter in (practices, cities, topics, images):
            inserter.finish()

    def _years(self):
        """(first_year, last_year, is_ongoing): most practices have years, a third go on."""
        if self.random.random() < 0.04:
            return None, None, False
        first = self.random.randint(2004, self.today.year)
        if self.random.random() < 0.3:
            return first, None, True
        return first, min(self.today.year, first + self.random.randint(0, 6)), False
