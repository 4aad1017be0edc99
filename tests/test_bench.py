"""`make bench` (icc/benchmark/): the generator, the probe and the runner's pure pieces.

No test here starts gunicorn and Locust, except the smoke test, which runs only with
BENCH_SMOKE=1 (it needs PostgreSQL and Redis and takes a minute or two).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from cities.models import City, Network, NetworkMembership
from events.models import Event
from icc.benchmark import report, runner
from icc.benchmark.generate import Counts, build_search_index, generate
from icc.benchmark.pages import page_types, probe
from icc.models import SearchEntry
from news.models import NewsItem
from practices.models import Practice

ROOT = Path(__file__).resolve().parent.parent
TINY = Counts(practices=60, events=12, news=12, cities=15, networks=4)


@pytest.fixture
def tiny_site(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    generate(TINY, seed=7, report=lambda message: None)


def test_generator_writes_the_counts_it_is_given(tiny_site):
    assert Practice.objects.count() == 60
    assert Event.objects.count() == 12
    assert NewsItem.objects.count() == 12
    assert City.objects.count() == 15
    assert Network.objects.count() == 4
    assert NetworkMembership.objects.exists()
    assert Counts.for_scale(20_000) == Counts(practices=20_000, events=5_000, news=5_000)


def test_generated_practices_are_published_and_faceted(tiny_site):
    published = Practice.objects.published()
    assert 0.7 * 60 <= published.count() < 60  # most are public, a few are drafts and others
    for practice in published.prefetch_related("topics", "cities"):
        assert practice.published_at is not None
        assert practice.country
        assert 1 <= len(practice.topics.all()) <= 4
        assert practice.title_en and practice.title_fr and practice.title_en != practice.title_fr
        assert len(practice.process_en.split()) > 60 and len(practice.process_fr.split()) > 60
        if practice.first_year and not practice.is_ongoing:
            assert practice.last_year >= practice.first_year
    assert published.filter(cities__isnull=False).exists()
    assert published.filter(is_ongoing=True).exists()
    assert (
        Practice.objects.exclude(status=Practice.Status.PUBLISHED)
        .filter(published_at=None)
        .exists()
    )
    events = Event.objects.all()
    assert (
        events.filter(host_cities__isnull=False).exists() or events.filter(is_online=True).exists()
    )
    assert NewsItem.objects.filter(topics__isnull=False).exists()


def test_generated_site_is_indexed_and_every_probed_page_answers(tiny_site, client):
    build_search_index(report=lambda message: None)
    public = (
        Practice.objects.published().count()
        + Event.objects.published().count()
        + NewsItem.objects.published().count()
        + City.objects.published().count()
        + Network.objects.published().count()
    )
    assert SearchEntry.objects.count() == 2 * public

    every_type = page_types()
    keys = {item.key for item in every_type}
    for language in ("en", "fr"):
        for key in ("home", "practices-list", "practices-list-filtered", "practices-list-deep",
                    "events-list-filtered", "news-list-filtered", "practice-detail",
                    "city-detail", "search-1", "search-2", "feeds"):  # fmt: skip
            assert f"{key}-{language}" in keys
    # Details are many different items, filters come from real items (non-empty listings).
    details = next(item for item in every_type if item.key == "practice-detail-en")
    assert (
        len(set(details.paths)) == Practice.objects.published().count() or len(details.paths) >= 20
    )
    probed = probe(page_types(quick=True))
    for item in probed:
        assert "error" not in item.probe, item.probe
        # A listing seen before may need no query at all (memos); a detail reads its item.
        assert item.probe["queries"] >= (1 if item.category == "detail" else 0)
        assert item.probe["raw_bytes"] > 1000
    filtered = next(item for item in probed if item.key == "practices-list-filtered-en")
    response = client.get(filtered.paths[0])
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count >= 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="set-based indexing is for PostgreSQL"
)
def test_fast_index_writes_the_rows_of_the_projects_indexer(tiny_site):
    from icc import search
    from icc.benchmark.fast_index import index_everything

    columns = ("content_type_id", "object_id", "language", "kind", "year", "title", "body", "url",
               "stems", "search_vector")  # fmt: skip
    index_everything()
    fast = set(SearchEntry.objects.values_list(*columns))
    SearchEntry.objects.all().delete()
    for indexed in search.indexed_models():
        search.index_objects(indexed.model._default_manager.all())
    project = set(SearchEntry.objects.values_list(*columns))
    assert len(fast) > 100
    assert fast == project


# --- The runner's pure pieces ---------------------------------------------------------------


def test_percentile_is_nearest_rank():
    assert report.percentile([], 0.5) == 0.0
    assert report.percentile([5.0], 0.99) == 5.0
    values = [float(value) for value in range(100, 0, -1)]  # any order
    assert report.percentile(values, 0.50) == 50.0
    assert report.percentile(values, 0.95) == 95.0
    assert report.percentile(values, 0.99) == 99.0
    assert report.percentile([1.0, 2.0, 3.0], 1.0) == 3.0


def _sample(latencies, seconds, statuses=None):
    return {
        "latencies_ms": latencies,
        "statuses": statuses or {"200": len(latencies)},
        "bytes": 0,
        "active_seconds": seconds,
        "elapsed_seconds": seconds,
    }


def test_summary_pools_rounds_and_counts_errors():
    summary = report.summarise(
        [_sample([10.0] * 30, 1.0), _sample([30.0] * 9, 2.0, {"200": 8, "500": 1})]
    )
    assert summary["requests"] == 39 and summary["errors"] == 1
    assert summary["requests_per_second"] == 13.0  # 39 requests in 3 seconds
    assert summary["rounds_requests_per_second"] == [30.0, 4.5]
    assert summary["p50_ms"] == 10.0 and summary["p99_ms"] == 30.0
    assert report.summarise([])["requests_per_second"] == 0.0


def _row(key, category, rate, errors=0):
    return {"key": key, "label": key, "category": category, "language": "en",
            "requests": 10, "errors": errors, "requests_per_second": rate,
            "p50_ms": 1.0, "p95_ms": 2.0, "p99_ms": 3.0,
            "probe": {"queries": 11, "raw_bytes": 76_800, "wire_bytes": 8_000, "encoding": "gzip"}}  # fmt: skip


def test_targets_are_shares_of_the_ceiling_of_the_same_pass():
    rows = [
        _row("ceiling-rendered", "ceiling", 600.0),
        _row("ceiling-constant", "ceiling", 1000.0),
        _row("practices-list-en", "listing", 180.0),
        _row("news-list-en", "listing", 179.0),
        _row("practice-detail-en", "detail", 250.0),
        _row("search-1-en", "search", 150.0, errors=1),
        _row("feeds-en", "feed", 10.0),
    ]
    uncached = {row["key"]: row for row in report.assess([dict(row) for row in rows], cached=False)}
    assert uncached["practices-list-en"]["share_of_rendered"] == 0.3
    assert uncached["practices-list-en"]["meets_target"] is True
    assert uncached["news-list-en"]["meets_target"] is False
    assert uncached["practice-detail-en"]["meets_target"] is True  # 41.7% >= 40%
    assert uncached["search-1-en"]["meets_target"] is False  # fast enough, but an error
    assert uncached["feeds-en"]["meets_target"] is None  # no target for feeds
    cached = {row["key"]: row for row in report.assess([dict(row) for row in rows], cached=True)}
    assert cached["practice-detail-en"]["share_of_constant"] == 0.25
    assert cached["practice-detail-en"]["meets_target"] is False
    assert cached["feeds-en"]["meets_target"] is False  # every cached page: 50% of constant


def test_tables_show_every_row_with_its_verdict():
    rows = report.assess(
        [_row("ceiling-rendered", "ceiling", 600.0), _row("practices-list-en", "listing", 20.0)],
        cached=False,
    )
    text = report.text_table(rows)
    assert "practices-list-en" in text and "MISS" in text and "3%" in text and "75.0" in text
    markdown = report.markdown_table(rows).splitlines()
    assert markdown[0].startswith("| page type |") and len(markdown) == 4
    assert markdown[3].count("|") == markdown[0].count("|")


def test_schedule_interleaves_rounds_and_rotates_the_order():
    types = [{"key": key, "label": key, "language": "", "category": "listing", "probe": {},
              "paths": [f"/{key}/1", f"/{key}/2", f"/{key}/3"]}
             for key in ("a", "b", "c", "d")]  # fmt: skip
    slices, slots = runner.build_schedule(types, rounds=2, seconds=1.5)
    assert slots == [None, "a", "b", "c", "d", "c", "d", "a", "b"]
    # The warm-up: every path of every type once, not reported.
    assert slices[0]["requests"] == 12
    assert sorted(slices[0]["paths"]) == sorted(path for item in types for path in item["paths"])
    assert all(item["seconds"] == 1.5 for item in slices[1:])
    samples = [_sample([1.0], 1.0) for _ in slices]
    rows = runner.rows_from_samples(types, samples, slots)
    assert [row["requests"] for row in rows] == [2, 2, 2, 2]


def _fake_run(practices, p50):
    rows = [
        dict(_row("ceiling-rendered", "ceiling", 600.0)),
        dict(_row("practices-list-en", "listing", 50.0)),
    ]
    rows[1]["p50_ms"] = p50
    return {"practices": practices, "items": {}, "timings": {}, "skipped": [],
            "passes": {"uncached": report.assess(rows, cached=False)},
            "memory": {"uncached, after": {"1": 101.5, "2": 99.0}}, "worker_restarts": {}}  # fmt: skip


def test_results_are_written_as_json_markdown_and_charts(tmp_path):
    runs = [_fake_run(1_000, 40.0), _fake_run(100_000, 100.0)]
    result = {"when": "now", "machine": {}, "options": {}, "total_seconds": 1.0, "runs": runs,
              "scale": report.scale_verdict(runs)}  # fmt: skip
    lines = []
    runner._write(result, tmp_path, lines.append)
    written = json.loads((tmp_path / "latest.json").read_text())
    assert written["scale"]["ratio"] == 2.5 and written["scale"]["meets_target"] is False
    row = written["runs"][0]["passes"]["uncached"][1]
    for key in ("requests_per_second", "p50_ms", "p95_ms", "p99_ms", "share_of_rendered",
                "meets_target", "probe"):  # fmt: skip
        assert key in row
    assert "| practices-list-en |" in (tmp_path / "latest.md").read_text()
    assert (tmp_path / "shares.png").stat().st_size > 1000
    assert (tmp_path / "scale.png").stat().st_size > 1000
    assert any("worker RSS uncached, after: 102, 99 MiB" in line for line in lines)


# --- The command ----------------------------------------------------------------------------


def test_command_refuses_bad_scales_and_databases(tmp_path):
    with pytest.raises(CommandError, match="between 1,000 and 100,000"):
        call_command("bench", scale=999, output=str(tmp_path))
    with pytest.raises(CommandError, match="must be a PostgreSQL URL"):
        call_command("bench", database_url="mysql://root@127.0.0.1/icc", output=str(tmp_path))
    with pytest.raises(CommandError, match="use another --database-name"):
        call_command(
            "bench",
            database_url="postgres://postgres@127.0.0.1:5432/icc_bench",
            output=str(tmp_path),
        )
    assert not list(tmp_path.iterdir())


@pytest.mark.skipif(
    not os.environ.get("BENCH_SMOKE"), reason="set BENCH_SMOKE=1 (PostgreSQL, Redis)"
)
def test_smoke_whole_pipeline(tmp_path):
    environment = {
        key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "bench", "--quick", "--scale", "100", "--seconds", "1",
         "--rounds", "1", "--passes", "uncached", "--database-name", "icc_bench_smoke",
         "--output", str(tmp_path)],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    written = json.loads((tmp_path / "latest.json").read_text())
    rows = {row["key"]: row for row in written["runs"][0]["passes"]["uncached"]}
    assert rows["ceiling-rendered"]["requests"] > 0 and rows["practices-list-en"]["requests"] > 0
    assert all(row["errors"] == 0 for row in rows.values())
    listed = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "SELECT datname FROM pg_database"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert "icc_bench_smoke" not in listed.stdout.split()
