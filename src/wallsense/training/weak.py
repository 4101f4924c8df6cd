"""Weak block labels for real corpus pages, from their gold text or with/without snippets.

Real pages only tell article from not-article. A block that would be ``other`` but carries wall
cues (wall phrases, wall-ish class names) is given that wall's label when the cues name exactly one
kind of wall and are strong: a class name of that kind, or phrases in a sentence of six words or more
that is not a link (a footer "Datenschutz" link is not a consent banner). A paywall needs both a phrase
and a class name, since donation and newsletter appeals share its words. Otherwise the block stays
unknown (-1): the corpus does not say which wall.
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
_COL = {name: i for i, name in enumerate(FEATURE_NAMES)}
# Per wall kind: (its phrase column, its class-name column).
_CUES = {
    Label.PAYWALL: (_COL["lex_paywall"], _COL["cls_anc_paywall"]),
    Label.ADBLOCK: (_COL["lex_adblock"], _COL["cls_anc_adblock"]),
    Label.CONSENT: (_COL["lex_consent"], _COL["cls_anc_consent"]),
    Label.COMMENTS: (_COL["lex_comments"], _COL["cls_anc_comment"]),
}
_NEWSLETTER = _COL["lex_newsletter"]
_NEWSLETTER_CLASS = _COL["cls_anc_newsletter"]
_LOG_WORDS = _COL["log_words"]
_LINK_DENSITY = _COL["link_density"]
_MIN_LOG_WORDS = float(np.log1p(6))
MIN_MATCH_CHARS = 20


def _wall_label(row: np.ndarray) -> int | None:
    """The label for a not-article block with wall cues: UNKNOWN unless the cues name one kind."""
    named = [lab for lab, (lex, cls) in _CUES.items() if row[lex] > 0 or row[cls] > 0]
    if not named:
        return None
    if len(named) > 1 or row[_NEWSLETTER] > 0:
        return UNKNOWN
    lab = named[0]
    if lab is Label.PAYWALL and row[_NEWSLETTER_CLASS] > 0:
        return UNKNOWN  # "Blog per E-Mail abonnieren" widgets: subscribing, but not to read on
    lex, cls = _CUES[lab]
    if row[cls] > 0 and (row[lex] > 0 or lab is not Label.PAYWALL):
        return LABELS.index(lab)
    if lab is not Label.PAYWALL and row[_LOG_WORDS] >= _MIN_LOG_WORDS and row[_LINK_DENSITY] < 0.5:
        return LABELS.index(lab)  # a sentence of wall phrases, not a footer link ("Datenschutz")
    return UNKNOWN


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
        wall = _wall_label(X[i])
        if wall is not None:
            y[i] = wall
    return y
