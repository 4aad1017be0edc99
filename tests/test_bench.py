"""`manage.py bench` (make bench): runs in a throwaway database and reports every page type."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_measures_pages_in_a_throwaway_database(tmp_path):
    development_database = ROOT / "db.sqlite3"
    before = development_database.stat().st_mtime if development_database.exists() else None
    output = tmp_path / "latest.json"
    environment = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "CI"}
    }
    environment["DJANGO_SETTINGS_MODULE"] = "icc.settings.base"
    result = subprocess.run(
        [sys.executable, "manage.py", "bench", "--scale", "0.01", "--seconds", "0.01",
         "--max-requests", "2", "--output", str(output)],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "temporary SQLite file" in result.stdout

    report = json.loads(output.read_text())
    assert report["database"] == "sqlite"
    assert report["items"]["practices"] >= 20
    measured = {row["page"]: row for row in report["results"]}
    skipped = {row["page"] for row in report["skipped"]}
    ceiling = measured["bare Django ceiling (trivial view)"]
    assert ceiling["requests"] == 2 and ceiling["requests_per_second"] > 0
    assert ceiling["p50_ms"] <= ceiling["p99_ms"]
    # Every page type opens with generated content, in both languages: nothing is skipped.
    assert skipped == set(), report["skipped"]
    for language in ("en", "fr"):
        for page in ("home", "practice list", "practice detail", "search results"):
            assert f"{page} [{language}]" in measured
    for row in report["results"]:
        assert row["queries"] >= 0 and row["peak_memory_kib"] > 0 and row["requests"] >= 1
    # The development database was neither created nor touched.
    after = development_database.stat().st_mtime if development_database.exists() else None
    assert after == before


def test_bench_refuses_a_database_it_cannot_use_as_a_throwaway(tmp_path):
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment["DJANGO_SETTINGS_MODULE"] = "icc.settings.base"
    result = subprocess.run(
        [sys.executable, "manage.py", "bench", "--database-url", "mysql://root@127.0.0.1/icc",
         "--output", str(tmp_path / "latest.json")],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert "must be a PostgreSQL URL" in result.stderr
    assert not (tmp_path / "latest.json").exists()
