"""Optional integrations: each needs its own extra.

- ``wallsense.warc`` (extra ``[warc]``): HTML records of WARC files to JSON Lines.
- ``wallsense.integrations.scrapy`` (extra ``[scrapy]``): item pipeline and downloader middleware.
- ``wallsense.integrations.spark`` (extra ``[spark]``): DataFrame columns of HTML, and WARC files by path.

All of them describe a page with the same flat fields, built here by :func:`page_fields`, so a
JSON Lines file from ``wallsense clean --warc``, a Scrapy feed and a Spark table line up.
"""

from __future__ import annotations

from typing import Any

from ..records import WALL_KINDS, Report

#: The fields :func:`page_fields` returns, in order (``error_fields`` returns the same keys).
FIELDS: tuple[str, ...] = ("title", "lang", "access", "truncated", "walls", "text", "error")


def page_fields(report: Report) -> dict[str, Any]:
    """The compact, JSON-ready description of one analysed page.

    ``walls`` maps every wall kind to ``{"present": bool, "confidence": float}``; the evidence
    behind a verdict stays in the full ``Report``. ``error`` is ``None``.
    """
    walls = {}
    for kind in WALL_KINDS:
        v = report.walls.get(kind)
        walls[kind] = ({"present": bool(v.present), "confidence": round(float(v.confidence), 4)}
                       if v is not None else {"present": False, "confidence": 0.0})
    return {
        "title": report.title,
        "lang": report.lang,
        "access": report.access,
        "truncated": bool(report.truncated),
        "walls": walls,
        "text": report.text,
        "error": None,
    }


def error_fields(exc: BaseException) -> dict[str, Any]:
    """The same keys as :func:`page_fields` for a page that could not be analysed."""
    return {
        "title": None, "lang": None, "access": None, "truncated": None, "walls": None, "text": None,
        "error": describe_error(exc),
    }


def describe_error(exc: BaseException) -> str:
    """A one-line ``Type: message`` for an analysis failure."""
    if isinstance(exc, RecursionError):
        return "InputError: the page is nested too deeply to analyse"
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


__all__ = ["FIELDS", "describe_error", "error_fields", "page_fields"]
