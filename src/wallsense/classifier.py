"""The block classifier: gradient boosting on block features, then a second pass that reads the
first pass's probabilities of the neighbouring blocks and of the block's container.

``BlockClassifier`` fits with scikit-learn; ``CompiledClassifier`` is what a fitted one compiles to
(numpy arrays and plain values only) and what is saved, loaded and predicted with. This module
imports scikit-learn only inside ``fit``, so loading and predicting never import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

import numpy as np

from .forest import CompiledForest, UnsupportedForest, compile_verified
from .records import LABELS

if TYPE_CHECKING:
    from sklearn.ensemble import HistGradientBoostingClassifier

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


def _spread(proba: np.ndarray | None, classes: Sequence[int] | np.ndarray, rows: int) -> np.ndarray:
    """Probabilities over a model's classes as blocks × ``LABELS`` (float32, 0 for unseen labels)."""
    out = np.zeros((rows, N_LABELS), dtype=np.float32)
    if rows:
        out[:, classes] = proba
    return out


@dataclass(frozen=True, slots=True)
class CompiledClassifier:
    """A fitted ``BlockClassifier`` as numpy forests: predicts the same, needs no scikit-learn.

    ``first_classes`` (``second_classes``) are the label indices of the columns of the first
    (second) pass's probabilities; ``second`` is None for a classifier fitted without ``smooth``.
    """

    first: CompiledForest
    first_classes: tuple[int, ...]
    second: CompiledForest | None = None
    second_classes: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if len(self.first_classes) != self.first.n_classes:
            raise UnsupportedForest("the first pass's classes do not match its forest")
        if self.second is not None and (
                len(self.second_classes) != self.second.n_classes
                or self.second.n_features != self.first.n_features + len(CONTEXT_NAMES)):
            raise UnsupportedForest("the second pass's classes or features do not match the first pass")

    def predict_proba(self, page: PageMatrix) -> np.ndarray:
        """Label probabilities (blocks × ``LABELS``) for the blocks of one page."""
        rows = len(page.X)
        first = _spread(self.first.predict_proba(page.X) if rows else None, self.first_classes, rows)
        if self.second is None or not rows:
            return first
        X2 = np.hstack([page.X, context_features(first, page.containers)])
        return _spread(self.second.predict_proba(X2), self.second_classes, rows)


def _booster(random_state: int, max_iter: int, learning_rate: float) -> HistGradientBoostingClassifier:
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        max_iter=max_iter, learning_rate=learning_rate, max_leaf_nodes=31, min_samples_leaf=20,
        l2_regularization=1.0, early_stopping=False, random_state=random_state,
    )


class BlockClassifier:
    """Two-pass block labeller. ``fit`` returns ``self``; fitted attributes end in ``_``.

    ``compile()`` gives the ``CompiledClassifier`` that is saved; ``predict_proba`` predicts with it,
    or with scikit-learn for a model that does not compile.
    """

    def __init__(self, *, max_iter: int = 110, learning_rate: float = 0.1, smooth: bool = True,
                 folds: int = 3, random_state: int = 0, first_max_iter: int | None = None,
                 first_learning_rate: float | None = None) -> None:
        # max_iter, learning_rate: the second (final) pass. The first pass only gives the second
        # its neighbours' probabilities and can be smaller, with fewer trees to walk per page;
        # first_max_iter, first_learning_rate set it (None: as the second pass).
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.first_max_iter = first_max_iter
        self.first_learning_rate = first_learning_rate
        self.smooth = smooth
        self.folds = folds
        self.random_state = random_state
        self._compiled: CompiledClassifier | str | None = None  # or why it does not compile

    def __getstate__(self) -> dict:
        """The pickled state: the compiled classifier is a cache, rebuilt when needed."""
        state = self.__dict__.copy()
        state.pop("_compiled", None)
        return state

    def fit(self, pages: Sequence[PageMatrix], labels: Sequence[np.ndarray],
            groups: Sequence[str], weights: Sequence[np.ndarray] | None = None) -> "BlockClassifier":
        """Fit on pages of blocks.

        ``labels`` holds label indices into ``LABELS`` per block, -1 for blocks whose label is
        unknown (they give context to their neighbours but are not learned from); ``groups`` names
        each page's publisher, so the second pass learns from out-of-publisher probabilities.
        """
        from sklearn.model_selection import GroupKFold

        self._compiled = None
        X = np.vstack([p.X for p in pages])
        y = np.concatenate(labels)
        w = np.concatenate(weights) if weights is not None else np.ones(len(y), dtype=np.float32)
        known = y >= 0
        page_of_row = np.repeat(np.arange(len(pages)), [len(p.X) for p in pages])
        first_params = (self.random_state, self.first_max_iter or self.max_iter,
                        self.first_learning_rate or self.learning_rate)
        self.first_ = _booster(*first_params)
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
                m = _booster(*first_params)
                m.fit(X[train], y[train], sample_weight=w[train])
                oof[test] = self._proba(m, X[test])
        ctx = []
        start = 0
        for p in pages:
            end = start + len(p.X)
            ctx.append(context_features(oof[start:end], p.containers))
            start = end
        X2 = np.hstack([X, np.vstack(ctx)])
        self.second_ = _booster(self.random_state, self.max_iter, self.learning_rate)
        self.second_.fit(X2[known], y[known], sample_weight=w[known])
        return self

    @staticmethod
    def _proba(model: HistGradientBoostingClassifier, X: np.ndarray) -> np.ndarray:
        return _spread(model.predict_proba(X) if len(X) else None, model.classes_, len(X))

    def compile(self) -> CompiledClassifier:
        """Both passes as numpy forests, each checked against scikit-learn on probe rows (once).

        Raises ``UnsupportedForest`` (a ``ModelError``), saying why, for a model that does not compile.
        """
        if not hasattr(self, "first_"):
            raise UnsupportedForest("the classifier is not fitted")
        compiled = getattr(self, "_compiled", None)  # absent after unpickling
        if compiled is None:
            try:
                second = self.second_
                compiled = CompiledClassifier(
                    first=compile_verified(self.first_),
                    first_classes=tuple(int(c) for c in self.first_.classes_),
                    second=None if second is None else compile_verified(second),
                    second_classes=() if second is None else tuple(int(c) for c in second.classes_))
            except UnsupportedForest as exc:
                compiled = str(exc)
            self._compiled = compiled
        if isinstance(compiled, str):
            raise UnsupportedForest(compiled)
        return compiled

    def predict_proba(self, page: PageMatrix) -> np.ndarray:
        """Label probabilities (blocks × ``LABELS``) for the blocks of one page."""
        try:
            return self.compile().predict_proba(page)
        except UnsupportedForest:
            pass
        first = self._proba(self.first_, page.X)
        if self.second_ is None or not len(page.X):
            return first
        return self._proba(self.second_, np.hstack([page.X, context_features(first, page.containers)]))
