"""Child process of the bench: build the throwaway site and probe its pages.

    DJANGO_SETTINGS_MODULE=icc.benchmark.settings python -m icc.benchmark.prepare \
        --practices 20000 --output plan.json

Runs on the bench settings (production + the ceiling URLs) against the throwaway database the
runner created: migrate, generate the content, build the search index, ANALYZE, collect the
static files, then pick the paths of every page type and probe them (SQL queries, bytes).
Writes the plan as JSON for the runner. Run as its own process so the runner never loads the
site's settings or opens its database.
"""

import argparse
import json
import os
import sys
import time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, required=True)
    parser.add_argument("--seed", type=int, default=2008)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--output", required=True)
    arguments = parser.parse_args(argv)

    import django

    django.setup()
    from django.core.management import call_command

    from .generate import Counts, build_search_index, generate
    from .pages import ceilings, page_types, probe

    def report(message):
        print(f"  {message}", flush=True)

    timings = {}
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    timings["migrate_seconds"] = round(time.perf_counter() - started, 1)
    report(f"migrated in {timings['migrate_seconds']} s")

    started = time.perf_counter()
    counts = Counts.for_scale(arguments.practices)
    generate(counts, seed=arguments.seed, report=report)
    timings["generate_seconds"] = round(time.perf_counter() - started, 1)
    report(f"content generated in {timings['generate_seconds']} s")

    started = time.perf_counter()
    build_search_index(report=report)
    timings["index_seconds"] = round(time.perf_counter() - started, 1)
    report(f"search index built and tables analysed in {timings['index_seconds']} s")

    with open(os.devnull, "w") as quiet:
        call_command("collectstatic", interactive=False, verbosity=0, stdout=quiet)

    types = probe(ceilings() + page_types(quick=arguments.quick))
    for page_type in types:
        if "error" in page_type.probe:
            report(
                f"not measured: {page_type.label} [{page_type.language}]: {page_type.probe['error']}"
            )
    with open(arguments.output, "w", encoding="utf-8") as output:
        json.dump(
            {
                "items": counts.as_dict(),
                "timings": timings,
                "page_types": [page_type.as_dict() for page_type in types],
            },
            output,
            indent=1,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
