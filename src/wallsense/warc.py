"""WARC files: their HTML responses as small records, and those records as JSON Lines.

Needs the ``[warc]`` extra (warcio). Reading streams one record at a time, so memory stays flat
whatever the size of the archive; with ``jobs`` > 1 only a small window of records is in flight.

    from wallsense.warc import iter_html_records, analyze_records
    for row in analyze_records(iter_html_records("crawl.warc.gz"), jobs=2):
        print(row["url"], row["access"], row["walls"]["paywall"]["present"])
"""

from __future__ import annotations

import codecs
import collections
import gzip
import json
import multiprocessing
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from .errors import InputError
from .integrations import describe_error, error_fields, page_fields

#: Bodies longer than this are cut (an HTML parser copes with a cut page; memory stays bounded).
MAX_BODY_BYTES = 5 * 1024 * 1024

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml"})
# Types that servers send for anything; the body decides.
_SNIFF_TYPES = frozenset({"", "text/plain", "application/octet-stream", "binary/octet-stream",
                          "application/unknown", "unknown/unknown", "*/*", "application/x-unknown"})
# WHATWG MIME sniffing: an HTML document starts (after whitespace) with one of these, then a space or '>'.
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<script", b"<iframe", b"<h1", b"<div",
                b"<font", b"<table", b"<a", b"<style", b"<title", b"<b", b"<body", b"<br", b"<p",
                b"<!--")
_SINGLE_BYTE = frozenset({"ascii", "iso8859-1", "cp1252", "iso8859-15", "utf-8"})


@dataclass(frozen=True, slots=True)
class HtmlRecord:
    """One HTML response of a WARC file.

    ``body`` is the HTTP payload with transfer and content encodings undone; ``charset`` is the
    one the HTTP ``Content-Type`` header names, if any.
    """

    url: str | None
    record_id: str | None
    date: str | None
    content_type: str | None
    body: bytes
    charset: str | None


def _split_content_type(value: str | None) -> tuple[str, str | None]:
    if not value:
        return "", None
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return mime.strip().lower(), charset


def looks_like_html(body: bytes) -> bool:
    """True when the first bytes of ``body`` read as an HTML document (WHATWG sniffing, roughly)."""
    head = body[:1024]
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8):]
    head = head.lstrip(b" \t\r\n\x0c").lower()
    for start in _HTML_STARTS:
        if head.startswith(start) and head[len(start):len(start) + 1] in (b" ", b">", b"\t", b"\n", b"\r"):
            return True
    return head.startswith(b"<?xml") and b"<html" in head


def is_html(content_type: str | None, body: bytes) -> bool:
    """Decide by the HTTP ``Content-Type``; sniff the body when the type says nothing useful."""
    mime, _ = _split_content_type(content_type)
    if mime in _HTML_TYPES:
        return True
    return mime in _SNIFF_TYPES and looks_like_html(body)


def encoding_hint(body: bytes, charset: str | None) -> str | None:
    """The HTTP charset to impose on ``body``, or None to let the page's own bytes decide.

    A BOM wins over HTTP. Single-byte and UTF-8 labels are left to wallsense's decoding, which
    prefers valid UTF-8 (servers often say ISO-8859-1 by default). Other labels (Shift_JIS,
    windows-1251, GBK, ...) are used when the body decodes under them without error.
    """
    if not charset:
        return None
    try:
        codec = codecs.lookup(charset.strip().lower()).name
    except LookupError:
        return None
    if codec in _SINGLE_BYTE or body[:4].startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    try:
        body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    return codec


def _open_warc(path: str | Path) -> IO[bytes]:
    """Open ``path`` and check that it starts like a WARC (or ARC) file, gzipped or not."""
    fh = open(path, "rb")
    try:
        head = fh.read(2)
        fh.seek(0)
        if head == b"\x1f\x8b":
            try:
                head = gzip.GzipFile(fileobj=fh).read(8)
            except (OSError, EOFError) as exc:
                raise InputError(f"{path}: damaged gzip data: {describe_error(exc)}") from None
            fh.seek(0)
        else:
            head = fh.read(8)
            fh.seek(0)
        if head and not head.startswith((b"WARC/", b"filedesc")):
            raise InputError(f"{path}: not a WARC file (it does not start with a WARC record)")
    except BaseException:
        fh.close()
        raise
    return fh


def iter_html_records(path: str | Path, *, max_bytes: int = MAX_BODY_BYTES) -> Iterator[HtmlRecord]:
    """Yield the HTML ``response`` records of one WARC file (``.warc`` or ``.warc.gz``), in order.

    Only successful (2xx) HTTP responses are kept: redirects and error pages carry no article.
    Raises ``InputError`` when the file cannot be read or is not a WARC file; records before the
    damage have been yielded by then.
    """
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError("reading WARC files needs warcio: pip install 'wallsense[warc]'") from exc

    try:
        fh = _open_warc(path)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    with fh:
        try:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode()
                if not (status or "").startswith("2"):
                    continue
                content_type = record.http_headers.get_header("Content-Type")
                mime, charset = _split_content_type(content_type)
                if mime not in _HTML_TYPES and mime not in _SNIFF_TYPES:
                    continue
                body = record.content_stream().read(max_bytes)
                if not body or not is_html(content_type, body):
                    continue
                headers = record.rec_headers
                yield HtmlRecord(
                    url=headers.get_header("WARC-Target-URI"),
                    record_id=headers.get_header("WARC-Record-ID"),
                    date=headers.get_header("WARC-Date"),
                    content_type=content_type,
                    body=body,
                    charset=charset,
                )
        except ArchiveLoadFailed as exc:
            raise InputError(f"{path}: not a readable WARC file: {' '.join(str(exc).split())}") from None
        except (OSError, EOFError, ValueError, gzip.BadGzipFile) as exc:
            raise InputError(f"{path}: damaged WARC file: {describe_error(exc)}") from None


def record_row(record: HtmlRecord, *, model: Any = None, timeout: float | None = None) -> dict[str, Any]:
    """Analyse one record: ``url``, ``record_id``, ``date`` and :func:`page_fields`.

    A page that cannot be analysed gets an ``error`` string and ``None`` elsewhere; it never raises
    for a bad page.
    """
    from .pipeline import analyze

    row: dict[str, Any] = {"url": record.url, "record_id": record.record_id, "date": record.date}
    try:
        report = analyze(record.body, url=record.url, encoding=encoding_hint(record.body, record.charset),
                         model=model, timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - one bad page must not end the stream
        row.update(error_fields(exc))
    else:
        row.update(page_fields(report))
    return row


# The model of a worker process, set once by ``_init_worker`` (each worker is its own process).
_worker_model: Any = None
_worker_timeout: float | None = None


def _init_worker(model: Any, timeout: float | None) -> None:
    global _worker_model, _worker_timeout
    from threadpoolctl import threadpool_limits

    from .model import load_model

    threadpool_limits(1)  # N workers on N cores: one OpenMP/BLAS thread each, no oversubscription
    _worker_model = model if model is not None and not isinstance(model, (str, Path)) else load_model(model)
    _worker_timeout = timeout


def _worker_row(record: HtmlRecord) -> dict[str, Any]:
    return record_row(record, model=_worker_model, timeout=_worker_timeout)


def analyze_records(records: Iterable[HtmlRecord], *, model: Any = None, jobs: int = 1,
                    timeout: float | None = None) -> Iterator[dict[str, Any]]:
    """Yield one JSON-ready dict per record, in input order.

    ``model`` is a loaded ``Model``, a path, or None for the bundled one; it is loaded once (once per
    worker with ``jobs`` > 1). ``jobs`` > 1 analyses in that many worker processes, keeping at most
    a few records per worker in flight.
    """
    if jobs <= 1:
        if model is None or isinstance(model, (str, Path)):
            from .model import load_model

            model = load_model(model)
        for record in records:
            yield record_row(record, model=model, timeout=timeout)
        return

    window = 4 * jobs
    pending: collections.deque[Future[dict[str, Any]]] = collections.deque()
    # Not "fork": a child forked from a parent whose OpenMP pool (scikit-learn's) has run hangs.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                             initargs=(model, timeout)) as pool:
        try:
            for record in records:
                pending.append(pool.submit(_worker_row, record))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for fut in pending:
                fut.cancel()


def _records_of(paths: Iterable[str], failures: list[str]) -> Iterator[HtmlRecord]:
    for path in paths:
        try:
            yield from iter_html_records(path)
        except InputError as exc:
            failures.append(str(exc))
            print(f"wallsense: {exc}", file=sys.stderr, flush=True)


def _open_out(out: str | None) -> IO[str]:
    if out is None or out == "-":
        return sys.stdout
    if out.endswith(".gz"):
        return gzip.open(out, "wt", encoding="utf-8")
    return open(out, "w", encoding="utf-8")


def run_warc(paths: list[str], out: str | None, jobs: int, model: Any, *, timeout: float | None = None) -> int:
    """``wallsense clean --warc``: JSON Lines for every HTML response of ``paths``.

    Writes to ``out`` (gzipped when it ends in ``.gz``) or standard output when ``out`` is None.
    Pages that fail carry an ``error`` field. Returns 0, or 1 when a WARC file could not be read
    (the other files are still processed) or there were no paths.
    """
    if not paths:
        print("wallsense: --warc needs at least one WARC file", file=sys.stderr)
        return 1
    failures: list[str] = []
    rows = errors = 0
    try:
        sink = _open_out(out)
    except OSError as exc:
        print(f"wallsense: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    try:
        for row in analyze_records(_records_of(paths, failures), model=model, jobs=max(1, jobs or 1),
                                   timeout=timeout):
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
            rows += 1
            errors += row["error"] is not None
    except BrokenProcessPool as exc:
        print(f"wallsense: a worker process died after {rows} records: {exc}", file=sys.stderr)
        return 1
    finally:
        if sink is sys.stdout:
            sink.flush()
        else:
            sink.close()
    if errors:
        print(f"wallsense: {errors} of {rows} HTML records could not be analysed (see their error field)",
              file=sys.stderr)
    return 1 if failures else 0


__all__ = ["HtmlRecord", "MAX_BODY_BYTES", "analyze_records", "encoding_hint", "is_html",
           "iter_html_records", "looks_like_html", "record_row", "run_warc"]
