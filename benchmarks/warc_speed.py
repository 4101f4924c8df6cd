"""Records per second through the WARC paths: one process, ``jobs`` workers, Spark ``local[2]``.

    python benchmarks/warc_speed.py ../shared/corpus/wcxb_train.jsonl.gz [--pages 1000] [--shards 4]
        [--jobs 2] [--model PATH] [--no-spark]

Builds a gzipped WARC of ``--pages`` pages of the corpus (cycling through it if it is shorter),
split in ``--shards`` files so that Spark has one task per file, in a temporary directory that is
removed afterwards. Each mode writes the JSON Lines it produces to that directory. Times are wall
clock for the whole run, model and worker start-up included; the Spark session is started before
its clock starts. Needs the ``[warc]`` extra, and ``[spark]`` plus Java for the Spark mode.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from wallsense.corpus import read_corpus
from wallsense.model import load_model
from wallsense.warc import run_warc


def build_warcs(corpus: Path, pages: int, shards: int, folder: Path) -> tuple[list[str], int]:
    """Write ``pages`` corpus pages as HTML responses into ``shards`` WARC files; returns paths and bytes."""
    source = [p for p in read_corpus(corpus) if p.html.strip()]
    if not source:
        raise SystemExit(f"{corpus} has no pages with HTML")
    paths = [folder / f"bench-{i:02d}.warc.gz" for i in range(shards)]
    handles = [open(p, "wb") for p in paths]
    writers = [WARCWriter(h, gzip=True) for h in handles]
    try:
        for n in range(pages):
            page = source[n % len(source)]
            body = page.html.encode("utf-8")
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                               ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            url = page.url or f"https://corpus.invalid/{page.id}"
            w = writers[n % shards]
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
    finally:
        for h in handles:
            h.close()
    return [str(p) for p in paths], sum(p.stat().st_size for p in paths)


def count_lines(path: Path) -> tuple[int, int]:
    rows = errors = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rows += 1
            errors += json.loads(line)["error"] is not None
    return rows, errors


def time_run_warc(paths: list[str], out: Path, jobs: int, model_path: str | None) -> tuple[float, int, int]:
    start = time.perf_counter()
    model = load_model(model_path)
    code = run_warc(paths, str(out), jobs, model)
    seconds = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"run_warc exited {code}")
    rows, errors = count_lines(out)
    return seconds, rows, errors


def time_spark(paths: list[str], out: Path, model_path: str | None) -> tuple[float, int, int]:
    from pyspark.sql import SparkSession

    from wallsense.integrations.spark import read_warc

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (SparkSession.builder.master("local[2]").appName("wallsense-warc-speed")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        spark.range(4).count()  # the JVM and the session are up before the clock starts
        start = time.perf_counter()
        df = read_warc(spark, paths, model=model_path, partitions=len(paths))
        df.write.mode("overwrite").json(str(out))
        seconds = time.perf_counter() - start
        back = spark.read.json(str(out))
        rows = back.count()
        errors = back.where(back.error.isNotNull()).count() if "error" in back.columns else 0
    finally:
        spark.stop()
    return seconds, rows, errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path, help="a corpus .jsonl.gz (wallsense.corpus format)")
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--model", help="a model file (default: the shipped one)")
    ap.add_argument("--no-spark", action="store_true")
    args = ap.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="wallsense-warc-speed-"))
    try:
        paths, size = build_warcs(args.corpus, args.pages, args.shards, folder)
        print(f"WARC: {args.pages} pages of {args.corpus.name} in {len(paths)} files, {size / 1e6:.1f} MB gzipped")
        results = [("one process", *time_run_warc(paths, folder / "one.jsonl", 1, args.model)),
                   (f"jobs={args.jobs}", *time_run_warc(paths, folder / "jobs.jsonl", args.jobs, args.model))]
        if not args.no_spark:
            if shutil.which("java") or os.environ.get("JAVA_HOME"):
                results.append(("spark local[2]", *time_spark(paths, folder / "spark", args.model)))
            else:
                print("spark: skipped (no Java)")
        print(f"{'mode':<16}{'records':>9}{'errors':>8}{'seconds':>10}{'records/s':>11}")
        for name, seconds, rows, errors in results:
            print(f"{name:<16}{rows:>9}{errors:>8}{seconds:>10.1f}{rows / seconds:>11.1f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
