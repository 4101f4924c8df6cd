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


def guess_lang(text: str) -> str | None:
    """The language whose stopwords are most frequent in ``text`` (None for too little text)."""
    from .lexicons import STOPWORDS

    words = tokens(text[:20000])
    if len(words) < 8:
        return None
    best, best_n = None, 0
    for lang, stops in STOPWORDS.items():
        s = set(stops)
        n = sum(1 for w in words if w in s)
        if n > best_n:
            best, best_n = lang, n
    return best if best_n >= 3 else None
