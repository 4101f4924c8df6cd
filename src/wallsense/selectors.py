"""A small CSS selector subset compiled to XPath, for label files and schema.org ``cssSelector``.

Supported: type and ``*``, ``.class``, ``#id``, ``[a]``, ``[a=v]``, ``[a~=v]``, ``[a^=v]``,
``[a$=v]``, ``[a*=v]``, ``[a|=v]``, compound selectors, descendant and child combinators, and
comma lists. Anything else raises ``SelectorError``.
"""

from __future__ import annotations

import functools
import re

from lxml import etree

from .errors import WallsenseError


class SelectorError(WallsenseError, ValueError):
    """A selector uses syntax outside the supported subset."""


_TOKEN = re.compile(
    r"""
    (?P<ws>\s*>\s*|\s+)
  | (?P<type>\*|[a-zA-Z][a-zA-Z0-9-]*)
  | \.(?P<cls>-?[_a-zA-Z\u00a0-\uffff][\w\u00a0-\uffff-]*)
  | \#(?P<id>[\w\u00a0-\uffff-]+)
  | \[\s*(?P<attr>[\w:-]+)\s*(?:(?P<op>[~^$*|]?=)\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\]\s]+))\s*)?\]
    """,
    re.VERBOSE,
)


def _literal(value: str) -> str:
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    parts = value.split("'")
    return "concat(" + ", \"'\", ".join(f"'{p}'" for p in parts) + ")"


def _word_in(attr: str, word: str) -> str:
    return f"contains(concat(' ', normalize-space(@{attr}), ' '), {_literal(' ' + word + ' ')})"


def _attr_test(attr: str, op: str | None, value: str) -> str:
    lit = _literal(value)
    if op is None:
        return f"@{attr}"
    if op == "=":
        return f"@{attr}={lit}"
    if op == "~=":
        return _word_in(attr, value)
    if op == "^=":
        return f"starts-with(@{attr}, {lit})"
    if op == "$=":
        return f"substring(@{attr}, string-length(@{attr}) - {len(value)} + 1)={lit}"
    if op == "*=":
        return f"contains(@{attr}, {lit})"
    return f"(@{attr}={lit} or starts-with(@{attr}, {_literal(value + '-')}))"  # |=


def _compile_one(selector: str) -> str:
    steps: list[str] = []
    axis = "descendant-or-self::"
    tag = "*"
    tests: list[str] = []
    pos = 0
    text = selector.strip()
    if not text:
        raise SelectorError("empty selector")

    def close_step() -> None:
        cond = "".join(f"[{t}]" for t in tests)
        steps.append(f"{axis}{tag}{cond}")

    started = False
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise SelectorError(f"unsupported selector syntax at {text[pos:pos + 20]!r} in {selector!r}")
        pos = m.end()
        if m.group("ws") is not None:
            if not started:
                raise SelectorError(f"selector starts with a combinator: {selector!r}")
            close_step()
            axis = "/" if ">" in m.group("ws") else "/descendant::"
            tag, tests, started = "*", [], False
            continue
        started = True
        if m.group("type"):
            tag = m.group("type").lower()
        elif m.group("cls"):
            tests.append(_word_in("class", m.group("cls")))
        elif m.group("id"):
            tests.append(f"@id={_literal(m.group('id'))}")
        else:
            value = m.group("dq") if m.group("dq") is not None else (
                m.group("sq") if m.group("sq") is not None else (m.group("bare") or ""))
            tests.append(_attr_test(m.group("attr").lower(), m.group("op"), value))
    if not started:
        raise SelectorError(f"selector ends with a combinator: {selector!r}")
    close_step()
    return "".join(steps)


def _split_commas(selector: str) -> list[str]:
    parts, depth, quote, cur = [], 0, "", []
    for ch in selector:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur))
    return [p for p in (p.strip() for p in parts)]


@functools.lru_cache(maxsize=512)
def compile_selector(selector: str) -> etree.XPath:
    """Compile a CSS selector (comma lists allowed) to an ``lxml.etree.XPath``."""
    parts = _split_commas(selector)
    if not parts or any(not p for p in parts):
        raise SelectorError(f"empty part in selector {selector!r}")
    return etree.XPath(" | ".join(_compile_one(p) for p in parts))


def select(root: etree._Element, selector: str) -> list[etree._Element]:
    """The elements under (and including) ``root`` that ``selector`` matches, in document order."""
    return [e for e in compile_selector(selector)(root) if isinstance(e, etree._Element)]
