"""Parse page text into an lxml tree, safely: no network, no entities from outside, no DTDs."""

from __future__ import annotations

import html as html_lib
import json
import re
import string

import numpy as np
from lxml import etree

from .errors import InputError

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# The same characters as UTF-8 bytes (one byte each, never inside a longer sequence): a page is
# checked for them with bytes.translate, far faster than a regex scan of the text.
_CONTROL_BYTES = bytes(c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D))
# Markup starts with ``<`` and a letter, ``/``, ``!`` or ``?``; "a < b" is not markup.
_MARKUP = re.compile(r"<[a-zA-Z/!?]")
_PARAGRAPHS = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# libxml2 stops parsing (silently dropping the rest) past 2048 open elements; browsers stop
# nesting at 512. Deeper start tags are dropped by ``_flatten`` and the page parsed again.
MAX_NESTING = 512
_TAG = re.compile(r"<(/?)([a-zA-Z][^\t\n\f\r />]*)[^<>]*>|<!--")
# libxml2 checks each attribute against all earlier ones of its tag (quadratic in their number):
# start tags longer than _LONG_TAG keep their first MAX_ATTRIBUTES attributes.
MAX_ATTRIBUTES = 256
LONG_TAG_CHARS = 4096
_ASCII_LETTERS = frozenset(string.ascii_letters)
_LONG_TAG = re.compile(r"""<([a-zA-Z][^\s/<>]*)((?:[^<>"']|"[^"]*"|'[^']*'){%d,})>""" % LONG_TAG_CHARS)
# _LONG_TAG is matched only where _long_tag_starts says a long tag may begin (running it over
# the whole page costs ~40 ms on an ordinary one).
_ATTRIBUTE = re.compile(r"""[^\s/>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']*))?""")
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                       "noscript", "plaintext"})
_NOT_COUNTED = frozenset({  # void elements, and elements whose end tag the parser implies
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
    "thead", "tbody", "tfoot", "rb", "rt", "rp", "html", "head", "body"})


# All text under an element, its own tail left out (what lxml.html's ``text_content`` gives).
text_content = etree.XPath("string()")


def _parser() -> etree.HTMLParser:
    # lxml.etree's parser, not lxml.html's: lxml.html looks up a Python element class for every
    # element the code touches, and nothing here needs its methods.
    return etree.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        recover=True,
        huge_tree=True,
        default_doctype=False,
    )


def _flatten(text: str, limit: int = MAX_NESTING) -> str:
    """``text`` without the start and end tags nested deeper than ``limit`` (all text stays).

    A linear scan that only counts elements whose end tag must be written; used only when
    libxml2 gave up on a page for its depth.
    """
    out: list[str] = []
    depth = 0
    pos = 0
    n = len(text)
    while pos < n:
        m = _TAG.search(text, pos)
        if m is None:
            break
        out.append(text[pos:m.start()])
        if m.group(0) == "<!--":
            end = text.find("-->", m.end())
            stop = n if end < 0 else end + 3
            out.append(text[m.start():stop])
            pos = stop
            continue
        pos = m.end()
        closing, name = m.group(1), m.group(2).lower()
        if name in _NOT_COUNTED:
            out.append(m.group(0))
        elif closing:
            if depth <= limit:
                out.append(m.group(0))
            depth = max(depth - 1, 0)
        else:
            depth += 1
            if depth <= limit:
                out.append(m.group(0))
            if name in _RAW_TEXT:
                close = re.compile("</" + re.escape(name), re.IGNORECASE).search(text, pos)
                stop = n if close is None else close.start()
                out.append(text[pos:stop])
                pos = stop
    out.append(text[pos:])
    return "".join(out)


def _cap_attributes(match: re.Match[str]) -> str:
    attrs = _ATTRIBUTE.findall(match.group(2), 0)
    if len(attrs) <= MAX_ATTRIBUTES:
        return match.group(0)
    return f"<{match.group(1)} " + " ".join(attrs[:MAX_ATTRIBUTES]) + ">"


def _long_tag_starts(text: str) -> list[int]:
    """Where a long start tag may begin: a ``<`` and an ASCII letter followed by 4096 characters
    without ``<`` (the regex ``<[a-zA-Z][^<]{4096}``), found with numpy over the code points,
    several times faster than that regex scans a page."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    opens = np.flatnonzero(codes == ord("<"))
    far = opens[np.diff(opens, append=len(codes)) >= LONG_TAG_CHARS + 2].tolist()
    return [p for p in far if text[p + 1:p + 2] in _ASCII_LETTERS]


def _cap_long_tags(text: str) -> str:
    out: list[str] = []
    pos = 0
    for start in _long_tag_starts(text):
        if start < pos:
            continue
        tag = _LONG_TAG.match(text, start)
        if tag is None:
            continue
        out.append(text[pos:tag.start()])
        out.append(_cap_attributes(tag))
        pos = tag.end()
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def _plain_text_page(text: str) -> str:
    """A page without markup: JSON is refused, other text becomes one paragraph per blank-line run."""
    stripped = text.strip()
    if stripped[:1] in "{[" and stripped[-1:] in "}]":
        try:
            json.loads(stripped)
        except (ValueError, RecursionError):
            pass
        else:
            raise InputError("the input looks like JSON, not HTML")
    paragraphs = (p.strip() for p in _PARAGRAPHS.split(stripped))
    body = "".join(f"<p>{html_lib.escape(p, quote=False)}</p>" for p in paragraphs if p)
    return f"<html><body>{body}</body></html>"


def _fromstring(data: bytes) -> tuple[etree._Element | None, bool]:
    """The root element, and whether libxml2 stopped early because the page nests too deeply."""
    parser = _parser()  # one per call: parsers are not thread-safe, and their error log is read
    try:
        root = etree.fromstring(data, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"cannot parse the page: {exc}") from None
    too_deep = any("Excessive depth" in e.message for e in parser.error_log)
    return root, too_deep


def parse(text: str) -> etree._Element:
    """Return the root ``<html>`` element of the page.

    The text is re-encoded to UTF-8 (lone surrogates replaced, control characters dropped),
    so an XML declaration inside a ``str`` and NUL bytes do not trip the parser. Text without
    any markup is read as plain text (JSON raises ``InputError``). Elements nested deeper than
    ``MAX_NESTING`` are unwrapped, their text kept.
    """
    if not text.strip():
        raise InputError("the page is empty")
    data = text.encode("utf-8", errors="replace")
    cleaned = text
    if len(data.translate(None, _CONTROL_BYTES)) < len(data):
        cleaned = _CONTROL.sub("", cleaned)
    if not _MARKUP.search(cleaned):
        cleaned = _plain_text_page(cleaned)
    cleaned = _cap_long_tags(cleaned)
    if cleaned is not text:
        data = cleaned.encode("utf-8", errors="replace")
    root, too_deep = _fromstring(data)
    if too_deep:
        root, too_deep = _fromstring(_flatten(cleaned).encode("utf-8", errors="replace"))
        if too_deep:
            raise InputError("the page is nested too deeply to read")
    if root is None:
        raise InputError("the page has no markup lxml can read")
    return root
