"""Run wallsense and its peers over corpora in the shared JSONL format; write table, chart and JSON.

    python -m benchmarks.run --corpus ../shared/corpus/traf_dev.jsonl.gz \
        --heldout ../shared/corpus/wcxb_train.jsonl.gz --out benchmarks/results

``--corpus`` scores every page of a file, ``--heldout`` only the pages that ``wallsense.heldout``
keeps out of training. Pages are visited in file order; on each page every tool runs in turn (the
starting tool rotates from page to page), each in its own persistent worker process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import shlex
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any, Iterator

from wallsense.corpus import CorpusPage, read_corpus
from wallsense.heldout import is_heldout

from .metrics import ToolTally
from .report import write_chart, write_markdown
from .tools import DISTRIBUTIONS, MODEL_ENV, TOOLS
from .worker import Worker


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", action="append", default=[], metavar="PATH", help="score every page")
    ap.add_argument("--heldout", action="append", default=[], metavar="PATH",
                    help="score only the held-out pages (wallsense.heldout.is_heldout)")
    ap.add_argument("--tools", default=",".join(TOOLS), help=f"comma-separated subset of {','.join(TOOLS)}")
    ap.add_argument("--limit", type=int, default=None, help="at most N pages per corpus")
    ap.add_argument("--timeout", type=float, default=20.0, help="per-page time limit in seconds")
    ap.add_argument("--out", default="benchmarks/results", help="results folder")
    args = ap.parse_args(argv)
    if not args.corpus and not args.heldout:
        ap.error("give at least one --corpus or --heldout")
    args.tool_list = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in args.tool_list if t not in TOOLS]
    if unknown:
        ap.error(f"unknown tools: {', '.join(unknown)}")
    return args


def corpus_pages(path: str, heldout: bool, limit: int | None) -> Iterator[CorpusPage]:
    pages = (p for p in read_corpus(path) if not heldout or is_heldout(p.id))
    return itertools.islice(pages, limit)


def corpus_name(path: str, heldout: bool) -> str:
    name = Path(path).name.split(".")[0]
    return f"{name} (held-out)" if heldout else name


def run_corpus(path: str, heldout: bool, tools: list[str], limit: int | None,
               timeout: float) -> dict[str, Any]:
    """All tools over one corpus, fresh workers for it; the corpus's summary as plain data."""
    name = corpus_name(path, heldout)
    workers = {t: Worker(t, timeout) for t in tools}
    reference = Worker("wall_blocks", timeout)
    tallies = {t: ToolTally() for t in tools}
    langs: dict[str, int] = {}
    have_reference = False
    start = time.perf_counter()
    try:
        for i, page in enumerate(corpus_pages(path, heldout, limit)):
            ref = reference.call(page.html, page.url)
            walls = ref.value if ref.error is None else None
            have_reference = have_reference or walls is not None
            langs[page.lang or "unknown"] = langs.get(page.lang or "unknown", 0) + 1
            k = i % len(tools)
            for tool in tools[k:] + tools[:k]:
                tallies[tool].add(page, workers[tool].call(page.html, page.url), walls)
            if (i + 1) % 25 == 0:
                print(f"  {name}: {i + 1} pages, {time.perf_counter() - start:.0f}s", file=sys.stderr)
    finally:
        for w in [*workers.values(), reference]:
            w.close()
    return {
        "corpus": name,
        "path": str(path),
        "heldout_only": heldout,
        "pages": sum(langs.values()),
        "langs": dict(sorted(langs.items(), key=lambda kv: -kv[1])),
        "wall_reference": have_reference,
        "elapsed_s": time.perf_counter() - start,
        "tools": {t: tallies[t].summary(peak_kib=workers[t].peak_kib, wall_reference=have_reference)
                  for t in tools},
    }


def versions(tools: list[str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for t in tools:
        try:
            out[t] = metadata.version(DISTRIBUTIONS[t])
        except metadata.PackageNotFoundError:
            out[t] = None
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    runs = [(p, False) for p in args.corpus] + [(p, True) for p in args.heldout]
    command = "python -m benchmarks.run " + shlex.join(sys.argv[1:] if argv is None else argv)
    results: dict[str, Any] = {
        "command": command,
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "timeout_s": args.timeout,
        "limit": args.limit,
        "versions": versions(args.tool_list),
        "wallsense_model": os.environ.get(MODEL_ENV) or "bundled",
        "corpora": [],
    }
    for path, heldout in runs:
        print(f"{corpus_name(path, heldout)} ...", file=sys.stderr)
        results["corpora"].append(run_corpus(path, heldout, args.tool_list, args.limit, args.timeout))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    write_markdown(results, out / "results.md")
    write_chart(results, out / "chart.png")
    print(f"wrote {out / 'results.md'}, {out / 'chart.png'}, {out / 'results.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
