"""One `make bench` run, end to end, for one or several scales.

For each scale: create the throwaway PostgreSQL database, build and probe the site in a child
process (``prepare``), then for each pass (uncached with ``PAGE_CACHE=0``, cached with
``PAGE_CACHE=1``) start gunicorn on the bench settings, drive it with Locust (``load``) in
interleaved rounds, read the workers' memory, stop gunicorn; optionally a soak; then drop
everything. Results: a table on the terminal, ``latest.json``, ``latest.md`` and charts.
"""

import contextlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from . import report, server
from .server import BenchError

PASSES = (("uncached", False), ("cached", True))
# Every path once before the rounds, as the method (wrk on one page for seconds) is warm
# after its first request: the passes measure the steady state, first visits are not reported.
WARMUP_SECONDS = 180
SOAK_SECONDS_CAP = 1800


@dataclass
class Options:
    scales: list = field(default_factory=lambda: [20_000])
    seconds: float = 3.0
    rounds: int = 2
    users: int = 4
    workers: int = 2
    max_requests: int = 2000
    soak: int = 0
    passes: tuple = ("uncached", "cached")
    database_url: str = ""
    database_name: str = "icc_bench"
    redis_url: str = server.DEFAULT_REDIS
    output: str = "bench-results"
    seed: int = 2008
    quick: bool = False
    server_python: str = sys.executable


def run(options, write=print):
    """Run every scale of ``options``; returns the report (also written to ``output``)."""
    previous = signal.signal(signal.SIGTERM, _terminate)
    started = time.perf_counter()
    try:
        maintenance, _url = server.database_urls(options.database_url, options.database_name)
        postgres_version = server.check_database_server(maintenance)
        server.flush_cache(options.redis_url)  # fails early, and clearly, without Redis
        runs = []
        for practices in options.scales:
            write(f"\n=== {practices:,} practices ===")
            runs.append(run_scale(practices, options, write))
    finally:
        signal.signal(signal.SIGTERM, previous)
    result = {
        "when": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": _machine(postgres_version),
        "options": {key: value for key, value in asdict(options).items() if key != "database_url"},
        "total_seconds": round(time.perf_counter() - started, 1),
        "runs": runs,
        "scale": report.scale_verdict(runs),
    }
    _write(result, Path(options.output), write)
    return result


def _terminate(signum, frame):
    # SIGTERM (a CI timeout, `kill`) unwinds like Ctrl-C, so every clean-up below runs.
    raise KeyboardInterrupt


def run_scale(practices, options, write):
    maintenance, database_url = server.database_urls(options.database_url, options.database_name)
    scratch = Path(tempfile.mkdtemp(prefix="icc-bench-"))
    gunicorn = None
    try:
        write(f"Creating the throwaway database {options.database_name} ...")
        server.create_database(maintenance, options.database_name)
        environment = _environment(options, database_url, scratch, page_cache=False)
        command = [sys.executable, "-m", "icc.benchmark.prepare", "--practices", str(practices)]
        command += ["--seed", str(options.seed), "--output", str(scratch / "plan.json")]
        command += ["--quick"] if options.quick else []
        _run_child(command, environment, write)
        plan = json.loads((scratch / "plan.json").read_text())
        measured = [item for item in plan["page_types"] if "error" not in item["probe"]]
        skipped = [
            {"key": item["key"], "reason": item["probe"]["error"]}
            for item in plan["page_types"]
            if "error" in item["probe"]
        ]
        run = {
            "practices": practices,
            "items": plan["items"],
            "timings": plan["timings"],
            "skipped": skipped,
            "passes": {},
            "memory": {},
            "worker_restarts": {},
        }
        for name, page_cache in PASSES:
            if name not in options.passes:
                continue
            write(f"--- {name} pass (PAGE_CACHE={int(page_cache)}) ---")
            server.flush_cache(options.redis_url)
            environment = _environment(options, database_url, scratch, page_cache=page_cache)
            gunicorn = server.Gunicorn(
                environment,
                scratch,
                workers=options.workers,
                max_requests=options.max_requests,
                python=options.server_python,
            )
            gunicorn.start()
            before = server.workers_memory(gunicorn)
            schedule, slots = build_schedule(measured, options.rounds, options.seconds)
            samples = _load(gunicorn.url, schedule, options, scratch, environment, write)
            after = server.workers_memory(gunicorn)
            gunicorn.stop()
            gunicorn = None
            run["memory"][f"{name}, before"] = before
            run["memory"][f"{name}, after"] = after
            run["worker_restarts"][name] = len(set(after) - set(before))
            run["passes"][name] = report.assess(
                rows_from_samples(measured, samples, slots), cached=page_cache
            )
        if options.soak:
            run["soak"] = _soak(measured, options, database_url, scratch, write)
            run["memory"][f"after {run['soak']['requests']:,} listing requests (soak)"] = run[
                "soak"
            ]["after"]
        return run
    finally:
        if gunicorn is not None:
            gunicorn.stop()
        try:
            server.drop_database(maintenance, options.database_name)
        except Exception as error:  # noqa: BLE001 - reported; the rest of the clean-up goes on
            write(f"Could not drop {options.database_name}: {error}")
        try:
            server.flush_cache(options.redis_url)
        except BenchError as error:
            write(str(error))
        shutil.rmtree(scratch, ignore_errors=True)


def _environment(options, database_url, scratch, page_cache):
    return server.site_environment(
        database_url=database_url,
        redis_url=options.redis_url,
        scratch=scratch,
        page_cache=page_cache,
    )


def build_schedule(page_types, rounds, seconds):
    """A warm-up slice, then ``rounds`` rounds giving every page type one slice each.

    Each round starts one page type further on, so no page type always follows the same one
    and the ceilings are measured at different moments of every round. Returns the slices and,
    for each, the page type's key (None for the warm-up).
    """
    warmup = [path for item in page_types for path in item["paths"]]
    slices = [{"paths": warmup, "requests": len(warmup), "seconds": WARMUP_SECONDS}]
    slots = [None]
    count = len(page_types)
    for number in range(rounds):
        offset = (number * max(1, count // max(1, rounds))) % max(1, count)
        for item in page_types[offset:] + page_types[:offset]:
            language = f" [{item['language']}]" if item["language"] else ""
            slices.append(
                {
                    "paths": item["paths"],
                    "seconds": seconds,
                    "progress": f"round {number + 1}/{rounds}: {item['label']}{language}",
                }
            )
            slots.append(item["key"])
    return slices, slots


def rows_from_samples(page_types, samples, slots):
    """One row per page type: its probe figures and the summary of its slices."""
    by_key = {}
    for sample, key in zip(samples, slots, strict=True):
        if key is not None:
            by_key.setdefault(key, []).append(sample)
    rows = []
    for item in page_types:
        rows.append(
            {
                "key": item["key"],
                "label": item["label"],
                "category": item["category"],
                "language": item["language"],
                "paths": len(item["paths"]),
                "probe": item["probe"],
                **report.summarise(by_key.get(item["key"], [])),
            }
        )
    return rows


def _load(url, slices, options, scratch, environment, write):
    plan = {
        "host": url,
        "users": options.users,
        "headers": _load_headers(),
        "slices": slices,
    }
    schedule_file, samples_file = scratch / "schedule.json", scratch / "samples.json"
    schedule_file.write_text(json.dumps(plan))
    command = [sys.executable, "-m", "icc.benchmark.load", str(schedule_file), str(samples_file)]
    # Locust needs none of the site's settings.
    load_environment = {
        key: value for key, value in environment.items() if not key.startswith("DJANGO_")
    }
    _run_child(command, load_environment, write)
    return json.loads(samples_file.read_text())


def _load_headers():
    from .pages import REQUEST_HEADERS

    return REQUEST_HEADERS


def _soak(page_types, options, database_url, scratch, write):
    """``options.soak`` uncached listing requests on workers that are never recycled."""
    write(f"--- soak: {options.soak:,} listing requests (PAGE_CACHE=0, no --max-requests) ---")
    server.flush_cache(options.redis_url)
    environment = _environment(options, database_url, scratch, page_cache=False)
    gunicorn = server.Gunicorn(
        environment, scratch, workers=options.workers, max_requests=0, python=options.server_python
    )
    try:
        gunicorn.start()
        before = server.workers_memory(gunicorn)
        paths = [
            path for item in page_types if item["category"] == "listing" for path in item["paths"]
        ]
        slices = [
            {
                "paths": paths,
                "requests": options.soak,
                "seconds": SOAK_SECONDS_CAP,
                "progress": "soak",
            }
        ]
        samples = _load(gunicorn.url, slices, options, scratch, environment, write)[0]
        after = server.workers_memory(gunicorn)
    finally:
        gunicorn.stop()
    summary = report.summarise([samples])
    return {
        "requests": summary["requests"],
        "errors": summary["errors"],
        "requests_per_second": summary["requests_per_second"],
        "before": before,
        "after": after,
        "restarted": sorted(set(before) ^ set(after)),
    }


def _run_child(command, environment, write):
    """Run a child in its own process group, echo its output, kill it if we are interrupted."""
    process = subprocess.Popen(
        command,
        cwd=server.ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines = []
    try:
        for line in process.stdout:
            line = line.rstrip()
            lines.append(line)
            if not _noise(line):
                write(line)
        process.wait()
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    if process.returncode != 0:
        tail = "\n".join(lines[-25:])
        raise BenchError(f"{' '.join(command[1:4])} failed ({process.returncode}):\n{tail}")


def _noise(line):
    # Locust logs its own start and stop lines; the bench prints its progress itself.
    return "locust" in line.lower() and ("INFO" in line or "WARNING" in line)


def _machine(postgres_version):
    # Versions from the package metadata: importing locust here would patch this process
    # with gevent.
    from importlib.metadata import version

    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "django": version("django"),
        "gunicorn": version("gunicorn"),
        "locust": version("locust"),
        "postgresql": postgres_version,
        "platform": platform.platform(),
    }


def _write(result, folder, write):
    folder.mkdir(parents=True, exist_ok=True)
    sections = []
    for run in result["runs"]:
        for name, rows in run["passes"].items():
            title = f"{run['practices']:,} practices, {name}"
            write(f"\n{title}\n" + report.text_table(rows))
            sections.append(f"### {title}\n\n" + report.markdown_table(rows))
        for line in report.memory_lines(run["memory"]):
            write(line)
        if run.get("soak"):
            soak = run["soak"]
            write(
                f"soak: {soak['requests']:,} requests at {soak['requests_per_second']} req/s, {soak['errors']} errors"
            )
        for skipped in run["skipped"]:
            write(f"not measured: {skipped['key']}: {skipped['reason']}")
    if result["scale"]:
        verdict = result["scale"]
        write(
            f"\npractices listing p50: {verdict['p50_from_ms']} ms at {verdict['from_practices']:,}, "
            f"{verdict['p50_to_ms']} ms at {verdict['to_practices']:,} (x{verdict['ratio']}, "
            f"target {verdict['target']}: {'ok' if verdict['meets_target'] else 'MISS'})"
        )
    (folder / "latest.json").write_text(json.dumps(result, indent=1))
    (folder / "latest.md").write_text("\n\n".join(sections) + "\n")
    charts = report.charts(result["runs"], folder)
    write(
        f"\nResults: {folder / 'latest.json'}, Markdown tables: {folder / 'latest.md'}, charts: "
        + ", ".join(str(path) for path in charts)
    )
