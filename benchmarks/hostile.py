"""Hostile inputs at full size (issue 6): time and peak memory of ``wallsense.analyze`` per input.

    python benchmarks/hostile.py                # every case, each in its own subprocess
    python benchmarks/hostile.py deep-100k      # one case
    python benchmarks/hostile.py --list

Each case runs in a fresh interpreter so peak RSS belongs to that input alone. Columns: input size,
wall time of ``analyze``, peak RSS of the process (``resource.getrusage``; includes the ~200 MB of
the interpreter, numpy, scikit-learn and the model), the peak of Python allocations during
``analyze`` (``tracemalloc``, a second run, only when the first took under 30 s; lxml's and
numpy's C memory is not in it), blocks, and outcome.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

SENTENCE = ("The city council voted on Tuesday to build a new footbridge across the river, ending years "
            "of debate about how to connect the two halves of the old town.")
PARA = f"<p>{SENTENCE}</p>"
MB = 1_000_000
TRACE_UNDER_SECONDS = 30


def _page(body: str, head: str = "") -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bridge</title>{head}</head>'
            f"<body>{body}</body></html>")


def _news_page_50mb() -> str:
    unit = ('<div class="teaser"><h2><a href="/a">Headline of a teaser</a></h2>'
            f'<p>{SENTENCE}</p><span class="meta">12.03.2026 | 3 min</span></div>')
    return _page("<main><article><h1>Council approves bridge</h1>" + unit * (50 * MB // len(unit)) + "</article></main>")


def _ld(selector: str) -> str:
    return ('<script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":false,"hasPart":'
            f'{{"@type":"WebPageElement","isAccessibleForFree":false,"cssSelector":"{selector}"}}}}</script>')


CASES = {
    "page-50mb": _news_page_50mb,
    "deep-100k": lambda: _page("<p>before</p>" + "<div>" * 100_000 + PARA + "</div>" * 100_000 + "<p>after</p>"),
    "deep-100k-unclosed": lambda: _page("<div>x " * 100_000 + PARA),
    "deep-100k-spans": lambda: _page("<p>" + "<span>" * 100_000 + SENTENCE + "</span>" * 100_000 + "</p>"),
    "deep-2000-below-libxml2-limit": lambda: _page("<div>" * 2_000 + PARA * 1000 + "</div>" * 2_000),
    "blocks-200k": lambda: _page("<div>word</div>" * 200_000 + PARA),
    "blocks-200k-paragraphs": lambda: _page(PARA * 200_000),
    "text-node-20mb": lambda: _page("<p>" + "lorem ipsum dolor sit amet " * (20 * MB // 27) + "</p>"),
    "word-20mb": lambda: _page("<p>" + "a" * (20 * MB) + "</p>" + PARA),
    "attributes-100k": lambda: _page("<div " + " ".join(f'data-a{i}="v{i}"' for i in range(100_000)) + f">{PARA}</div>"),
    "classes-100k": lambda: _page('<div class="' + " ".join(f"paywall-{i}" for i in range(100_000)) + f'">{PARA}</div>'),
    "ids-classes-200k-elements": lambda: _page("".join(f'<span id="i{i}" class="c{i} ad">x</span>' for i in range(200_000))
                                               + PARA),
    "lexicon-bait-10mb": lambda: _page("<p>" + "abo" * (10 * MB // 3) + "</p>" + PARA),
    "lexicon-prefix-bait-10mb": lambda: _page("<p>" + "subscribe subscri " * (10 * MB // 18) + "</p>" + PARA),
    "consonant-bait-10mb": lambda: _page("<p>" + "bcdfghjklmnpqrstvwxz" * (10 * MB // 20) + "</p>" + PARA),
    "whitespace-bait-10mb": lambda: _page("<p>a" + " \n\t" * (10 * MB // 3) + "b</p>" + PARA),
    "date-bait-10mb": lambda: _page("<p>" + "1.1." * (10 * MB // 4) + "</p>" + PARA),
    "ld-json-bait-2mb": lambda: _page(PARA, '<script type="application/ld+json">{' + " \n" * MB + "}</script>"),
    "unclosed-tag-bait-10mb": lambda: _page(PARA) + "<a " * (10 * MB // 3),
    "selector-wide-200k": lambda: _page("<div class=a><div class=b>x</div></div>" * 200_000 + PARA,
                                        _ld("div div div, body .a > .b")),
    "selector-deep-2000": lambda: _page("<div>" * 2_000 + PARA + "</div>" * 2_000, _ld("div div div div")),
    "billion-laughs": lambda: ('<?xml version="1.0"?><!DOCTYPE html [<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
        + f"]><html><body><p>&lol9; {SENTENCE}</p></body></html>"),
}


def _measure(name: str, timeout: float | None) -> dict:
    import resource
    import tracemalloc

    import wallsense

    model = wallsense.load_model()
    wallsense.analyze(_page(PARA), model=model)  # warm up
    data = CASES[name]().encode("utf-8")
    del CASES[name]
    start = time.perf_counter()
    try:
        report = wallsense.analyze(data, model=model, timeout=timeout)
        outcome, blocks = f"ok, {len(report.text):,} chars of text", len(report.blocks)
    except wallsense.WallsenseError as exc:
        outcome, blocks = f"{type(exc).__name__}: {exc}", 0
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = None
    py_peak = float("nan")
    if seconds < TRACE_UNDER_SECONDS:  # tracing slows Python allocations several times over
        tracemalloc.start()
        try:
            wallsense.analyze(data, model=model, timeout=timeout)
        except wallsense.WallsenseError:
            pass
        py_peak = tracemalloc.get_traced_memory()[1] / MB
        tracemalloc.stop()
    return {"case": name, "mb": len(data) / MB, "seconds": seconds, "rss_mb": rss, "py_peak_mb": py_peak,
            "blocks": blocks, "outcome": outcome}


def main(argv: list[str]) -> int:
    if "--list" in argv:
        print("\n".join(CASES))
        return 0
    if argv[:1] == ["--one"]:
        timeout = float(argv[2]) if len(argv) > 2 else None
        print(json.dumps(_measure(argv[1], timeout)))
        return 0
    names = [a for a in argv if a in CASES] or list(CASES)
    timeout = None
    if "--timeout" in argv:
        timeout = argv[argv.index("--timeout") + 1]
    print(f"| input | size MB | seconds | peak RSS MB | peak Python MB | blocks | outcome |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name in names:
        cmd = [sys.executable, os.path.abspath(__file__), "--one", name] + ([timeout] if timeout else [])
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"| {name} | | | | | | crashed (exit {proc.returncode}): {proc.stderr.strip()[-200:]} |",
                  flush=True)
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"| {r['case']} | {r['mb']:.1f} | {r['seconds']:.2f} | {r['rss_mb']:.0f} | {r['py_peak_mb']:.0f} "
              f"| {r['blocks']:,} | {r['outcome'][:70]} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
