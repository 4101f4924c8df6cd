"""Weak block labels for real corpus pages, from their gold text or with/without snippets.

Real pages only tell article from not-article. A block that would be ``other`` but carries wall
cues (wall phrases, wall-ish class names) stays unknown (-1): the corpus does not say which wall.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..corpus import CorpusPage
from ..features import FEATURE_NAMES
from ..records import LABELS, Block, Label
from ..text import fold, tokens

UNKNOWN = -1
ARTICLE = LABELS.index(Label.ARTICLE)
OTHER = LABELS.index(Label.OTHER)
_CUE_COLUMNS = [FEATURE_NAMES.index(n) for n in (
    "lex_paywall", "lex_adblock", "lex_consent", "lex_comments", "cls_anc_comment", "cls_anc_paywall",
    "cls_anc_consent", "cls_anc_adblock")]
MIN_MATCH_CHARS = 20


def _has_wall_cues(row: np.ndarray) -> bool:
    return bool(row[_CUE_COLUMNS].any())


def weak_labels(page: CorpusPage, blocks: Sequence[Block], X: np.ndarray) -> np.ndarray:
    """Label indices per block: article, other, or -1 where the gold data does not decide."""
    y = np.full(len(blocks), UNKNOWN, dtype=np.int64)
    if page.text:
        gold = fold(page.text)
        gold_lines = {fold(line) for line in page.text.splitlines() if line.strip()}
        gold_tokens = set(tokens(page.text))
        for i, b in enumerate(blocks):
            ft = fold(b.text)
            toks = tokens(b.text)
            if len(ft) >= MIN_MATCH_CHARS and ft in gold or ft in gold_lines:
                y[i] = ARTICLE
            elif not toks or sum(t in gold_tokens for t in toks) / len(toks) < 0.3:
                y[i] = OTHER
            elif len(ft) >= MIN_MATCH_CHARS and sum(t in gold_tokens for t in toks) / len(toks) < 0.5:
                y[i] = OTHER
    else:
        with_ = [fold(s) for s in page.with_ if s.strip()]
        without = [fold(s) for s in page.without if s.strip()]
        for i, b in enumerate(blocks):
            ft = fold(b.text)
            if any(s in ft or (len(ft) >= MIN_MATCH_CHARS and ft in s) for s in with_):
                y[i] = ARTICLE
            elif any(s in ft or ft == s for s in without):
                y[i] = OTHER
    for i in np.flatnonzero(y == OTHER):
        if _has_wall_cues(X[i]):
            y[i] = UNKNOWN
    return y
