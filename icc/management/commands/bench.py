"""`make bench`: the public pages measured over HTTP, as a user deploys them.

A thin entry point: the work is in icc/benchmark/ (see its runner, and docs/performance.md).
"""

import sys

import environ
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from icc.benchmark.runner import Options, run
from icc.benchmark.server import DEFAULT_REDIS, DEFAULT_SERVER, BenchError

SCALE_RANGE = (1_000, 100_000)
QUICK_MINIMUM = 50


def practice_counts(value):
    """'1000,5000,20000' -> [1000, 5000, 20000]."""
    try:
        return [int(part.replace("_", "")) for part in value.split(",") if part.strip()]
    except ValueError as error:
        raise CommandError(
            f"Scales are numbers of practices, e.g. 1000,20000: {value!r}"
        ) from error


class Command(BaseCommand):
    help = (
        "Benchmark the public site over HTTP: a throwaway PostgreSQL database with generated "
        "content, gunicorn on the production settings, Locust at a fixed concurrency, the "
        "pages interleaved with a bare-Django ceiling; writes bench-results/latest.json."
    )
    # The bench never touches the configured database: it builds its own.
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=20_000,
            help="Published and unpublished good practices to generate (1,000 to 100,000; "
            "events and news are a quarter of that each, 150 cities, 18 topics). Default 20,000.",
        )  # fmt: skip
        parser.add_argument(
            "--scales", default="",
            help="Several scales run one after the other and plotted, e.g. 1000,5000,20000,100000.",
        )  # fmt: skip
        parser.add_argument(
            "--seconds",
            type=float,
            default=3.0,
            help="Length of one page type's slice in a round (default 3).",
        )
        parser.add_argument(
            "--rounds", type=int, default=2, help="Rounds over every page type (default 2)."
        )
        parser.add_argument(
            "--users",
            type=int,
            default=4,
            help="Concurrent Locust users, no wait time (default 4).",
        )
        parser.add_argument(
            "--workers", type=int, default=2, help="gunicorn sync workers (default 2)."
        )
        parser.add_argument(
            "--max-requests", type=int, default=2000,
            help="gunicorn --max-requests as docs/operations.md sets it (default 2000, 0 = never recycle).",
        )  # fmt: skip
        parser.add_argument(
            "--soak", type=int, default=0,
            help="Then send this many uncached listing requests to workers that are never recycled "
            "and report their memory (the issue's figure: 10000). Default: no soak.",
        )  # fmt: skip
        parser.add_argument(
            "--passes", default="uncached,cached",
            help="Which passes to run: uncached (PAGE_CACHE=0), cached (PAGE_CACHE=1), or both.",
        )  # fmt: skip
        parser.add_argument(
            "--quick", action="store_true",
            help="A smoke run: a few English page types, small scales allowed (from 50 practices).",
        )  # fmt: skip
        parser.add_argument(
            "--database-url", default=None,
            help="The PostgreSQL server to bench on (its own database is never touched). "
            f"Default: DATABASE_URL if it is PostgreSQL, else {DEFAULT_SERVER}.",
        )  # fmt: skip
        parser.add_argument(
            "--database-name",
            default="icc_bench",
            help="The throwaway database, created and dropped (default icc_bench).",
        )
        parser.add_argument(
            "--redis-url",
            default=DEFAULT_REDIS,
            help=f"Redis for the cache; the bench uses and deletes only its own keys (default {DEFAULT_REDIS}).",
        )
        parser.add_argument(
            "--output",
            default=str(settings.BASE_DIR / "bench-results"),
            help="Folder of the results (default bench-results/).",
        )
        parser.add_argument("--seed", type=int, default=2008)
        parser.add_argument(
            "--server-python",
            default=sys.executable,
            help="The Python whose gunicorn serves the site. `make bench` gives one of a virtual "
            "environment holding requirements.txt only, as in production: the development "
            "tools (matplotlib brings numpy, which openpyxl then imports) would add about "
            "17 MiB to every worker. Default: this Python.",
        )

    def handle(self, *args, **options):
        scales = practice_counts(options["scales"]) or [options["scale"]]
        low = QUICK_MINIMUM if options["quick"] else SCALE_RANGE[0]
        if any(not low <= scale <= SCALE_RANGE[1] for scale in scales):
            raise CommandError(
                f"--scale must be between {SCALE_RANGE[0]:,} and {SCALE_RANGE[1]:,} practices "
                f"(from {QUICK_MINIMUM} with --quick)."
            )
        passes = tuple(name.strip() for name in options["passes"].split(",") if name.strip())
        if not passes or set(passes) - {"uncached", "cached"}:
            raise CommandError("--passes is uncached, cached or uncached,cached.")
        for name in ("seconds", "rounds", "users", "workers"):
            if options[name] <= 0:
                raise CommandError(f"--{name} must be positive.")
        if options["max_requests"] < 0 or options["soak"] < 0:
            raise CommandError("--max-requests and --soak cannot be negative.")
        database_url = options["database_url"]
        if database_url is None:
            configured = environ.Env().str("DATABASE_URL", default="")
            database_url = configured if configured.startswith("postgres") else ""
        bench_options = Options(
            scales=scales,
            seconds=options["seconds"],
            rounds=options["rounds"],
            users=options["users"],
            workers=options["workers"],
            max_requests=options["max_requests"],
            soak=options["soak"],
            passes=passes,
            database_url=database_url,
            database_name=options["database_name"],
            redis_url=options["redis_url"],
            output=options["output"],
            seed=options["seed"],
            quick=options["quick"],
            server_python=options["server_python"],
        )
        try:
            run(bench_options, write=self.stdout.write)
        except BenchError as error:
            raise CommandError(str(error)) from error
        except KeyboardInterrupt:
            raise CommandError(
                "Interrupted; the throwaway database and server were removed."
            ) from None
