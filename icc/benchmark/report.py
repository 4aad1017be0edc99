"""Statistics, targets, the terminal and Markdown tables, the JSON file and the charts.

Pure functions of the samples the load process wrote and the probe's figures, so they are
tested without a server.
"""

import math

# The targets of issue 7, as shares of a ceiling measured in the same pass.
TARGETS = {
    "listing": 0.30,
    "detail": 0.40,
    "search": 0.25,
}
CACHED_TARGET = 0.50  # of the constant-response ceiling, for every page served from the cache
SCALE_TARGET = 2.0  # practices listing: p50 at 100,000 practices at most twice p50 at 1,000
MEMORY_TARGET_MIB = 150
RENDERED = "ceiling-rendered"
CONSTANT = "ceiling-constant"


def percentile(values, fraction):
    """Nearest-rank percentile of ``values`` (any order); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summarise(samples):
    """One page type's figures from its slices (one per round): rate, percentiles, spread."""
    latencies = [value for sample in samples for value in sample["latencies_ms"]]
    elapsed = sum(sample["elapsed_seconds"] for sample in samples)
    statuses = {}
    for sample in samples:
        for status, count in sample["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    per_round = [
        len(sample["latencies_ms"]) / sample["elapsed_seconds"]
        for sample in samples
        if sample["elapsed_seconds"]
    ]
    errors = sum(count for status, count in statuses.items() if status != "200")
    return {
        "requests": len(latencies),
        "errors": errors,
        "statuses": statuses,
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(latencies) / elapsed, 2) if elapsed else 0.0,
        "rounds_requests_per_second": [round(rate, 2) for rate in per_round],
        "p50_ms": round(percentile(latencies, 0.50), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
        "p99_ms": round(percentile(latencies, 0.99), 2),
        "max_ms": round(max(latencies), 2) if latencies else 0.0,
    }


def assess(rows, cached):
    """Add each row's shares of the ceilings and its verdict against the issue's target."""
    by_key = {row["key"]: row for row in rows}
    rendered = by_key.get(RENDERED, {}).get("requests_per_second") or 0
    constant = by_key.get(CONSTANT, {}).get("requests_per_second") or 0
    for row in rows:
        rate = row.get("requests_per_second") or 0
        row["share_of_rendered"] = round(rate / rendered, 4) if rendered else None
        row["share_of_constant"] = round(rate / constant, 4) if constant else None
        row["target"], row["meets_target"] = None, None
        if row["category"] == "ceiling" or not row.get("requests"):
            continue
        if cached:
            row["target"] = f">= {CACHED_TARGET:.0%} of the constant ceiling"
            share = row["share_of_constant"]
            row["meets_target"] = share is not None and share >= CACHED_TARGET
        elif row["category"] in TARGETS:
            goal = TARGETS[row["category"]]
            row["target"] = f">= {goal:.0%} of the rendered ceiling"
            share = row["share_of_rendered"]
            row["meets_target"] = share is not None and share >= goal
        if row["errors"]:
            row["meets_target"] = False
    return rows


def scale_verdict(runs):
    """The practices listing's p50 at the largest scale against the smallest (uncached)."""
    points = sorted(
        (run["practices"], row["p50_ms"])
        for run in runs
        for row in run["passes"].get("uncached", [])
        if row["key"] == "practices-list-en" and row.get("requests")
    )
    if len(points) < 2:
        return None
    (low_scale, low), (high_scale, high) = points[0], points[-1]
    ratio = high / low if low else None
    return {
        "from_practices": low_scale,
        "to_practices": high_scale,
        "p50_from_ms": low,
        "p50_to_ms": high,
        "ratio": round(ratio, 2) if ratio else None,
        "target": f"<= {SCALE_TARGET:g}x (issue's target is 100,000 against 1,000)",
        "meets_target": ratio is not None and ratio <= SCALE_TARGET,
    }


def _mark(verdict):
    return {True: "ok", False: "MISS", None: ""}[verdict]


def _share(value):
    return "" if value is None else f"{value:.0%}"


def _kib(value):
    return "" if not value else f"{value / 1024:.1f}"


COLUMNS = (
    ("page type", 38, "<"),
    ("lang", 4, "<"),
    ("req/s", 7, ">"),
    ("p50 ms", 8, ">"),
    ("p95 ms", 8, ">"),
    ("p99 ms", 8, ">"),
    ("n", 6, ">"),
    ("err", 4, ">"),
    ("% rend.", 7, ">"),
    ("% const.", 8, ">"),
    ("target", 6, ">"),
    ("SQL", 4, ">"),
    ("KiB", 6, ">"),
    ("KiB wire", 8, ">"),
)


def row_cells(row):
    probe = row.get("probe", {})
    return [
        row["label"],
        row.get("language", ""),
        f"{row.get('requests_per_second', 0):.1f}",
        f"{row.get('p50_ms', 0):.1f}",
        f"{row.get('p95_ms', 0):.1f}",
        f"{row.get('p99_ms', 0):.1f}",
        str(row.get("requests", 0)),
        str(row.get("errors", 0)),
        _share(row.get("share_of_rendered")),
        _share(row.get("share_of_constant")),
        _mark(row.get("meets_target")),
        str(probe.get("queries", "")),
        _kib(probe.get("raw_bytes")),
        _kib(probe.get("wire_bytes")) if probe.get("encoding", "identity") != "identity" else "",
    ]


def text_table(rows):
    """A fixed-width table for the terminal."""
    header = " ".join(f"{name:{align}{width}}" for name, width, align in COLUMNS)
    lines = [header, "-" * len(header)]
    for row in rows:
        cells = row_cells(row)
        lines.append(
            " ".join(
                f"{cell[:width]:{align}{width}}"
                for cell, (_name, width, align) in zip(cells, COLUMNS, strict=True)
            )
        )
    return "\n".join(lines)


def markdown_table(rows):
    """The same table in Markdown, to paste into docs/performance.md."""
    names = [name for name, _width, _align in COLUMNS]
    lines = [
        "| " + " | ".join(names) + " |",
        "|" + "|".join("---" if align == "<" else "---:" for _n, _w, align in COLUMNS) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(row_cells(row)) + " |")
    return "\n".join(lines)


def memory_lines(memory):
    """Worker memory before and after each pass (and the soak), one line each."""
    lines = []
    for moment, workers in memory.items():
        values = [value for value in workers.values() if value is not None]
        if not values:
            continue
        worst = max(values)
        verdict = "ok" if worst <= MEMORY_TARGET_MIB else "MISS"
        lines.append(
            f"worker RSS {moment}: "
            + ", ".join(f"{value:.0f}" for value in values)
            + f" MiB (target <= {MEMORY_TARGET_MIB} MiB after 10,000 requests: {verdict})"
        )
    return lines


def charts(runs, folder):
    """shares.png (share of the ceilings per page type) and, with several scales, scale.png."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    written = []
    run = max(runs, key=lambda item: item["practices"])
    uncached = [row for row in run["passes"].get("uncached", []) if row["category"] != "ceiling"]
    cached = {row["key"]: row for row in run["passes"].get("cached", [])}
    if uncached:
        labels = [f"{row['label']} [{row['language']}]" for row in uncached]
        height = max(4, 0.28 * len(labels) + 1.5)
        figure, axis = plt.subplots(figsize=(10, height))
        positions = range(len(labels))
        axis.barh(
            [p + 0.2 for p in positions],
            [100 * (row["share_of_rendered"] or 0) for row in uncached],
            height=0.4,
            label="uncached, % of the rendered ceiling",
            color="#1f77b4",
        )
        if cached:
            axis.barh(
                [p - 0.2 for p in positions],
                [
                    100 * (cached.get(row["key"], {}).get("share_of_constant") or 0)
                    for row in uncached
                ],
                height=0.4,
                label="cached, % of the constant ceiling",
                color="#ff7f0e",
            )
        for goal, style in ((25, ":"), (30, "--"), (40, "-."), (50, "-")):
            axis.axvline(goal, color="grey", linestyle=style, linewidth=0.8)
        axis.set_yticks(list(positions), labels, fontsize=7)
        axis.invert_yaxis()
        axis.set_xlabel("% of the ceiling (targets: search 25, listings 30, details 40, cached 50)")
        axis.set_title(f"Share of the bare-Django ceiling, {run['practices']:,} practices")
        axis.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=8)
        figure.tight_layout()
        path = folder / "shares.png"
        figure.savefig(path, dpi=110, bbox_inches="tight")
        plt.close(figure)
        written.append(path)
    if len({item["practices"] for item in runs}) > 1:
        figure, axis = plt.subplots(figsize=(8, 5))
        ordered = sorted(runs, key=lambda item: item["practices"])
        keys = [row["key"] for row in ordered[0]["passes"].get("uncached", [])]
        for key in keys:
            if not key.endswith("-en"):
                continue
            points = [
                (item["practices"], row["p50_ms"])
                for item in ordered
                for row in item["passes"].get("uncached", [])
                if row["key"] == key and row.get("requests")
            ]
            if len(points) > 1:
                style = "-" if key.startswith(("practices-", "ceiling-")) else ":"
                axis.plot(*zip(*points, strict=True), style, marker="o", label=key[:-3])
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("practices in the database")
        axis.set_ylabel("p50 latency, ms (uncached, English)")
        axis.set_title("Cost against the scale")
        axis.legend(fontsize=6, ncol=2)
        figure.tight_layout()
        path = folder / "scale.png"
        figure.savefig(path, dpi=110, bbox_inches="tight")
        plt.close(figure)
        written.append(path)
    return written
