"""Block-level and page-level scores, as plain records."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Sequence

import numpy as np

from ..records import LABELS, WALL_KINDS


@dataclass(frozen=True, slots=True)
class LabelScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


def block_scores(y_true: np.ndarray, y_pred: np.ndarray) -> tuple[LabelScore, ...]:
    """Per-label precision, recall, F1 and support over blocks with a known label."""
    known = y_true >= 0
    t, p = y_true[known], y_pred[known]
    out = []
    for k, lab in enumerate(LABELS):
        tp = int(((t == k) & (p == k)).sum())
        fp = int(((t != k) & (p == k)).sum())
        fn = int(((t == k) & (p != k)).sum())
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out.append(LabelScore(lab.value, prec, rec, f1, int((t == k).sum())))
    return tuple(out)


def macro_f1(scores: Sequence[LabelScore]) -> float:
    """Mean F1 over the labels that have support."""
    present = [s.f1 for s in scores if s.support]
    return float(np.mean(present)) if present else 0.0


@dataclass(frozen=True, slots=True)
class KindScore:
    kind: str
    precision: float
    recall: float
    tp: int
    fp: int
    fn: int
    tn: int


def page_scores(truth: Sequence[frozenset[str]], found: Sequence[frozenset[str]]) -> tuple[KindScore, ...]:
    """Page-level precision and recall per wall kind (and ``truncated`` when present in the sets)."""
    out = []
    for kind in (*WALL_KINDS, "truncated"):
        tp = sum(1 for t, f in zip(truth, found) if kind in t and kind in f)
        fp = sum(1 for t, f in zip(truth, found) if kind not in t and kind in f)
        fn = sum(1 for t, f in zip(truth, found) if kind in t and kind not in f)
        tn = len(truth) - tp - fp - fn
        out.append(KindScore(kind, tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0,
                             tp, fp, fn, tn))
    return tuple(out)


def table(rows: Sequence[Any]) -> str:
    """A small fixed-width table of dataclass rows (floats to 3 places)."""
    if not rows:
        return "(none)"
    dicts = [asdict(r) for r in rows]
    keys = list(dicts[0])
    cells = [[f"{d[k]:.3f}" if isinstance(d[k], float) else str(d[k]) for k in keys] for d in dicts]
    widths = [max(len(k), *(len(c[i]) for c in cells)) for i, k in enumerate(keys)]
    line = lambda vals: "  ".join(v.rjust(w) if i else v.ljust(w) for i, (v, w) in enumerate(zip(vals, widths)))  # noqa: E731
    return "\n".join([line(keys)] + [line(c) for c in cells])
