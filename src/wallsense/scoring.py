"""Text-level scores, by the conventions of the public extraction benchmarks.

Token scores: lowercase both texts, tokens are ``\\w+`` runs, overlap is the multiset
intersection; computed per page. Snippet scores: a ``with`` snippet found in the output is a true
positive, a ``without`` snippet found is a false positive (white space normalised, case ignored).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from .text import fold, tokens


@dataclass(frozen=True, slots=True)
class TokenScore:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class SnippetCounts:
    """Counts over the ``with``/``without`` snippets of one or many pages; add them up with ``+``."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def __add__(self, other: "SnippetCounts") -> "SnippetCounts":
        return SnippetCounts(self.tp + other.tp, self.fn + other.fn, self.fp + other.fp, self.tn + other.tn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def leak(self) -> float:
        """Share of ``without`` snippets that survived into the output."""
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def token_score(predicted: str, gold: str) -> TokenScore:
    """Token precision, recall and F1 of one page's output against its gold text."""
    pred, ref = Counter(tokens(predicted)), Counter(tokens(gold))
    overlap = sum((pred & ref).values())
    n_pred, n_ref = sum(pred.values()), sum(ref.values())
    if not n_pred and not n_ref:
        return TokenScore(1.0, 1.0, 1.0)
    p = overlap / n_pred if n_pred else 0.0
    r = overlap / n_ref if n_ref else 0.0
    return TokenScore(p, r, _f1(p, r))


def snippet_counts(predicted: str, with_: Iterable[str], without: Iterable[str]) -> SnippetCounts:
    """Snippet outcome counts for one page."""
    out = fold(predicted)
    tp = fn = fp = tn = 0
    for s in with_:
        if fold(s) in out:
            tp += 1
        else:
            fn += 1
    for s in without:
        if fold(s) in out:
            fp += 1
        else:
            tn += 1
    return SnippetCounts(tp, fn, fp, tn)


def mean_token_score(scores: Iterable[TokenScore]) -> TokenScore:
    """Per-page scores averaged over pages (the benchmarks' macro average)."""
    items = list(scores)
    if not items:
        return TokenScore(0.0, 0.0, 0.0)
    n = len(items)
    return TokenScore(sum(s.precision for s in items) / n, sum(s.recall for s in items) / n,
                      sum(s.f1 for s in items) / n)
