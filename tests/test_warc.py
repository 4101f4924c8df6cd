"""WARC input: picking HTML responses, JSON Lines rows, workers, the ``run_warc`` entry point.

WARC files are written here with warcio's own writer from small inline pages. Exact values are
checked against a stand-in ``analyze``; runs across processes use a tiny real model trained on
random features, so they exercise the real pipeline without the shipped model.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import tracemalloc
from pathlib import Path

import pytest

pytest.importorskip("warcio")

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

import wallsense.pipeline  # noqa: E402
from wallsense.errors import InputError  # noqa: E402
from wallsense.records import WALL_KINDS, Metadata, Report, Verdict  # noqa: E402
from wallsense.warc import (  # noqa: E402
    HtmlRecord,
    analyze_records,
    encoding_hint,
    is_html,
    iter_html_records,
    looks_like_html,
    record_row,
    run_warc,
)

from conftest import page  # noqa: E402

ROW_KEYS = ["url", "record_id", "date", "title", "lang", "access", "truncated", "walls", "text", "error"]


# -- helpers ---------------------------------------------------------------------------------

# Sentences of real length: the shipped model reads two-word paragraphs as furniture.
P1 = "Paragraph one of story {n}: the city council voted on Tuesday to rebuild the old footbridge across the river."
P2 = "The work starts in spring and should take two years, the mayor said after the meeting."


def article(n: int, *, paywall: bool = False) -> bytes:
    wall = '<div class="wall"><p>Subscribe to read the rest.</p></div>' if paywall else ""
    return page(f"<h1>Story {n}</h1><p>{P1.format(n=n)}</p><p>{P2}</p>{wall}",
                title=f"Story {n}").encode("utf-8")


def response(url: str, body: bytes, content_type: str | None = "text/html; charset=utf-8",
             status: str = "200 OK", headers: list[tuple[str, str]] | None = None,
             **warc_headers: str) -> dict:
    return {"type": "response", "url": url, "body": body, "content_type": content_type,
            "status": status, "headers": headers or [], "warc_headers": warc_headers}


def write_warc(path: Path, records: list[dict]) -> Path:
    """Write ``records`` with warcio's writer (record-gzipped when the name ends in .gz)."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for r in records:
            if r["type"] == "request":
                http = StatusAndHeaders(f"GET {r['url']} HTTP/1.1", [("Host", "example.org")],
                                        is_http_request=True)
                writer.write_record(writer.create_warc_record(r["url"], "request", payload=io.BytesIO(b""),
                                                              http_headers=http))
                continue
            headers = list(r["headers"])
            if r["content_type"] is not None:
                headers.insert(0, ("Content-Type", r["content_type"]))
            http = StatusAndHeaders(r["status"], headers, protocol="HTTP/1.1")
            warc_headers = {k.replace("_", "-"): v for k, v in r["warc_headers"].items()} or None
            writer.write_record(writer.create_warc_record(r["url"], "response", payload=io.BytesIO(r["body"]),
                                                          http_headers=http, warc_headers_dict=warc_headers))
    return path


def fake_analyze(html, *, url=None, encoding=None, model=None, timeout=None):  # noqa: ANN001
    """A stand-in for ``wallsense.analyze``: title, <p> texts, a paywall when 'Subscribe' appears."""
    text = html if isinstance(html, str) else html.decode(encoding or "utf-8", errors="replace")
    if "BROKEN" in text:
        raise InputError("broken on purpose")
    title = re.search(r"<title>(.*?)</title>", text)
    paras = re.findall(r"<p>(.*?)</p>", text)
    paywall = "Subscribe" in text
    walls = {kind: Verdict(present=(kind == "paywall" and paywall), confidence=0.875 if paywall else 0.125)
             for kind in WALL_KINDS}
    return Report(text="\n\n".join(p for p in paras if "Subscribe" not in p),
                  title=title.group(1) if title else None, lang="en", metadata=Metadata(), blocks=(),
                  walls=walls, access="partial" if paywall else "full", truncated=paywall, url=url)


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(wallsense.pipeline, "analyze", fake_analyze)
    return object()  # passed as model=, so no model file is loaded


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A real, meaningless model: the real pipeline runs, in any process, without the shipped model."""
    import numpy as np
    import sklearn

    from wallsense import __version__
    from wallsense.classifier import CONTEXT_NAMES, BlockClassifier, PageMatrix
    from wallsense.features import FEATURE_NAMES
    from wallsense.model import CARD_FORMAT, ModelCard, load_model, save_model
    from wallsense.records import LABELS

    rng = np.random.default_rng(0)
    n = 240
    X = rng.random((n, len(FEATURE_NAMES))).astype(np.float32)
    y = np.arange(n) % len(LABELS)
    clf = BlockClassifier(max_iter=5, smooth=False).fit(
        [PageMatrix(X=X, containers=np.zeros(n, dtype=np.int64))], [y], ["tiny"])
    card = ModelCard(format=CARD_FORMAT, wallsense_version=__version__, sklearn_version=sklearn.__version__,
                     feature_names=FEATURE_NAMES, context_names=CONTEXT_NAMES,
                     labels=tuple(lab.value for lab in LABELS), training_data_sha256="", inputs=())
    path = tmp_path_factory.mktemp("model") / "tiny.joblib"
    save_model(clf, card, path)
    load_model(path)  # fails here, not in a worker, if the card does not fit
    return str(path)


@pytest.fixture
def mixed_warc(tmp_path):
    """A WARC with 3 HTML responses among records that must be skipped."""
    return lambda name: write_warc(tmp_path / name, [
        {"type": "request", "url": "https://news.example/a"},
        response("https://news.example/a", article(1), WARC_Record_ID="<urn:uuid:a>",
                 WARC_Date="2024-05-01T10:00:00Z"),
        response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n....", "image/png"),
        response("https://news.example/style.css", b"body{color:red}", "text/css"),
        response("https://news.example/api", b'{"a": 1}', "application/json"),
        response("https://news.example/gone", article(9), status="404 Not Found"),
        response("https://news.example/moved", b"<html><body>Moved</body></html>", status="301 Moved Permanently",
                 headers=[("Location", "https://news.example/a")]),
        response("https://news.example/b", article(2, paywall=True), "application/octet-stream"),
        response("https://news.example/notes.txt", b"just some text, no markup", "text/plain"),
        response("https://news.example/c", article(3), None),
        response("https://news.example/empty", b"", "text/html"),
    ])


# -- picking HTML ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"], ids=["plain", "gzip"])
def test_iter_html_records_keeps_only_successful_html_responses(mixed_warc, name):
    records = list(iter_html_records(mixed_warc(name)))
    assert [r.url for r in records] == ["https://news.example/a", "https://news.example/b",
                                        "https://news.example/c"]
    first = records[0]
    assert isinstance(first, HtmlRecord)
    assert (first.record_id, first.date) == ("<urn:uuid:a>", "2024-05-01T10:00:00Z")
    assert (first.content_type, first.charset) == ("text/html; charset=utf-8", "utf-8")
    assert first.body == article(1)
    assert records[1].content_type == "application/octet-stream" and records[1].charset is None
    with pytest.raises(AttributeError):
        first.url = "changed"  # type: ignore[misc]


def test_iter_html_records_is_lazy(mixed_warc):
    it = iter_html_records(mixed_warc("crawl.warc.gz"))
    assert next(it).url == "https://news.example/a"
    it.close()


def test_content_and_transfer_encodings_are_undone(tmp_path):
    body = article(4)
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 50]), body[i:i + 50]) for i in range(0, len(body), 50))
    path = write_warc(tmp_path / "enc.warc.gz", [
        response("https://x.example/gz", gzip.compress(body), headers=[("Content-Encoding", "gzip")]),
        response("https://x.example/chunked", chunked + b"0\r\n\r\n", headers=[("Transfer-Encoding", "chunked")]),
    ])
    assert [r.body for r in iter_html_records(path)] == [body, body]


def test_long_bodies_are_cut(tmp_path):
    path = write_warc(tmp_path / "big.warc", [response("https://x.example/big", article(5) + b" " * 5000)])
    (rec,) = iter_html_records(path, max_bytes=1000)
    assert len(rec.body) == 1000


@pytest.mark.parametrize("body, expected", [
    (b"<!DOCTYPE html><html>", True),
    (b"\xef\xbb\xbf  \n<html lang=en>", True),
    (b"<HTML>", True),
    (b"<!-- saved --><p>", True),
    (b"<p>Hello</p>", True),
    (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', True),
    (b"<pre>", False),
    (b"<abbr>x</abbr>", False),
    (b'{"html": "<p>"}', False),
    (b"plain text", False),
    (b"", False),
], ids=["doctype", "bom-space", "upper", "comment", "paragraph", "xhtml", "pre", "prefix-a", "json", "text",
        "empty"])
def test_looks_like_html(body, expected):
    assert looks_like_html(body) is expected


@pytest.mark.parametrize("content_type, body, expected", [
    ("text/html", b"anything", True),
    ("application/xhtml+xml; charset=utf-8", b"<x/>", True),
    ("TEXT/HTML;charset=UTF-8", b"", True),
    ("text/plain", b"<html><body>", True),
    ("text/plain", b"notes", False),
    (None, b"<!doctype html>", True),
    ("image/svg+xml", b"<html>", False),
    ("application/json", b"<html>", False),
], ids=["html", "xhtml", "upper", "sniffed-plain", "plain", "missing", "svg", "json"])
def test_is_html(content_type, body, expected):
    assert is_html(content_type, body) is expected


@pytest.mark.parametrize("body, charset, expected", [
    (b"<p>abc</p>", None, None),
    (b"<p>abc</p>", "utf-8", None),
    (b"<p>\xe9</p>", "ISO-8859-1", None),
    (b"<p>abc</p>", "no-such-charset", None),
    ("<p>日本語</p>".encode("shift_jis"), "Shift_JIS", "shift_jis"),
    ("<p>Привет</p>".encode("cp1251"), "windows-1251", "cp1251"),
    (b"\xef\xbb\xbf<p>x</p>", "shift_jis", None),
    (b"<p>\xff\xff\xff</p>", "shift_jis", None),
], ids=["none", "utf8", "latin1-left-to-page", "unknown", "sjis", "cp1251", "bom-wins", "undecodable"])
def test_encoding_hint(body, charset, expected):
    assert encoding_hint(body, charset) == expected


def test_http_charset_reaches_analyze(tmp_path, fake):
    body = page("<p>Привет, мир</p>", title="Новости").replace('<meta charset="utf-8">', "").encode("cp1251")
    path = write_warc(tmp_path / "ru.warc", [response("https://ru.example/", body, "text/html; charset=windows-1251")])
    (row,) = analyze_records(iter_html_records(path), model=fake)
    assert (row["title"], row["text"]) == ("Новости", "Привет, мир")


# -- rows ------------------------------------------------------------------------------------

def test_record_row_fields(fake):
    rec = HtmlRecord(url="https://n.example/1", record_id="<urn:uuid:1>", date="2024-01-01T00:00:00Z",
                     content_type="text/html", body=article(1, paywall=True), charset=None)
    row = record_row(rec, model=fake)
    assert list(row) == ROW_KEYS
    assert row["title"] == "Story 1"
    assert row["text"] == P1.format(n=1) + "\n\n" + P2
    assert (row["access"], row["truncated"], row["error"]) == ("partial", True, None)
    assert row["walls"]["paywall"] == {"present": True, "confidence": 0.875}
    assert set(row["walls"]) == set(WALL_KINDS)
    json.dumps(row)


def test_a_failing_page_becomes_an_error_row_and_the_stream_goes_on(fake):
    recs = [HtmlRecord(f"https://n.example/{i}", f"<urn:uuid:{i}>", None, "text/html",
                       b"<html><p>BROKEN</p></html>" if i == 1 else article(i), None) for i in range(3)]
    rows = list(analyze_records(recs, model=fake))
    assert [r["url"] for r in rows] == [r.url for r in recs]
    assert rows[1]["error"] == "InputError: broken on purpose"
    assert list(rows[1]) == ROW_KEYS and rows[1]["text"] is None and rows[1]["walls"] is None
    assert rows[0]["error"] is None and rows[2]["error"] is None


def test_workers_keep_input_order_and_match_one_process(tmp_path, tiny_model):
    bodies = [article(i, paywall=i % 3 == 0) for i in range(30)]
    bodies[7] = b"%PDF-1.4 not a page"
    recs = [HtmlRecord(f"https://n.example/{i}", f"<urn:uuid:{i}>", None, "text/html", b, None)
            for i, b in enumerate(bodies)]
    one = list(analyze_records(recs, model=tiny_model, jobs=1))
    two = list(analyze_records(iter(recs), model=tiny_model, jobs=2))
    assert [r["url"] for r in two] == [r.url for r in recs]
    assert two == one
    assert one[7]["error"].startswith("InputError: input is a PDF document")
    assert all(r["error"] is None for i, r in enumerate(one) if i != 7)


def test_memory_stays_flat_over_10000_records(tmp_path, fake):
    n = 10_000
    path = write_warc(tmp_path / "big.warc.gz",
                      [response(f"https://n.example/{i}", article(i) + b"<!--" + b"x" * 2000 + b"-->")
                       for i in range(n)])
    tracemalloc.start()
    try:
        count = sum(1 for _ in analyze_records(iter_html_records(path), model=fake))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == n
    assert peak < 4 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB over {n} records of ~2 kB"


# -- run_warc --------------------------------------------------------------------------------

def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_run_warc_to_stdout(mixed_warc, fake, capsys):
    assert run_warc([str(mixed_warc("a.warc.gz"))], None, 1, fake) == 0
    rows = _lines(capsys.readouterr().out)
    assert [r["url"] for r in rows] == ["https://news.example/a", "https://news.example/b", "https://news.example/c"]
    assert rows[0]["record_id"] == "<urn:uuid:a>" and rows[0]["date"] == "2024-05-01T10:00:00Z"
    assert rows[1]["walls"]["paywall"]["present"] is True and rows[0]["walls"]["paywall"]["present"] is False


@pytest.mark.parametrize("out", ["rows.jsonl", "rows.jsonl.gz"], ids=["plain", "gzip"])
def test_run_warc_to_a_file(mixed_warc, fake, tmp_path, out, capsys):
    target = tmp_path / out
    assert run_warc([str(mixed_warc("a.warc")), str(mixed_warc("b.warc.gz"))], str(target), 1, fake) == 0
    raw = target.read_bytes()
    assert raw[:2] == b"\x1f\x8b" if out.endswith(".gz") else raw.startswith(b'{"url"')
    text = gzip.decompress(raw).decode() if out.endswith(".gz") else raw.decode()
    assert len(_lines(text)) == 6
    assert capsys.readouterr().out == ""


def test_run_warc_goes_on_past_a_bad_file(mixed_warc, fake, tmp_path, capsys):
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"this is not a WARC file\n" * 10)
    code = run_warc([str(tmp_path / "missing.warc"), str(junk), str(mixed_warc("a.warc"))], None, 1, fake)
    captured = capsys.readouterr()
    assert code == 1
    assert len(_lines(captured.out)) == 3
    assert "missing.warc" in captured.err and "junk.warc" in captured.err


def test_run_warc_reports_page_errors_on_stderr_but_succeeds(tmp_path, fake, capsys):
    path = write_warc(tmp_path / "e.warc", [response("https://n.example/x", b"<html><p>BROKEN</p></html>"),
                                            response("https://n.example/y", article(1))])
    assert run_warc([str(path)], None, 1, fake) == 0
    captured = capsys.readouterr()
    assert [r["error"] is None for r in _lines(captured.out)] == [False, True]
    assert "1 of 2 HTML records" in captured.err


def test_run_warc_with_workers(mixed_warc, tiny_model, capsys):
    assert run_warc([str(mixed_warc("a.warc.gz"))], None, 2, tiny_model) == 0
    rows = _lines(capsys.readouterr().out)
    assert [r["url"] for r in rows] == ["https://news.example/a", "https://news.example/b", "https://news.example/c"]
    assert all(list(r) == ROW_KEYS and r["error"] is None for r in rows)


def test_cli_clean_warc(mixed_warc, tiny_model, tmp_path):
    from wallsense.cli import main

    out = tmp_path / "out.jsonl.gz"
    assert main(["clean", "--warc", str(mixed_warc("a.warc.gz")), "--model", tiny_model, "-o", str(out)]) == 0
    assert len(_lines(gzip.decompress(out.read_bytes()).decode())) == 3


def test_shipped_model_end_to_end(mixed_warc, capsys):
    import wallsense

    try:
        model = wallsense.load_model()
    except wallsense.ModelError as exc:
        pytest.skip(f"no shipped model: {exc}")
    assert run_warc([str(mixed_warc("a.warc.gz"))], None, 1, model) == 0
    rows = _lines(capsys.readouterr().out)
    assert rows[0]["error"] is None and P1.format(n=1) in rows[0]["text"] and P2 in rows[0]["text"]
