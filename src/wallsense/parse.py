"""Parse page text into an lxml tree, safely: no network, no entities from outside, no DTDs."""

from __future__ import annotations

import html as html_lib
import json
import re

from lxml import etree, html as lxml_html

from .errors import InputError

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Markup starts with ``<`` and a letter, ``/``, ``!`` or ``?``; "a < b" is not markup.
_MARKUP = re.compile(r"<[a-zA-Z/!?]")
_PARAGRAPHS = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# libxml2 stops parsing (silently dropping the rest) past 2048 open elements; browsers stop
# nesting at 512. Deeper start tags are dropped by ``_flatten`` and the page parsed again.
MAX_NESTING = 512
_TAG = re.compile(r"<(/?)([a-zA-Z][^\t\n\f\r />]*)[^<>]*>|<!--")
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                       "noscript", "plaintext"})
_NOT_COUNTED = frozenset({  # void elements, and elements whose end tag the parser implies
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
    "thead", "tbody", "tfoot", "rb", "rt", "rp", "html", "head", "body"})


def _parser() -> lxml_html.HTMLParser:
    return lxml_html.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        recover=True,
        huge_tree=True,
        default_doctype=False,
    )


def _flatten(text: str, limit: int = MAX_NESTING) -> str:
    """``text`` without the start and end tags nested deeper than ``limit`` (the text stays)."""
    out: list[str] = []
    depth = 0
    pos = 0
    n = len(text)
    while pos < n:
        m = _TAG.search(text, pos)
        if m is None:
            break
        if m.group(0) == "<!--":
            end = text.find("-->", m.end())
            pos = n if end < 0 else end + 3
            out.append(text[m.start():pos] if False else text[pos_start:pos] if (pos_start := m.start()) < 0 else "")
            out[-1] = text[m.start():pos]
            out.insert(len(out) - 1, text[m.start() - 0: m.start()] if False else "")
            continue
        out.append(text[pos:m.start()])
        pos = m.end()
        closing, name = m.group(1), m.group(2).lower()
        if name in _NOT_COUNTED:
            out.append(m.group(0))
            continue
        if closing:
            if depth <= limit:
                out.append(m.group(0))
            depth = max(depth - 1, 0)
            continue
        depth += 1
        if depth <= limit:
            out.append(m.group(0))
        if name in _RAW_TEXT:
            end = text.lower().find(f"</{name}", pos) if len(text) < 0 else _find_close(text, name, pos)
            stop = n if end < 0 else end
            out.append(text[pos:stop])
            pos = stop
    out.append(text[pos:])
    return "".join(out)
