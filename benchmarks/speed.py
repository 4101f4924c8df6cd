"""Speed of ``wallsense.analyze`` against lxml alone and trafilatura, on the same pages, in one run.

    python -m benchmarks.speed --corpus ../shared/corpus/traf_dev.jsonl.gz \
        --corpus ../shared/corpus/wcxb_train.jsonl.gz --out benchmarks/results

Single process, one page at a time. On every page the three contenders run in turn and the
starting one rotates from page to page, so machine noise hits them alike. Times are wall-clock
(``time.perf_counter``) inside the process, after a warm-up page. Besides pages/s this reports
ms/page p50/p95, MB/s of HTML, the share of wallsense's time spent in each stage (decode + lxml
parse, segmentation, features, classifier, the rest), import plus model load in a fresh
interpreter, and the resident memory over a long batch (the pages cycled to ``--batch`` analyses)
in a fresh interpreter. Writes ``speed.md``, ``speed.json`` and ``speed.png`` (time against page
size) into ``--out``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from lxml import etree

import wallsense
from wallsense.corpus import read_corpus
from wallsense.decode import decode
from wallsense.metadata import page_facts
from wallsense.parse import parse
from wallsense.pipeline import page_matrix
from wallsense.segment import segment

STAGES = ("parse", "segment", "features", "classify", "rest")


def load_pages(paths: list[str], limit: int | None) -> list[bytes]:
    """The HTML of the first ``limit`` pages of each corpus file, UTF-8 encoded."""
    pages: list[bytes] = []
    for path in paths:
        for p in itertools.islice(read_corpus(path), limit):
            pages.append(p.html.encode("utf-8"))
    return pages


def _lxml_parse(data: bytes) -> None:
    etree.fromstring(data, etree.HTMLParser(remove_comments=True, no_network=True))


def _contenders() -> dict[str, Callable[[bytes], object]]:
    model = wallsense.load_model()
    out: dict[str, Callable[[bytes], object]] = {
        "lxml parse": _lxml_parse,
        "wallsense": lambda data: wallsense.analyze(data, model=model),
    }
    try:
        import trafilatura
    except ImportError:
        print("trafilatura is not installed (pip install -e .[bench]); it is left out", file=sys.stderr)
    else:
        out["trafilatura"] = lambda data: trafilatura.extract(data, include_comments=False)
    return out


def _stage_times(data: bytes, model: wallsense.Model) -> dict[str, float]:
    """One page through the stages of ``analyze`` with a clock between them."""
    t = [time.perf_counter()]
    root = parse(decode(data))
    t.append(time.perf_counter())
    facts = page_facts(root)
    blocks = segment(root)
    t.append(time.perf_counter())
    pm = page_matrix(root, blocks, facts)
    t.append(time.perf_counter())
    model.classifier.predict_proba(pm)
    t.append(time.perf_counter())
    total_start = time.perf_counter()
    wallsense.analyze(data, model=model)
    total = time.perf_counter() - total_start
    parts = [b - a for a, b in zip(t, t[1:])]
    return dict(zip(STAGES, parts + [max(total - sum(parts), 0.0)]))


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _startup(repeats: int = 5) -> float:
    """Best wall time of ``import wallsense`` plus loading the bundled model, in a fresh interpreter."""
    code = "import wallsense; wallsense.load_model()"
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        best = min(best, time.perf_counter() - start)
    return best


_BATCH = """
import itertools, json, resource, sys
import wallsense
from wallsense.corpus import read_corpus
pages = [p.html.encode() for path in sys.argv[2:] for p in itertools.islice(read_corpus(path), 200)]
model = wallsense.load_model()
n = int(sys.argv[1]); marks = []
for i, data in enumerate(itertools.islice(itertools.cycle(pages), n), 1):
    wallsense.analyze(data, model=model)
    if i % max(n // 10, 1) == 0:
        marks.append([i, int(open('/proc/self/statm').read().split()[1]) * 4096 / 2**20])
print(json.dumps(marks))
"""


def _batch_memory(paths: list[str], n: int) -> list[list[float]]:
    out = subprocess.run([sys.executable, "-c", _BATCH, str(n), *paths], check=True, capture_output=True,
                         text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(paths: list[str], limit: int | None, batch: int) -> dict:
    pages = load_pages(paths, limit)
    contenders = _contenders()
    names = list(contenders)
    for fn in contenders.values():  # warm-up
        fn(pages[0])
    times: dict[str, list[float]] = {name: [] for name in names}
    for i, data in enumerate(pages):
        order = names[i % len(names):] + names[:i % len(names)]
        for name in order:
            start = time.perf_counter()
            try:
                contenders[name](data)
            except Exception as exc:  # a peer failing on a page still costs its time
                print(f"{name}: page {i}: {type(exc).__name__}", file=sys.stderr)
            times[name].append(time.perf_counter() - start)
    model = wallsense.load_model()
    stages = {s: 0.0 for s in STAGES}
    for data in pages:
        for s, v in _stage_times(data, model).items():
            stages[s] += v
    stage_total = sum(stages.values()) or 1.0
    mb = sum(len(p) for p in pages) / 1e6
    rows = {}
    for name in names:
        total = sum(times[name])
        rows[name] = {
            "pages_per_s": len(pages) / total,
            "ms_p50": 1000 * statistics.median(times[name]),
            "ms_p95": 1000 * _percentile(times[name], 0.95),
            "mb_per_s": mb / total,
            "seconds": total,
        }
    ws = rows["wallsense"]
    ratios = {"wallsense_over_lxml_time": ws["seconds"] / rows["lxml parse"]["seconds"]}
    if "trafilatura" in rows:
        ratios["wallsense_over_trafilatura_pages_per_s"] = ws["pages_per_s"] / rows["trafilatura"]["pages_per_s"]
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"Python {platform.python_version()}, {os.cpu_count()} CPUs",
        "corpora": [Path(p).name for p in paths],
        "pages": len(pages),
        "mb": mb,
        "tools": rows,
        "ratios": ratios,
        "stage_share": {s: v / stage_total for s, v in stages.items()},
        "startup_s": _startup(),
        "batch_rss_mib": _batch_memory(paths, batch),
        "sizes_kb": [len(p) / 1000 for p in pages],
        "wallsense_ms": [1000 * t for t in times["wallsense"]],
        "trafilatura_ms": [1000 * t for t in times.get("trafilatura", [])],
    }


def write_markdown(r: dict, command: str, path: Path) -> None:
    lines = [
        "# Speed", "",
        f"- command: `{command}`",
        f"- date: {r['date']}; {r['machine']}; single process, contenders alternating page by page",
        f"- pages: {r['pages']} ({r['mb']:.1f} MB of HTML) from {', '.join(r['corpora'])}", "",
        "| contender | pages/s | ms/page p50 | ms/page p95 | MB/s |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, row in r["tools"].items():
        lines.append(f"| {name} | {row['pages_per_s']:.1f} | {row['ms_p50']:.1f} | {row['ms_p95']:.1f} "
                     f"| {row['mb_per_s']:.2f} |")
    ratios = r["ratios"]
    lines += ["", f"- wallsense total time / lxml parse time: {ratios['wallsense_over_lxml_time']:.1f}x"]
    if "wallsense_over_trafilatura_pages_per_s" in ratios:
        lines.append(f"- wallsense pages/s / trafilatura pages/s: "
                     f"{ratios['wallsense_over_trafilatura_pages_per_s']:.2f}x")
    lines.append("- share of wallsense time by stage: " + ", ".join(
        f"{s} {100 * v:.0f}%" for s, v in r["stage_share"].items()))
    lines.append(f"- import wallsense + load the bundled model (fresh interpreter, best of 5): "
                 f"{r['startup_s']:.2f} s")
    marks = r["batch_rss_mib"]
    lines.append(f"- resident memory over a {marks[-1][0]}-page batch: " + ", ".join(
        f"{int(n)}: {mib:.0f} MiB" for n, mib in marks))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_plot(r: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.scatter(r["sizes_kb"], r["wallsense_ms"], s=8, label="wallsense")
    if r["trafilatura_ms"]:
        ax.scatter(r["sizes_kb"], r["trafilatura_ms"], s=8, alpha=0.6, label="trafilatura")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("page size (kB of HTML)")
    ax.set_ylabel("time per page (ms)")
    ax.set_title("Time against page size")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.speed", description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", action="append", required=True, metavar="PATH")
    ap.add_argument("--limit", type=int, default=None, help="at most N pages per corpus")
    ap.add_argument("--batch", type=int, default=1000, help="analyses in the memory run")
    ap.add_argument("--out", default="benchmarks/results")
    args = ap.parse_args(argv)
    r = run(args.corpus, args.limit, args.batch)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    command = "python -m benchmarks.speed " + " ".join(sys.argv[1:] if argv is None else argv)
    (out / "speed.json").write_text(json.dumps(r, indent=1), encoding="utf-8")
    write_markdown(r, command, out / "speed.md")
    write_plot(r, out / "speed.png")
    print((out / "speed.md").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
