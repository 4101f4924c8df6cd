"""The compiled forests predict what scikit-learn predicts; a model that does not compile is refused
(and an in-memory ``BlockClassifier`` falls back to scikit-learn)."""

import dataclasses
import pickle

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from threadpoolctl import threadpool_limits

from wallsense import forest as forest_module
from wallsense.classifier import N_LABELS, BlockClassifier, CompiledClassifier, PageMatrix, context_features
from wallsense.decode import decode
from wallsense.forest import UnsupportedForest, compile_checked, compile_forest, compile_verified
from wallsense.metadata import page_facts
from wallsense.parse import parse
from wallsense.pipeline import page_matrix
from wallsense.segment import segment
from conftest import FIXTURES

TOL = 1e-6
FIXTURE_HTML = sorted(FIXTURES.glob("*/*.html"))[::6][:7]  # pages of several publishers
# The shipped model holds no scikit-learn reference, so the comparisons use conftest's small model
# fitted on the fixture pages of a few publishers (both passes, real features with their NaNs).


@pytest.fixture(scope="module", autouse=True)
def one_openmp_thread():
    """scikit-learn's reference predictions on one thread: its thread barriers are slow on a busy machine."""
    with threadpool_limits(limits=1, user_api="openmp"):
        yield


C_WALK = pytest.mark.skipif(forest_module._walk is None, reason="the C walk (wallsense._walk) is not built")
KERNELS = [pytest.param("c", marks=C_WALK), "numpy"]


@pytest.fixture(params=KERNELS)
def kernel(request, monkeypatch):
    """Each comparison with scikit-learn runs with the C walk and with the numpy walk."""
    monkeypatch.setattr(forest_module, "KERNEL", request.param)
    return request.param


def _matrix(path) -> PageMatrix:
    root = parse(decode(path.read_bytes(), None))
    return page_matrix(root, segment(root), page_facts(root))


def _sklearn_proba(clf: BlockClassifier, pm: PageMatrix) -> np.ndarray:
    first = clf._proba(clf.first_, pm.X)
    if clf.second_ is None or not len(pm.X):
        return first
    return clf._proba(clf.second_, np.hstack([pm.X, context_features(first, pm.containers)]))


def _assert_same(forest, model, X):
    got, expected = forest.predict_proba(X), model.predict_proba(X)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=0, atol=TOL)


@pytest.fixture(scope="module")
def fitted(small_fitted) -> BlockClassifier:
    return small_fitted[0]


@pytest.fixture(scope="module")
def compiled(fitted):
    c = fitted.compile()
    assert c.second is not None
    return c.first, c.second


@pytest.fixture(scope="module")
def fixture_matrices():
    if not FIXTURE_HTML:
        pytest.skip("no fixture pages")
    return [_matrix(p) for p in FIXTURE_HTML]


@pytest.mark.parametrize("index", range(len(FIXTURE_HTML)), ids=[p.stem[:30] for p in FIXTURE_HTML])
def test_fitted_model_matches_sklearn_on_fixture_pages(fitted, compiled, fixture_matrices, index, kernel):
    pm = fixture_matrices[index]
    clf = fitted
    _assert_same(compiled[0], clf.first_, pm.X)
    first = clf._proba(clf.first_, pm.X)
    _assert_same(compiled[1], clf.second_, np.hstack([pm.X, context_features(first, pm.containers)]))
    np.testing.assert_allclose(clf.predict_proba(pm), _sklearn_proba(clf, pm), rtol=0, atol=TOL)
    np.testing.assert_array_equal(clf.compile().predict_proba(pm), clf.predict_proba(pm))


def test_nan_inf_huge_and_threshold_values(fitted, compiled, fixture_matrices, kernel):
    X = np.vstack([pm.X for pm in fixture_matrices]).astype(np.float64)[:300]
    rng = np.random.default_rng(0)
    for value in (np.nan, np.inf, -np.inf, 1e300, -1e300, 3.4e38):
        rows = rng.integers(0, len(X), 40)
        cols = rng.integers(0, X.shape[1], 40)
        X[rows, cols] = value
    X[:8] = np.nan
    # values exactly on, and one step either side of, the thresholds the model splits at
    f, t = compiled[0].split_feature, compiled[0].split_threshold
    finite = np.isfinite(t)
    for k, step in enumerate((0.0, np.inf, -np.inf)):
        on = X[8 + 10 * k:18 + 10 * k]
        picks = rng.choice(np.flatnonzero(finite), (len(on), 60))
        for r, row_picks in enumerate(picks):
            on[r, f[row_picks]] = t[row_picks] if step == 0.0 else np.nextafter(t[row_picks], step)
    clf = fitted
    _assert_same(compiled[0], clf.first_, X)
    ctx = context_features(clf._proba(clf.first_, X), np.zeros(len(X), dtype=np.int64))
    _assert_same(compiled[1], clf.second_, np.hstack([X, ctx]))


def test_float32_input_and_many_rows(fitted, compiled, fixture_matrices, kernel):
    X = np.vstack([pm.X for pm in fixture_matrices] * 2)
    assert X.dtype == np.float32 and len(X) > 2 * forest_module.CHUNK_ROWS
    _assert_same(compiled[0], fitted.first_, X)


def test_empty_page(model, fitted):
    clf = model.classifier
    assert isinstance(clf, CompiledClassifier)
    empty = PageMatrix(X=np.zeros((0, clf.first.n_features), dtype=np.float32),
                       containers=np.zeros(0, dtype=np.int64))
    assert clf.predict_proba(empty).shape == (0, N_LABELS)
    assert clf.first.predict_proba(empty.X).shape == (0, N_LABELS)
    assert fitted.predict_proba(empty).shape == (0, N_LABELS)


def _data_with_missing(n_classes, seed=0, n=600, width=6):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, width))
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0.5).astype(int) + (X[:, 2] > 1).astype(int)
    missing = rng.random(X.shape) < 0.15
    # missing values that mean a high class in one column and a low class in another, so that
    # the trees send NaN left at some splits and right at others
    y = np.where(missing[:, 0], 3, y)
    y = np.where(missing[:, 1], 0, y)
    X[missing] = np.nan
    return X, np.minimum(y, n_classes - 1)


@pytest.mark.parametrize("n_classes", [4, 2], ids=["multiclass", "binary"])
def test_small_fitted_model_with_missing_values(n_classes, kernel):
    X, y = _data_with_missing(n_classes)
    model = HistGradientBoostingClassifier(max_iter=25, max_leaf_nodes=15, random_state=0).fit(X, y)
    forest = compile_forest(model)
    nodes = np.concatenate([p.nodes for it in model._predictors for p in it])
    inner = nodes[nodes["is_leaf"] == 0]
    assert set(inner["missing_go_to_left"]) == {0, 1}
    test, _ = _data_with_missing(n_classes, seed=1, n=400)
    test[:5, :] = np.nan
    test[5:10, :] = np.inf
    test[10:15, :] = -np.inf
    _assert_same(forest, model, test)
    assert compile_checked(model) is not None


def test_single_leaf_trees(kernel):
    X = np.random.default_rng(0).normal(size=(30, 3))
    y = np.arange(30) % 3
    model = HistGradientBoostingClassifier(max_iter=3, min_samples_leaf=30, random_state=0).fit(X, y)
    forest = compile_forest(model)
    assert forest.active == ()
    _assert_same(forest, model, X)


def _categorical_model():
    rng = np.random.default_rng(0)
    X = np.column_stack([rng.integers(0, 5, 400), rng.normal(size=400)])
    y = X[:, 0].astype(int) % N_LABELS
    y[:N_LABELS] = np.arange(N_LABELS)
    return HistGradientBoostingClassifier(max_iter=10, categorical_features=[0], random_state=0).fit(X, y), X


def test_categorical_model_is_refused_and_the_classifier_falls_back():
    cat, X = _categorical_model()
    with pytest.raises(UnsupportedForest, match="categorical"):
        compile_forest(cat)
    assert compile_checked(cat) is None
    clf = BlockClassifier(smooth=False)
    clf.first_, clf.second_, clf.classes_ = cat, None, np.arange(N_LABELS)
    pm = PageMatrix(X=X[:50].astype(np.float32), containers=np.zeros(50, dtype=np.int64))
    np.testing.assert_array_equal(clf.predict_proba(pm), clf._proba(cat, pm.X))
    with pytest.raises(UnsupportedForest, match="categorical"):
        clf.compile()


def test_other_estimators_are_refused():
    X, y = _data_with_missing(2)
    with pytest.raises(UnsupportedForest):
        compile_forest(HistGradientBoostingRegressor(max_iter=3).fit(X, y))
    with pytest.raises(UnsupportedForest, match="not fitted"):
        compile_forest(HistGradientBoostingClassifier())


def test_a_compiled_forest_that_disagrees_with_sklearn_is_not_used(monkeypatch):
    X, y = _data_with_missing(4)
    model = HistGradientBoostingClassifier(max_iter=10, random_state=0).fit(X, y)
    real = forest_module.compile_forest

    def off_by_a_little(m):
        f = real(m)
        nudged = f.baseline + np.eye(len(f.baseline))[0] * 1e-3
        return dataclasses.replace(f, baseline=nudged)

    monkeypatch.setattr(forest_module, "compile_forest", off_by_a_little)
    assert compile_checked(model) is None
    with pytest.raises(UnsupportedForest, match="differ"):
        compile_verified(model)


def _random_pages(seed, n_pages=6, rows=60, width=8):
    rng = np.random.default_rng(seed)
    pages = [PageMatrix(X=rng.normal(size=(rows, width)).astype(np.float32),
                        containers=rng.integers(0, 5, rows)) for _ in range(n_pages)]
    labels = [np.where(p.X[:, 0] > 0, 0, 1 + (p.X[:, 1] > 0) + (p.X[:, 2] > 0)).astype(int) for p in pages]
    return pages, labels, [f"pub{i % 3}" for i in range(n_pages)]


def test_refit_drops_the_compiled_forests():
    clf = BlockClassifier(max_iter=8, smooth=False)
    pages, labels, groups = _random_pages(0)
    clf.fit(pages, labels, groups)
    before = clf.compile()
    assert clf.compile() is before
    pages, labels, groups = _random_pages(1)
    clf.fit(pages, labels, groups)
    assert clf.compile() is not before
    for pm in pages:
        np.testing.assert_allclose(clf.predict_proba(pm), _sklearn_proba(clf, pm), rtol=0, atol=TOL)


def test_compiled_forests_are_not_pickled_with_the_block_classifier(fitted, compiled):
    assert fitted._compiled is not None
    state = pickle.loads(pickle.dumps(fitted)).__dict__
    assert "_compiled" not in state
    assert "_compiled" in fitted.__dict__


def test_unfitted_classifier_does_not_compile():
    with pytest.raises(UnsupportedForest, match="not fitted"):
        BlockClassifier().compile()


def test_compiled_classifier_checks_its_parts(compiled):
    first, second = compiled
    with pytest.raises(UnsupportedForest, match="classes"):
        CompiledClassifier(first=first, first_classes=(0, 1))
    with pytest.raises(UnsupportedForest, match="second pass"):
        CompiledClassifier(first=first, first_classes=tuple(range(first.n_classes)),
                           second=first, second_classes=tuple(range(first.n_classes)))


@C_WALK
def test_c_walk_gives_the_numpy_walks_exact_scores(compiled, fixture_matrices):
    rng = np.random.default_rng(3)
    for forest in compiled:
        X = np.vstack([forest_module.probe_matrix(forest)] + [
            np.hstack([pm.X, rng.random((len(pm.X), forest.n_features - pm.X.shape[1]))])
            for pm in fixture_matrices]).astype(np.float64)
        np.testing.assert_array_equal(forest._raw_c(X), forest._raw_numpy(X))
        assert forest_module.check_kernel(forest) == "c"


@pytest.mark.parametrize("damage, message", [
    (lambda f: {"split_feature": f.split_feature + f.n_features}, "split features are out of range"),
    (lambda f: {"split_feature": f.split_feature.astype(np.int32)}, "not a contiguous 1-d int64"),
    (lambda f: {"next_state": f.next_state[:-2]}, "differ in length"),
    (lambda f: {"order": f.order[::-1] * 2}, "differ in length"),
    (lambda f: {"root_state": f.root_state + 1}, "out of range"),
    (lambda f: {"next_state": f.next_state | (len(f.split_feature) * forest_module.CHUNK_ROWS)},
     "missing split"),
    (lambda f: {"next_state": np.roll(f.next_state, 2)}, "numbered before its parent"),
    (lambda f: {"active": f.active[::-1]}, "tree depths"),
], ids=["feature", "dtype", "length", "order", "root", "split", "child", "depths"])
def test_a_damaged_forest_is_refused_when_made_and_when_unpickled(compiled, damage, message):
    """Every walk of a forest that was made stays inside its arrays (the C walk relies on it)."""
    forest = compiled[0]
    with pytest.raises(UnsupportedForest, match=message):
        dataclasses.replace(forest, **damage(forest))
    state = forest.__getstate__()
    names = [f.name for f in dataclasses.fields(forest)]
    for name, value in damage(forest).items():
        state[names.index(name)] = value
    with pytest.raises(UnsupportedForest, match=message):
        pickle.loads(pickle.dumps(forest)).__setstate__(state)


def test_a_forest_survives_pickling_and_its_arrays_are_read_only(compiled):
    forest = pickle.loads(pickle.dumps(compiled[1]))
    X = forest_module.probe_matrix(forest)
    np.testing.assert_array_equal(forest.raw_predict(X), compiled[1].raw_predict(X))
    with pytest.raises(ValueError, match="read-only"):
        forest.next_state[0] = -1


@C_WALK
def test_c_walk_checks_the_sizes_it_is_given(compiled):
    forest = compiled[0]
    X = forest_module.probe_matrix(forest)
    with pytest.raises(ValueError, match="wrong size"):
        forest._raw_c(X[:, 1:].copy())  # raw_predict checks the shape first; the C walk checks again


def test_check_kernel_falls_back_to_numpy_for_a_walk_of_another_version(compiled, monkeypatch):
    class Stale:
        @staticmethod
        def raw_predict(X, feature, threshold):
            raise AssertionError("not reached: the signature differs")

    monkeypatch.setattr(forest_module, "_walk", Stale)
    monkeypatch.setattr(forest_module, "KERNEL", "c")
    with pytest.warns(RuntimeWarning, match="positional argument"):
        assert forest_module.check_kernel(compiled[0]) == "numpy"
    assert forest_module.KERNEL == "numpy"


def test_check_kernel_falls_back_to_numpy_when_the_walks_disagree(compiled, monkeypatch):
    class OffByOne:
        @staticmethod
        def raw_predict(*args):
            args[8][:] += 1.0  # out

    monkeypatch.setattr(forest_module, "_walk", OffByOne)
    monkeypatch.setattr(forest_module, "KERNEL", "c")
    X = forest_module.probe_matrix(compiled[0])
    assert not np.array_equal(compiled[0].raw_predict(X), compiled[0]._raw_numpy(X))
    with pytest.warns(RuntimeWarning, match="different scores"):
        assert forest_module.check_kernel(compiled[0]) == "numpy"
    assert forest_module.KERNEL == "numpy"
    np.testing.assert_array_equal(compiled[0].raw_predict(X), compiled[0]._raw_numpy(X))

