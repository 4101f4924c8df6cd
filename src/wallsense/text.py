"""Small text helpers shared by the stages."""

from __future__ import annotations

import re

_WS = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+")


def normalize_ws(text: str) -> str:
    """Collapse every run of white space to one space and strip the ends."""
    return _WS.sub(" ", text).strip()


def fold(text: str) -> str:
    """Case- and space-folded text, for snippet matching."""
    return normalize_ws(text).casefold()


def tokens(text: str) -> list[str]:
    """Lowercased word tokens, as the public benchmarks count them."""
    return _TOKEN.findall(text.lower())
