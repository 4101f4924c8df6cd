"""Put labelled blocks together: the clean text and the block results."""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from . import lexicons
from .features import FEATURE_NAMES
from .records import LABELS, Block, BlockResult, Label
from .text import fold

_UI = frozenset(fold(p) for p in lexicons.UI_TEXT)
_AD_LABELS = frozenset(fold(p) for ps in lexicons.PHRASES["adlabel"].values() for p in ps)
_TEASER_LEAD = re.compile("|".join(re.escape(fold(p)) for p in lexicons.TEASER_LEADS) + r"(?!\w)")
_CAPTION_LEAD = re.compile(
    "(?:" + "|".join(re.escape(fold(p)) for p in lexicons.CAPTION_LEADS) + ")"
    + "|(?:" + "|".join(re.escape(fold(p)) for p in lexicons.NUMBERED_CAPTION_LEADS) + r")\s*\d")
_CREDIT = re.compile("|".join(re.escape(fold(p)) for p in lexicons.CREDIT_MARKERS))
TEASER_MAX_CHARS = 200   # a teaser lead-in followed by more than this is read as article prose
CAPTION_MAX_CHARS = 300
CREDIT_MAX_CHARS = 200
_SIGNAL_PREFIXES = ("cls_self_", "lex_", "style_", "in_", "container_lex_")
_SIGNAL_COLUMNS = tuple(i for i, n in enumerate(FEATURE_NAMES)
                        if n.startswith(_SIGNAL_PREFIXES) and not n.endswith("_density"))
_SIGNAL_NAMES = tuple(FEATURE_NAMES[i] for i in _SIGNAL_COLUMNS)
MAX_SIGNALS = 6


def _signals(X: np.ndarray) -> list[tuple[str, ...]]:
    """Per block, the names of its strongest positive signal features (ties in column order)."""
    if not len(X):
        return []
    S = X[:, _SIGNAL_COLUMNS]
    order = np.argsort(-S, axis=1, kind="stable")[:, :MAX_SIGNALS]
    positive = np.take_along_axis(S, order, axis=1) > 0  # NaN sorts last and is not positive
    names = _SIGNAL_NAMES
    return [tuple(names[j] for j, ok in zip(cols, oks) if ok)
            for cols, oks in zip(order.tolist(), positive.tolist())]


def block_results(blocks: Sequence[Block], proba: np.ndarray, X: np.ndarray) -> tuple[BlockResult, ...]:
    """Label every block with its most probable label; furniture text is never article."""
    out = []
    best = proba.argmax(axis=1) if len(blocks) else np.zeros(0, dtype=int)
    for b, k, p, signals in zip(blocks, best, proba, _signals(X)):
        label = LABELS[int(k)]
        if label is Label.ARTICLE and _is_furniture(b.text):
            label = Label.OTHER
        out.append(BlockResult(index=b.index, text=b.text, label=label, probability=float(p[int(k)]),
                               path=b.path, tag=b.tag, signals=signals))
    return tuple(out)


def _is_furniture(text: str) -> bool:
    """UI words, ad labels, teaser lead-ins ("Lesen Sie auch: ..."), picture captions and credits."""
    low = fold(text).strip(" :|-–>»›")
    if len(low) <= 2 or low in _UI or low in _AD_LABELS:
        return True
    n = len(low)
    return bool((n <= TEASER_MAX_CHARS and _TEASER_LEAD.match(low))
                or (n <= CAPTION_MAX_CHARS and _CAPTION_LEAD.match(low))
                or (n <= CREDIT_MAX_CHARS and _CREDIT.search(low)))


def article_text(results: Sequence[BlockResult]) -> str:
    """Article blocks in document order, paragraphs separated by blank lines, repeats dropped."""
    parts: list[str] = []
    seen: set[str] = set()
    for r in results:
        if r.label is not Label.ARTICLE:
            continue
        key = r.text.casefold()  # block texts are whitespace-normalized: as fold()
        if key in seen and len(key) > 0:
            continue
        seen.add(key)
        parts.append(r.text)
    return "\n\n".join(parts)
