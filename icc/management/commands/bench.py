"""Measure the public pages: requests/s, latency percentiles, SQL queries, memory, size.

Runs in a throwaway database made with Django's test-database machinery, never in the
development or production database: a temporary SQLite file by default, or a database named
``icc_bench`` on the PostgreSQL server of ``--database-url`` / ``DATABASE_URL``. It fills it
with generated bilingual content (bulk_create), then requests every page type in-process with
Django's test client. Results: a table on the terminal and ``bench-results/latest.json``.

Each page type is measured in three separate passes so the instruments do not distort each
other: SQL queries are counted on warm-up requests, memory is traced (tracemalloc) on a few
more, and latency is timed on the rest with no instrument on.
"""

import datetime
import json
import os
import platform
import random
import re
import statistics
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

import django
import environ
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import path, reverse
from django.utils import timezone, translation

BENCH_DATABASE_NAME = "icc_bench"
# ATOMIC_REQUESTS wraps every view in a transaction; its BEGIN/COMMIT are not page queries.
TRANSACTION_STATEMENTS = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
FACET_LINK = re.compile(r'<a href="([^"]+)" class="facet-option"')


def ceiling_view(request):
    """The cheapest possible page: what the middleware stack alone costs."""
    return HttpResponse("ok", content_type="text/plain")


# The bare-Django ceiling is served from this module, used as a URLconf only by the bench.
urlpatterns = [path("ceiling/", ceiling_view, name="bench_ceiling")]


def percentile(sorted_values, fraction):
    """The value below which ``fraction`` of the (sorted) values fall (nearest rank)."""
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


class Command(BaseCommand):
    help = (
        "Benchmark the public pages in a throwaway database (temporary SQLite file, or "
        f"'{BENCH_DATABASE_NAME}' on a PostgreSQL server) and write bench-results/latest.json."
    )
    # The bench builds its own database; checks and the default database are not needed.
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiplies the amount of content (1 = about 5,000 items in two languages).",
        )
        parser.add_argument(
            "--seconds",
            type=float,
            default=1.0,
            help="Timing budget per page type, in seconds (default 1).",
        )
        parser.add_argument(
            "--max-requests",
            type=int,
            default=500,
            help="At most this many timed requests per page type.",
        )
        parser.add_argument(
            "--database-url",
            default=None,
            help=(
                "A PostgreSQL server to bench on, e.g. postgres://postgres@127.0.0.1:5432/x: "
                f"the bench creates and drops '{BENCH_DATABASE_NAME}' there. Default: "
                "DATABASE_URL if it is PostgreSQL, else a temporary SQLite file."
            ),
        )
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "bench-results" / "latest.json"),
            help="Where to write the JSON results.",
        )
        parser.add_argument("--seed", type=int, default=2008)

    def handle(self, *args, **options):
        if options["scale"] <= 0 or options["seconds"] <= 0 or options["max_requests"] < 1:
            raise CommandError("--scale, --seconds and --max-requests must be positive.")
        random.seed(options["seed"])
        # WhiteNoise warns once per process when collectstatic has not run; irrelevant here.
        warnings.filterwarnings("ignore", message="No directory at")
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="icc-bench-") as scratch:
            # Media files go to the scratch folder too (never the site's media or bucket), and
            # pages render as in production (DEBUG off: no query log, no debug templates).
            isolated = override_settings(
                DEBUG=False,
                MEDIA_ROOT=str(Path(scratch) / "media"),
                STORAGES={
                    **settings.STORAGES,
                    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                },
            )
            with isolated:
                old_name = self._use_throwaway_database(options["database_url"], scratch)
                try:
                    counts = self._generate(options["scale"])
                    generated = time.perf_counter() - started
                    self.stdout.write(
                        f"Generated {sum(counts.values())} items in {generated:.1f}s: "
                        + ", ".join(f"{count} {name}" for name, count in counts.items())
                    )
                    results, skipped = self._measure(options["seconds"], options["max_requests"])
                    environment = {
                        "database": connection.vendor,
                        "debug": settings.DEBUG,
                        "cache": settings.CACHES["default"]["BACKEND"],
                        "generate_seconds": round(generated, 1),
                    }
                finally:
                    connection.creation.destroy_test_db(old_name, verbosity=0)
        self._report(results, skipped, counts, options, environment, time.perf_counter() - started)

    # --- The throwaway database -------------------------------------------------------------
    def _use_throwaway_database(self, database_url, scratch):
        """Point the default connection at a new, empty, migrated database; returns the old name."""
        database_url = database_url or environ.Env().str("DATABASE_URL", default="")
        current = connections.settings[DEFAULT_DB_ALIAS]
        if database_url:
            config = environ.Env.db_url_config(database_url)
            if "postgresql" not in config["ENGINE"]:
                raise CommandError("--database-url must be a PostgreSQL URL (or leave it out).")
            server = {key: config.get(key, "") for key in ("NAME", "USER", "PASSWORD", "HOST")}
            server.update(ENGINE=config["ENGINE"], PORT=config.get("PORT") or "", OPTIONS={})
            test_name = BENCH_DATABASE_NAME
            where = f"PostgreSQL database {BENCH_DATABASE_NAME} on {config['HOST'] or 'localhost'}"
        else:
            server = {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": ":memory:",
                **dict.fromkeys(("USER", "PASSWORD", "HOST", "PORT"), ""),
                # A throwaway file needs no durability; without fsyncs migrating is fast.
                "OPTIONS": {"init_command": "PRAGMA synchronous=OFF"},
            }
            test_name = str(Path(scratch) / "bench.sqlite3")
            where = f"temporary SQLite file {test_name}"
        # A new engine needs a new connection object: replace the alias's settings and drop
        # the old wrapper, so the next use of ``connection`` builds one for this database.
        replacement = {**current, **server, "TEST": {**current.get("TEST", {}), "NAME": test_name}}
        connections[DEFAULT_DB_ALIAS].close()
        settings.DATABASES[DEFAULT_DB_ALIAS] = replacement
        connections.settings[DEFAULT_DB_ALIAS] = replacement
        del connections[DEFAULT_DB_ALIAS]
        self.stdout.write(f"Creating the throwaway {where} ...")
        old_name = connection.settings_dict["NAME"]
        begin = time.perf_counter()
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        self.stdout.write(f"Migrated in {time.perf_counter() - begin:.1f}s.")
        return old_name

    # --- Content ----------------------------------------------------------------------------
    def _generate(self, scale):
        from cities.models import City, Network, NetworkMembership
        from events.models import Event, EventHostCity
        from icc.models import Image
        from news.models import NewsCity, NewsItem, NewsTopic
        from practices.models import Practice, PracticeCity, PracticeTopic, Topic

        today = timezone.localdate()
        countries = ["PT", "ES", "IT", "NO", "UA", "MA", "GB", "AU", "FR", "DE", "CA", "JP"]
        n_cities = max(20, int(300 * scale))
        n_networks = max(3, int(12 * scale))
        n_events = max(20, int(1500 * scale))
        n_news = max(20, int(1500 * scale))
        n_practices = max(20, int(1700 * scale))

        image_name = default_storage.save("bench/picture.png", ContentFile(_png()))
        images = Image.objects.bulk_create(
            Image(
                file=image_name,
                width=40,
                height=30,
                alt_text_en=f"Residents at festival {i}",
                alt_text_fr=f"Des habitants à la fête {i}",
            )
            for i in range(20)
        )
        cities = City.objects.bulk_create(
            City(
                name_en=f"Benchtown {i}",
                name_fr=f"Benchville {i}",
                slug=f"benchtown-{i}",
                country=countries[i % len(countries)],
                joined_year=2008 + i % 17,
                population=10_000 + 937 * i,
                profile_en=_words(60, i),
                profile_fr=_words(60, i + 1),
                image=images[i % len(images)],
            )
            for i in range(n_cities)
        )
        networks = Network.objects.bulk_create(
            Network(
                name_en=f"Bench network {i}",
                name_fr=f"Réseau de test {i}",
                slug=f"bench-network-{i}",
                acronym=f"BN{i}",
                country=countries[i % len(countries)],
                founded_year=2010 + i % 10,
                description_en=_words(80, i),
                description_fr=_words(80, i + 2),
            )
            for i in range(n_networks)
        )
        NetworkMembership.objects.bulk_create(
            NetworkMembership(
                network=networks[i % n_networks],
                city=city,
                joined=datetime.date(2012 + i % 10, 1, 1),
                left=datetime.date(2023, 6, 30) if i % 11 == 0 else None,
            )
            for i, city in enumerate(cities)
        )
        kinds = [choice for choice, _label in Event.Kind.choices]
        events = []
        for i in range(n_events):
            start = today + datetime.timedelta(days=60 - (i * 4380) // n_events)
            events.append(
                Event(
                    title_en=f"Study visit number {i}",
                    title_fr=f"Visite d'étude numéro {i}",
                    slug=f"study-visit-{i}",
                    kind=kinds[i % len(kinds)],
                    start_date=start,
                    end_date=start + datetime.timedelta(days=i % 3),
                    country=countries[i % len(countries)],
                    is_online=i % 9 == 0,
                    network=networks[i % n_networks] if i % 4 == 0 else None,
                    description_en=_words(120, i),
                    description_fr=_words(120, i + 3),
                )
            )
        events = Event.objects.bulk_create(events)
        EventHostCity.objects.bulk_create(
            EventHostCity(event=event, city=cities[i % n_cities]) for i, event in enumerate(events)
        )
        topics = list(Topic.objects.all()) or Topic.objects.bulk_create(
            Topic(name_en=f"Topic {i}", name_fr=f"Thème {i}", slug=f"topic-{i}") for i in range(18)
        )
        news = NewsItem.objects.bulk_create(
            NewsItem(
                title_en=f"News from the network {i}",
                title_fr=f"Nouvelles du réseau {i}",
                slug=f"news-{i}",
                date=today - datetime.timedelta(days=(i * 4000) // n_news),
                lead_en=_words(30, i),
                lead_fr=_words(30, i + 4),
                body_en=f"<p>{_words(300, i)}</p><ul><li>One</li><li>Two</li></ul>",
                body_fr=f"<p>{_words(300, i + 5)}</p><ul><li>Un</li><li>Deux</li></ul>",
                image=images[i % len(images)] if i % 2 == 0 else None,
            )
            for i in range(n_news)
        )
        NewsCity.objects.bulk_create(
            NewsCity(news_item=item, city=cities[i % n_cities]) for i, item in enumerate(news)
        )
        NewsTopic.objects.bulk_create(
            NewsTopic(news_item=item, topic=topics[i % len(topics)]) for i, item in enumerate(news)
        )
        now = timezone.now()
        practices = Practice.objects.bulk_create(
            Practice(
                title_en=f"Good practice {i}: {_words(6, i)}",
                title_fr=f"Bonne pratique {i} : {_words(6, i + 6)}",
                slug=f"good-practice-{i}",
                country=countries[i % len(countries)],
                period_en=f"{2008 + i % 12}-{2012 + i % 12}",
                period_fr=f"{2008 + i % 12}-{2012 + i % 12}",
                first_year=2008 + i % 12,
                last_year=2012 + i % 12 if i % 3 else None,
                is_ongoing=i % 3 == 0,
                purpose_en=_words(80, i),
                purpose_fr=_words(80, i + 7),
                process_en=_words(200, i),
                process_fr=_words(200, i + 8),
                results_en=_words(100, i),
                results_fr=_words(100, i + 9),
                # One in ten is not published: the public pages must leave them out.
                status=Practice.Status.PUBLISHED if i % 10 else Practice.Status.DRAFT,
                published_at=now - datetime.timedelta(hours=i) if i % 10 else None,
            )
            for i in range(n_practices)
        )
        PracticeCity.objects.bulk_create(
            PracticeCity(practice=practice, city=cities[i % n_cities])
            for i, practice in enumerate(practices)
        )
        PracticeTopic.objects.bulk_create(
            PracticeTopic(practice=practice, topic=topic)
            for i, practice in enumerate(practices)
            for topic in {topics[i % len(topics)], topics[(i * 7) % len(topics)]}
        )
        self._index_for_search()
        return {
            "cities": n_cities,
            "networks": n_networks,
            "events": n_events,
            "news items": n_news,
            "practices": n_practices,
        }

    def _index_for_search(self):
        """bulk_create sends no signals, so the search index is rebuilt once (set-up, not measured)."""
        begin = time.perf_counter()
        try:
            with open(os.devnull, "w") as quiet:
                call_command("rebuild_search_index", stdout=quiet)
        except Exception as error:  # noqa: BLE001 - a missing or broken index only skips search
            self.stdout.write(self.style.WARNING(f"Search index not built: {error}"))
        else:
            self.stdout.write(f"Search index built in {time.perf_counter() - begin:.1f}s.")

    # --- Measuring --------------------------------------------------------------------------
    def _page_types(self):
        """(name, [paths]) for every page type, in both languages."""
        from cities.models import City, Network
        from events.models import Event
        from news.models import NewsItem
        from practices.models import Practice

        def sample(queryset, count=20):
            """``count`` items spread over the table, so no single row is always hot."""
            items = list(queryset.order_by("pk")[: count * 10])
            return items[:: max(1, len(items) // count)][:count]

        details = {
            "city detail": sample(City.objects.published()),
            "network detail": sample(Network.objects.published()),
            "event detail": sample(Event.objects.published()),
            "news detail": sample(NewsItem.objects.published()),
            "practice detail": sample(Practice.objects.published()),
        }
        listings = {
            "city list": "cities:city_list",
            "network list": "networks:network_list",
            "event list": "events:event_list",
            "news list": "news:news_list",
            "practice list": "practices:practice_list",
        }
        page_types = []
        languages = [code for code, _name in settings.LANGUAGES]
        for language in languages:
            with translation.override(language):
                page_types.append((f"home [{language}]", [reverse("home")]))
                for name, url_name in listings.items():
                    listing = reverse(url_name)
                    page_types.append((f"{name} [{language}]", [listing]))
                    page_types.append((f"{name}, filtered [{language}]", ("filter", listing)))
                for name, items in details.items():
                    page_types.append(
                        (f"{name} [{language}]", [item.get_absolute_url() for item in items])
                    )
                words = "intercultural" if language == "en" else "interculturel"
                search = reverse("search:search")
                page_types.append(
                    (
                        f"search results [{language}]",
                        [f"{search}?q={words}", f"{search}?q=festival", f"{search}?q=visit 12"],
                    )
                )
        return page_types

    def _filtered_paths(self, client, listing):
        """The first facet links of a listing: a filtered listing as a visitor reaches it."""
        try:
            response = client.get(listing)
        except Exception:  # noqa: BLE001 - the listing itself is reported as skipped
            return []
        links = FACET_LINK.findall(response.content.decode()) if response.status_code == 200 else []
        return [link.replace("&amp;", "&") for link in links[:5]]

    def _measure(self, seconds, max_requests):
        client = Client()
        secure = settings.SECURE_SSL_REDIRECT
        results, skipped = [], []

        def get(path_):
            return client.get(path_, secure=secure)

        plan = self._page_types()
        plan.append(("bare Django ceiling (trivial view)", ["/ceiling/"]))
        for name, paths in plan:
            if isinstance(paths, tuple):
                paths = self._filtered_paths(client, paths[1])
                if not paths:
                    skipped.append((name, "no facet link on the listing"))
                    continue
            urlconf = (
                override_settings(ROOT_URLCONF=__name__)
                if name.startswith("bare Django")
                else override_settings()
            )
            with urlconf:
                outcome = self._measure_page(get, paths, seconds, max_requests)
            if isinstance(outcome, str):
                skipped.append((name, outcome))
                self.stdout.write(self.style.WARNING(f"  skipped {name}: {outcome}"))
            else:
                results.append({"page": name, **outcome})
                self.stdout.write(
                    f"  {name}: {outcome['requests_per_second']:.0f} req/s, "
                    f"p95 {outcome['p95_ms']:.1f} ms, {outcome['queries']} queries"
                )
        return results, skipped

    def _measure_page(self, get, paths, seconds, max_requests):
        # Pass 1: warm-up, status and SQL queries (the capture forces a debug cursor).
        query_counts, sizes = [], []
        for path_ in paths[:3]:
            try:
                with CaptureQueriesContext(connection) as queries:
                    response = get(path_)
            except Exception as error:  # noqa: BLE001 - a page not built yet is reported, not fatal
                return f"{path_} raised {type(error).__name__}: {str(error)[:120]}"
            if response.status_code != 200:
                return f"{path_} answered {response.status_code}"
            query_counts.append(
                sum(not query["sql"].startswith(TRANSACTION_STATEMENTS) for query in queries)
            )
            sizes.append(len(response.content))
        # Pass 2: peak Python memory allocated while answering one request.
        peaks = []
        for path_ in paths[:2]:
            tracemalloc.start()
            tracemalloc.reset_peak()
            get(path_)
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        # Pass 3: latency, with nothing else measured.
        latencies = []
        deadline = time.perf_counter() + seconds
        index = 0
        timing_started = time.perf_counter()
        while len(latencies) < max_requests and (
            len(latencies) < 10 or time.perf_counter() < deadline
        ):
            path_ = paths[index % len(paths)]
            index += 1
            begin = time.perf_counter()
            get(path_)
            latencies.append((time.perf_counter() - begin) * 1000)
        elapsed = time.perf_counter() - timing_started
        latencies.sort()
        return {
            "paths": len(paths),
            "requests": len(latencies),
            "requests_per_second": len(latencies) / elapsed,
            "p50_ms": percentile(latencies, 0.50),
            "p95_ms": percentile(latencies, 0.95),
            "p99_ms": percentile(latencies, 0.99),
            "mean_ms": statistics.fmean(latencies),
            "queries": max(query_counts),
            "peak_memory_kib": max(peaks) / 1024,
            "response_kib": statistics.fmean(sizes) / 1024,
        }

    # --- Report -----------------------------------------------------------------------------
    def _report(self, results, skipped, counts, options, environment, total_seconds):
        header = (
            f"{'page type':<42} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
            f"{'queries':>7} {'peak KiB':>9} {'size KiB':>8}"
        )
        lines = [header, "-" * len(header)]
        for row in results:
            lines.append(
                f"{row['page']:<42} {row['requests_per_second']:>7.0f} {row['p50_ms']:>7.1f} "
                f"{row['p95_ms']:>7.1f} {row['p99_ms']:>7.1f} {row['queries']:>7} "
                f"{row['peak_memory_kib']:>9.0f} {row['response_kib']:>8.1f}"
            )
        self.stdout.write("\n" + "\n".join(lines))
        for name, reason in skipped:
            self.stdout.write(self.style.WARNING(f"skipped: {name}: {reason}"))

        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(
            json.dumps(
                {
                    "when": timezone.now().isoformat(timespec="seconds"),
                    **environment,
                    "scale": options["scale"],
                    "items": counts,
                    "seconds_per_page_type": options["seconds"],
                    "python": platform.python_version(),
                    "django": django.get_version(),
                    "total_seconds": round(total_seconds, 1),
                    "results": results,
                    "skipped": [{"page": name, "reason": reason} for name, reason in skipped],
                },
                indent=2,
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"\n{len(results)} page types measured, {len(skipped)} skipped, in "
                f"{total_seconds:.0f}s; results in {output}"
            )
        )


WORDS = [
    "intercultural",
    "city",
    "welcome",
    "newcomers",
    "neighbourhood",
    "festival",
    "school",
    "mediation",
    "diversity",
    "participation",
    "anti-rumours",
    "dialogue",
    "public",
    "space",
    "culture",
    "business",
    "language",
    "library",
    "youth",
    "integration",
    "inclusion",
    "museum",
    "sport",
    "training",
    "volunteers",
    "residents",
    "migrants",
    "network",
    "policy",
]


def _words(count, seed):
    """``count`` plausible words, different for each seed (for sizes and search)."""
    return " ".join(WORDS[(seed * 7 + i * 13) % len(WORDS)] for i in range(count))


def _png():
    import io

    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 80, 40)).save(buffer, format="PNG")
    return buffer.getvalue()
