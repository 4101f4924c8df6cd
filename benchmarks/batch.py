"""How ``wallsense clean -j N`` scales: the same pages cleaned by 1 and by N worker processes.

    python -m benchmarks.batch --corpus ../shared/corpus/traf_dev.jsonl.gz --jobs 2 --rounds 3 \
        --out benchmarks/results

The pages are written to a temporary folder as ``.html`` files, then ``wallsense clean -q -j 1``
and ``wallsense clean -q -j N`` run over all of them in turn (``--rounds`` times each, alternating,
every run a fresh process, so import and model load count), each writing one text file per page.
Reports the wall-clock seconds of every run, pages/s, the speed-up of N workers over one (median
of the runs), and checks that both wrote the same texts. Writes ``batch.md`` and ``batch.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .speed import load_pages


def write_pages(paths: list[str], limit: int | None, folder: Path) -> list[Path]:
    """The corpus pages as ``NNNNN.html`` files (UTF-8) in ``folder``."""
    files = []
    for i, html in enumerate(load_pages(paths, limit)):
        f = folder / f"{i:05d}.html"
        f.write_bytes(html)
        files.append(f)
    return files


def clean_run(files: list[Path], jobs: int, out: Path) -> float:
    """Seconds for one ``wallsense clean`` process over ``files`` with ``jobs`` workers."""
    cmd = [sys.executable, "-m", "wallsense", "clean", "-q", "-j", str(jobs), "-o", str(out) + os.sep,
           *map(str, files)]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode not in (0, 1):  # 1: some pages failed, each reported on its own line
        raise SystemExit(f"wallsense clean -j {jobs} failed ({done.returncode}): {done.stderr[-500:]}")
    return seconds


def _texts(folder: Path) -> dict[str, str]:
    return {f.name: f.read_text(encoding="utf-8") for f in sorted(folder.iterdir())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.batch", description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", action="append", required=True, metavar="PATH")
    ap.add_argument("--limit", type=int, default=None, help="at most N pages per corpus")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes to compare with one")
    ap.add_argument("--rounds", type=int, default=3, help="runs of each setting")
    ap.add_argument("--out", default="benchmarks/results")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="wallsense-batch-") as tmp:
        root = Path(tmp)
        (root / "pages").mkdir()
        files = write_pages(args.corpus, args.limit, root / "pages")
        megabytes = sum(f.stat().st_size for f in files) / 1e6
        times: dict[int, list[float]] = {1: [], args.jobs: []}
        for r in range(args.rounds):
            order = (1, args.jobs) if r % 2 == 0 else (args.jobs, 1)
            for jobs in order:
                times[jobs].append(clean_run(files, jobs, root / f"out-{jobs}"))
                print(f"round {r + 1}: -j {jobs}: {times[jobs][-1]:.1f} s", file=sys.stderr)
        same = _texts(root / "out-1") == _texts(root / f"out-{args.jobs}")

    one, many = statistics.median(times[1]), statistics.median(times[args.jobs])
    result = {
        "command": "python -m benchmarks.batch " + " ".join(argv if argv is not None else sys.argv[1:]),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(), "cpus": os.cpu_count(),
        "pages": len(files), "megabytes": round(megabytes, 1), "jobs": args.jobs,
        "seconds": {str(k): [round(t, 2) for t in v] for k, v in times.items()},
        "pages_per_second": {"1": round(len(files) / one, 1), str(args.jobs): round(len(files) / many, 1)},
        "speedup": round(one / many, 2), "same_output": same,
    }
    lines = [
        "# Batch scaling", "",
        f"- command: `{result['command']}`",
        f"- date: {result['date']}; Python {result['python']}, {result['cpus']} CPUs",
        f"- pages: {len(files)} ({result['megabytes']} MB of HTML), one `wallsense clean` process per run "
        "(import and model load included), runs alternating", "",
        "| workers | runs (s) | median s | pages/s |", "|---:|---|---:|---:|",
    ]
    for k in (1, args.jobs):
        lines.append(f"| {k} | {', '.join(f'{t:.1f}' for t in times[k])} | {statistics.median(times[k]):.1f} | "
                     f"{result['pages_per_second'][str(k)]} |")
    lines += ["", f"- speed-up of {args.jobs} workers over 1: {result['speedup']}x",
              f"- both wrote the same texts: {'yes' if same else 'NO'}"]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "batch.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "batch.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
