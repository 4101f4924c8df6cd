"""A fitted ``HistGradientBoostingClassifier`` compiled into flat arrays and predicted with numpy.

scikit-learn predicts one tree at a time, with a fixed cost of some 10 µs a tree however few the
rows; a page has a few hundred blocks and the model about a thousand trees, so that loop is most of
the cost. Here all trees of a model descend together, one level per round of numpy operations, and
no OpenMP thread is started.

The semantics follow scikit-learn 1.9's ``_predictor.pyx``: X as float64; NaN goes to the side
``missing_go_to_left`` names; otherwise ``x <= num_threshold`` goes left. Raw scores are the
baseline plus the leaf values, added in iteration order; probabilities are the softmax (multiclass)
or the logistic function (binary). A model with anything else (categorical splits, a preprocessor,
another loss) is refused with ``UnsupportedForest``.

Predicting needs numpy alone: scikit-learn (and threadpoolctl) are imported only to compile, so a
saved ``CompiledForest`` loads and predicts without them.

How the walk works: every distinct split (feature, threshold, missing side) of the model is tested
once per row up front, giving a splits × rows table of "goes right" (rows in chunks of
``CHUNK_ROWS``). A node's state is one integer, ``slot << shift | split * CHUNK_ROWS``, where
``slot`` is twice the node id: the low bits plus the row number index the table, and
``next_state[slot + goes_right]`` is the child's state. A leaf's two entries point back at the leaf,
so a tree that has reached its leaves may go on stepping. Trees are ordered deepest first, and
step ``s`` only touches the trees deeper than ``s``.

The same encoding is walked in C by the optional extension ``wallsense._walk`` (``_walk.c``), one
row and one tree at a time, when it was built; it is several times faster than the numpy walk and
adds the leaf values in the same order, so both give the same sums. ``KERNEL`` says which one
predicts; ``check_kernel`` (run on every model load) falls back to numpy if they ever disagree.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, fields

import numpy as np

from .errors import ModelError

try:
    from . import _walk
except ImportError:  # installed without a C compiler: the numpy walk predicts
    _walk = None

TOLERANCE = 1e-6
PROBE_ROWS = 16
# Rows walked together: bounds the working arrays (trees × rows) so they stay in cache.
CHUNK_BITS = 7
CHUNK_ROWS = 1 << CHUNK_BITS
# "c": the compiled walk of _walk.c predicts; "numpy": the numpy walk of _raw_chunk.
KERNEL = "c" if _walk is not None else "numpy"
_ARRAYS = {"baseline": (np.float64, 1), "split_feature": (np.int64, 1), "split_threshold": (np.float64, 1),
           "split_nan_right": (np.bool_, 1), "next_state": (np.int64, 1), "root_state": (np.int64, 1),
           "value": (np.float64, 1), "order": (np.int64, 2)}


class UnsupportedForest(ModelError):
    """The fitted model has a structure this compiler does not reproduce exactly."""


@dataclass(frozen=True, slots=True)
class CompiledForest:
    """All trees of one fitted model as flat arrays; see the module docstring for the encoding."""

    n_features: int
    n_classes: int
    baseline: np.ndarray  # (outputs,) float64; one output for a binary model
    split_feature: np.ndarray  # (splits,) intp
    split_threshold: np.ndarray  # (splits,) float64
    split_nan_right: np.ndarray  # (splits,) bool: NaN goes right
    next_state: np.ndarray  # (2 × nodes,) int64
    root_state: np.ndarray  # (trees,) int64, deepest tree first
    value: np.ndarray  # (nodes,) float64
    shift: int
    active: tuple[int, ...]  # trees deeper than s, for each step s
    order: np.ndarray  # (outputs, iterations): position of each tree among root_state

    def __post_init__(self) -> None:
        _check_encoding(self)

    def __setstate__(self, state: list) -> None:
        """Unpickling: the fields in order, then the checks a new forest gets."""
        for f, value in zip(fields(self), state):
            object.__setattr__(self, f.name, value)
        _check_encoding(self)

    def raw_predict(self, X: np.ndarray) -> np.ndarray:
        """Raw scores (rows × outputs), as scikit-learn's ``_raw_predict`` gives them."""
        X = np.ascontiguousarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.n_features:
            raise ValueError(f"X has shape {X.shape}, the forest expects (rows, {self.n_features})")
        if KERNEL == "c":
            return self._raw_c(X)
        return self._raw_numpy(X)

    def _raw_c(self, X: np.ndarray) -> np.ndarray:
        raw = np.empty((len(X), len(self.baseline)))
        raw[:] = self.baseline
        _walk.raw_predict(X, self.split_feature, self.split_threshold, self.split_nan_right,  # type: ignore[union-attr]
                          self.next_state, self.root_state, self.value, self.order, raw, len(X),
                          self.n_features, self.order.shape[1], len(self.baseline), self.shift, CHUNK_BITS)
        return raw

    def _raw_numpy(self, X: np.ndarray) -> np.ndarray:
        raw = np.empty((len(X), len(self.baseline)))
        for start in range(0, len(X), CHUNK_ROWS):
            raw[start:start + CHUNK_ROWS] = self._raw_chunk(X[start:start + CHUNK_ROWS])
        return raw

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Class probabilities (rows × classes), as ``predict_proba`` gives them."""
        raw = self.raw_predict(X)
        if self.n_classes == 2:
            proba = np.empty((len(raw), 2))
            with np.errstate(over="ignore"):  # exp(-x) is inf for very negative x: probability 0
                proba[:, 1] = 1 / (1 + np.exp(-raw[:, 0]))  # scipy's expit, as scikit-learn uses it
            proba[:, 0] = 1 - proba[:, 1]
            return proba
        raw -= raw.max(axis=1, keepdims=True)
        np.exp(raw, out=raw)
        raw /= raw.sum(axis=1, keepdims=True)
        return raw

    def _goes_right(self, X: np.ndarray) -> np.ndarray:
        """Splits × ``CHUNK_ROWS`` table: does row r go right at split k (columns past the rows unset)."""
        values = np.ascontiguousarray(X.T).take(self.split_feature, axis=0)
        table = np.empty((len(self.split_feature), CHUNK_ROWS), dtype=bool)
        right = table[:, :len(X)]
        np.greater(values, self.split_threshold[:, None], out=right)
        if np.isnan(X).any():
            right |= np.isnan(values) & self.split_nan_right[:, None]
        return table

    def _raw_chunk(self, X: np.ndarray) -> np.ndarray:
        rows, n_trees = len(X), len(self.root_state)
        right_table = self._goes_right(X).ravel()
        row_index = np.tile(np.arange(rows, dtype=np.int64), n_trees)
        state = np.repeat(self.root_state, rows)
        index = np.empty_like(state)
        right = np.empty(len(state), dtype=bool)
        split_mask = (1 << self.shift) - 1
        for trees in self.active:
            n = trees * rows
            s, i, r = state[:n], index[:n], right[:n]
            np.bitwise_and(s, split_mask, out=i)
            i += row_index[:n]
            right_table.take(i, out=r, mode="clip")
            np.right_shift(s, self.shift, out=i)
            i += r
            self.next_state.take(i, out=s, mode="clip")
        leaves = self.value.take(state >> (self.shift + 1)).reshape(n_trees, rows)
        terms = np.empty((len(self.order), self.order.shape[1] + 1, rows))
        terms[:, 0] = self.baseline[:, None]
        terms[:, 1:] = leaves[self.order]
        return np.add.reduce(terms, axis=1).T


def _check_encoding(forest: CompiledForest) -> None:
    """Refuse (``UnsupportedForest``) arrays that a walk could step out of: wrong dtypes or sizes,
    a split on a missing feature, a state outside the arrays, a child numbered before its parent.
    The arrays are made read-only, so the checked forest stays as checked."""
    for name, (dtype, ndim) in _ARRAYS.items():
        a = getattr(forest, name)
        if not isinstance(a, np.ndarray) or a.dtype != dtype or a.ndim != ndim or not a.flags.c_contiguous:
            raise UnsupportedForest(f"the forest's {name} is not a contiguous {ndim}-d {np.dtype(dtype)} array")
    nodes, splits, trees, outputs = len(forest.value), len(forest.split_feature), len(forest.root_state), \
        len(forest.baseline)
    shift = forest.shift
    if len(forest.next_state) != 2 * nodes or len(forest.split_threshold) != splits \
            or len(forest.split_nan_right) != splits or forest.order.shape != (outputs, trees // max(outputs, 1)) \
            or not np.array_equal(np.sort(forest.order, axis=None), np.arange(trees)):
        raise UnsupportedForest("the forest's arrays differ in length")
    if forest.n_classes != (2 if outputs == 1 else outputs) or not 0 < shift <= 60 \
            or (2 * nodes) >> (62 - shift) or ((forest.split_feature < 0) | (forest.split_feature >= forest.n_features)).any():
        raise UnsupportedForest("the forest's classes, shift or split features are out of range")
    if any(not 0 <= a <= trees for a in forest.active) or list(forest.active) != sorted(forest.active, reverse=True):
        raise UnsupportedForest("the forest's tree depths are out of range")
    states = np.concatenate([forest.next_state, forest.root_state])
    node, low = states >> (shift + 1), states & ((1 << shift) - 1)
    if ((states < 0) | (node >= nodes) | (low % CHUNK_ROWS != 0)).any():
        raise UnsupportedForest("a state of the forest is out of range")
    # a state is a leaf's own state (the walk stops there) or names a split the walk can read
    if ((forest.next_state[2 * node] != states) & (low // CHUNK_ROWS >= splits)).any():
        raise UnsupportedForest("a state of the forest names a missing split")
    left, right = forest.next_state[0::2] >> (shift + 1), forest.next_state[1::2] >> (shift + 1)
    ids = np.arange(nodes)
    leaf = (forest.next_state[0::2] == forest.next_state[1::2]) & (left == ids)
    if not (leaf | ((left > ids) & (right > ids))).all():
        raise UnsupportedForest("a child of the forest is numbered before its parent")
    for name in _ARRAYS:
        getattr(forest, name).flags.writeable = False


def _check_model(model: object) -> tuple[int, int]:
    """(n_features, n_classes) of a model this compiler reproduces, else ``UnsupportedForest``."""
    from sklearn._loss.loss import HalfBinomialLoss, HalfMultinomialLoss
    from sklearn.ensemble import HistGradientBoostingClassifier

    if not isinstance(model, HistGradientBoostingClassifier):
        raise UnsupportedForest(f"only a HistGradientBoostingClassifier compiles, not {type(model).__name__}")
    predictors = getattr(model, "_predictors", None)
    if not predictors:
        raise UnsupportedForest("the model is not fitted")
    if getattr(model, "_preprocessor", None) is not None or getattr(model, "is_categorical_", None) is not None:
        raise UnsupportedForest("the model has categorical features")
    n_classes = len(model.classes_)
    loss = type(getattr(model, "_loss", None))
    if loss is not (HalfBinomialLoss if n_classes == 2 else HalfMultinomialLoss):
        raise UnsupportedForest(f"loss {loss.__name__} with {n_classes} classes is not supported")
    outputs = 1 if n_classes == 2 else n_classes
    if model.n_trees_per_iteration_ != outputs or np.shape(model._baseline_prediction) != (1, outputs):
        raise UnsupportedForest("trees per iteration or the baseline do not match the classes")
    if any(len(iteration) != outputs for iteration in predictors):
        raise UnsupportedForest("an iteration has the wrong number of trees")
    return int(model.n_features_in_), n_classes


_FIELDS = ("value", "feature_idx", "num_threshold", "missing_go_to_left", "left", "right", "is_leaf",
           "is_categorical")


def _joined_nodes(predictors: list) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Each node field over all trees, in tree order, and the number of nodes of each tree."""
    nodes = [p.nodes for iteration in predictors for p in iteration]
    for tree in nodes:
        if tree.dtype.names is None or not set(_FIELDS) <= set(tree.dtype.names) or not len(tree):
            raise UnsupportedForest("tree nodes lack fields the compiler reads")
    return {name: np.concatenate([tree[name] for tree in nodes]) for name in _FIELDS}, \
        np.array([len(tree) for tree in nodes])


def compile_forest(model: object) -> CompiledForest:
    """Compile a fitted ``HistGradientBoostingClassifier``; raises ``UnsupportedForest`` if it cannot."""
    n_features, n_classes = _check_model(model)
    predictors = model._predictors  # type: ignore[attr-defined]
    col, sizes = _joined_nodes(predictors)
    first = np.cumsum(sizes) - sizes
    ids = np.arange(len(col["value"]))
    start, end = np.repeat(first, sizes), np.repeat(first + sizes, sizes)
    inner = ~col["is_leaf"].astype(bool)
    left = np.where(inner, col["left"].astype(np.int64) + start, ids)
    right = np.where(inner, col["right"].astype(np.int64) + start, ids)
    feature = np.where(inner, col["feature_idx"].astype(np.int64), 0)
    threshold = np.where(inner, col["num_threshold"].astype(np.float64), 0.0)
    if col["is_categorical"][inner].any():
        raise UnsupportedForest("the model has categorical splits")
    if ((feature < 0) | (feature >= n_features)).any() or np.isnan(threshold).any():
        raise UnsupportedForest("a split has an unknown feature or a NaN threshold")
    # a tree as scikit-learn writes it: children after their parent, every node but the root has one
    if (inner & ((left <= ids) | (right <= ids) | (left >= end) | (right >= end))).any():
        raise UnsupportedForest("tree children are not numbered after their parent")
    parents = np.bincount(np.concatenate([left[inner], right[inner]]), minlength=len(ids))
    if (parents != np.where(ids == start, 0, 1)).any():
        raise UnsupportedForest("a node is not reached from its tree's root exactly once")
    depth = np.zeros(len(ids), dtype=np.int64)
    for _ in range(int(sizes.max())):
        deeper = depth.copy()
        deeper[left[inner]] = deeper[right[inner]] = depth[inner] + 1
        if np.array_equal(deeper, depth):
            break
        depth = deeper
    tree_depth = np.maximum.reduceat(depth, first)

    keys = np.stack([feature, threshold, inner & col["missing_go_to_left"].astype(bool)]).astype(np.float64)
    splits, inverse = np.unique(keys[:, inner], axis=1, return_inverse=True)
    split_of = np.zeros(len(ids), dtype=np.int64)
    split_of[inner] = inverse.reshape(-1)
    shift = max(1, int(splits.shape[1] * CHUNK_ROWS - 1).bit_length())
    if (2 * len(ids)) >> (62 - shift):
        raise UnsupportedForest("the model is too large to encode")
    state = (2 * ids) << shift | split_of * CHUNK_ROWS
    next_state = np.empty(2 * len(ids), dtype=np.int64)
    next_state[0::2] = state[left]
    next_state[1::2] = state[right]

    by_depth = np.argsort(-tree_depth, kind="stable")
    position = np.empty_like(by_depth)
    position[by_depth] = np.arange(len(by_depth))
    return CompiledForest(
        n_features=n_features, n_classes=n_classes,
        baseline=np.asarray(model._baseline_prediction, dtype=np.float64).reshape(-1),  # type: ignore[attr-defined]
        split_feature=splits[0].astype(np.int64), split_threshold=splits[1].copy(),
        split_nan_right=splits[2] == 0, next_state=next_state, root_state=state[first[by_depth]],
        value=col["value"].astype(np.float64), shift=shift,
        active=tuple(int((tree_depth > s).sum()) for s in range(int(tree_depth.max()))),
        order=position.reshape(len(predictors), len(predictors[0])).T.copy(),
    )


def probe_matrix(forest: CompiledForest) -> np.ndarray:
    """``PROBE_ROWS`` rows on, just above and just below the forest's thresholds, with NaN and ±inf."""
    X = np.zeros((PROBE_ROWS, forest.n_features))
    for f in range(forest.n_features):
        t = np.unique(forest.split_threshold[forest.split_feature == f])
        t = t[np.isfinite(t)]
        if not len(t):
            continue
        picks = t[np.linspace(0, len(t) - 1, 6).round().astype(int)]
        X[0:6, f] = picks
        X[6:12, f] = np.nextafter(picks, np.inf)
        X[12, f] = t[(7 * f) % len(t)]
        X[15, f] = np.nextafter(t[(3 * f) % len(t)], -np.inf)
    X[12, 0::3] = np.nan
    X[13] = np.nan
    X[14, 0::2] = np.inf
    X[14, 1::2] = -np.inf
    X[15, 1::4] = np.nan
    return X


def compile_verified(model: object) -> CompiledForest:
    """The compiled model, checked against ``model.predict_proba`` on a probe; else ``UnsupportedForest``."""
    from threadpoolctl import threadpool_limits

    forest = compile_forest(model)
    probe = probe_matrix(forest)
    try:
        with threadpool_limits(limits=1, user_api="openmp"):
            expected = model.predict_proba(probe)  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - a model that cannot predict the probe is not compiled
        raise UnsupportedForest(f"the model cannot predict the probe rows: {exc}") from None
    got = forest.predict_proba(probe)
    if got.shape != expected.shape:
        raise UnsupportedForest(f"compiled probabilities have shape {got.shape}, scikit-learn's {expected.shape}")
    error = float(np.max(np.abs(got - expected), initial=0.0))
    if not error <= TOLERANCE:
        raise UnsupportedForest(f"compiled probabilities differ from scikit-learn's by {error:.3g}")
    return forest


def check_kernel(forest: CompiledForest) -> str:
    """The walk that predicts ``forest``: "c" once the C walk gave exactly the numpy walk's raw
    scores on the probe rows, else "numpy".

    If they disagree (or the C walk refuses the arrays), a warning says so and ``KERNEL`` falls
    back to numpy for every forest.
    """
    global KERNEL
    if KERNEL != "c":
        return "numpy"
    probe = probe_matrix(forest)
    try:
        agree = np.array_equal(forest._raw_c(probe), forest._raw_numpy(probe))
    except (ValueError, TypeError) as exc:  # TypeError: a _walk built from another version of _walk.c
        agree, why = False, str(exc)
    else:
        why = "the C and numpy walks give different scores"
    if agree:
        return "c"
    warnings.warn(f"wallsense predicts with the slower numpy walk: {why}", RuntimeWarning, stacklevel=2)
    KERNEL = "numpy"
    return "numpy"


def compile_checked(model: object) -> CompiledForest | None:
    """The compiled model if it compiles and agrees with ``model.predict_proba`` on a probe, else None."""
    try:
        return compile_verified(model)
    except UnsupportedForest:
        return None
