"""The block classifier: gradient boosting on block features, then a second pass that reads the
first pass's probabilities of the neighbouring blocks and of the block's container."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import GroupKFold

from .forest import CompiledForest, compile_checked
from .records import LABELS

N_LABELS = len(LABELS)
CONTEXT_NAMES: tuple[str, ...] = tuple(
    f"{where}_{lab.value}"
    for where in ("self", "prev", "next", "window", "siblings", "page_max")
    for lab in LABELS
)


@dataclass(frozen=True, slots=True)
class PageMatrix:
    """One page's features, with the container id of every block (for the second pass)."""

    X: np.ndarray
    containers: np.ndarray


def context_features(proba: np.ndarray, containers: np.ndarray) -> np.ndarray:
    """Neighbour and container context from first-pass probabilities of one page's blocks."""
    n = len(proba)
    out = np.zeros((n, len(CONTEXT_NAMES)), dtype=np.float32)
    if n == 0:
        return out
    k = N_LABELS
    out[:, 0:k] = proba
    out[1:, k:2 * k] = proba[:-1]
    out[:-1, 2 * k:3 * k] = proba[1:]
    csum = np.vstack([np.zeros((1, k)), np.cumsum(proba, axis=0)])
    lo = np.clip(np.arange(n) - 3, 0, n)
    hi = np.clip(np.arange(n) + 4, 0, n)
    out[:, 3 * k:4 * k] = (csum[hi] - csum[lo]) / (hi - lo)[:, None]
    _, inverse, counts = np.unique(containers, return_inverse=True, return_counts=True)
    sums = np.zeros((len(counts), k))
    np.add.at(sums, inverse, proba)
    out[:, 4 * k:5 * k] = sums[inverse] / counts[inverse][:, None]
    out[:, 5 * k:6 * k] = proba.max(axis=0)
    return out


def _booster(random_state: int, max_iter: int, learning_rate: float) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(
        max_iter=max_iter, learning_rate=learning_rate, max_leaf_nodes=31, min_samples_leaf=20,
        l2_regularization=1.0, early_stopping=False, random_state=random_state,
    )


class BlockClassifier:
    """Two-pass block labeller. ``fit`` returns ``self``; fitted attributes end in ``_``."""

    def __init__(self, *, max_iter: int = 150, learning_rate: float = 0.1, smooth: bool = True,
                 folds: int = 3, random_state: int = 0) -> None:
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.smooth = smooth
        self.folds = folds
        self.random_state = random_state
        self._forests: tuple[CompiledForest | None, CompiledForest | None] | None = None

    def __getstate__(self) -> dict:
        """The pickled state: the compiled forests are a cache, rebuilt after loading."""
        state = self.__dict__.copy()
        state.pop("_forests", None)
        return state

    def fit(self, pages: Sequence[PageMatrix], labels: Sequence[np.ndarray],
            groups: Sequence[str], weights: Sequence[np.ndarray] | None = None) -> "BlockClassifier":
        """Fit on pages of blocks.

        ``labels`` holds label indices into ``LABELS`` per block, -1 for blocks whose label is
        unknown (they give context to their neighbours but are not learned from); ``groups`` names
        each page's publisher, so the second pass learns from out-of-publisher probabilities.
        """
        self._forests = None
        X = np.vstack([p.X for p in pages])
        y = np.concatenate(labels)
        w = np.concatenate(weights) if weights is not None else np.ones(len(y), dtype=np.float32)
        known = y >= 0
        page_of_row = np.repeat(np.arange(len(pages)), [len(p.X) for p in pages])
        self.first_ = _booster(self.random_state, self.max_iter, self.learning_rate)
        self.first_.fit(X[known], y[known], sample_weight=w[known])
        self.classes_ = np.arange(N_LABELS)
        self.second_ = None
        if not self.smooth:
            return self
        group_ids = np.array([groups[i] for i in page_of_row])
        oof = np.zeros((len(X), N_LABELS), dtype=np.float32)
        n_folds = min(self.folds, len(set(groups)))
        if n_folds < 2:
            oof = self._proba(self.first_, X)
        else:
            for train, test in GroupKFold(n_splits=n_folds).split(X, y, group_ids):
                train = train[known[train]]
                m = _booster(self.random_state, self.max_iter, self.learning_rate)
                m.fit(X[train], y[train], sample_weight=w[train])
                oof[test] = self._proba(m, X[test])
        ctx = []
        start = 0
        for p in pages:
            end = start + len(p.X)
            ctx.append(context_features(oof[start:end], p.containers))
            start = end
        X2 = np.hstack([X, np.vstack(ctx)])
        self.second_ = _booster(self.random_state, max(60, self.max_iter // 2), self.learning_rate)
        self.second_.fit(X2[known], y[known], sample_weight=w[known])
        return self

    @staticmethod
    def _proba(model: HistGradientBoostingClassifier, X: np.ndarray,
               forest: CompiledForest | None = None) -> np.ndarray:
        out = np.zeros((len(X), N_LABELS), dtype=np.float32)
        if len(X):
            out[:, model.classes_] = model.predict_proba(X) if forest is None else forest.predict_proba(X)
        return out

    def _compiled(self) -> tuple[CompiledForest | None, CompiledForest | None]:
        """Both passes compiled for numpy prediction (once); None where scikit-learn must predict."""
        if getattr(self, "_forests", None) is None:  # absent after unpickling
            second = compile_checked(self.second_) if self.second_ is not None else None
            self._forests = (compile_checked(self.first_), second)
        return self._forests

    def predict_proba(self, page: PageMatrix) -> np.ndarray:
        """Label probabilities (blocks × ``LABELS``) for the blocks of one page."""
        first_forest, second_forest = self._compiled()
        first = self._proba(self.first_, page.X, first_forest)
        if self.second_ is None or not len(page.X):
            return first
        X2 = np.hstack([page.X, context_features(first, page.containers)])
        return self._proba(self.second_, X2, second_forest)
