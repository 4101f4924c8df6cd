"""Model loading: the card is checked, only named files are loaded, the bundled model works
without scikit-learn, and old-format models are refused and converted."""

import dataclasses
import hashlib
import json
import shutil
import subprocess
import sys
import warnings

import joblib
import numpy as np
import pytest
from threadpoolctl import threadpool_limits

import wallsense
from wallsense.classifier import BlockClassifier, CompiledClassifier, PageMatrix
from wallsense.cli import main
from wallsense.model import (CARD_FORMAT, SKLEARN_FORMAT, bundled_model_path, card_path, convert_model,
                             load_model, save_model)
from conftest import page


def test_bundled_model_loads_and_matches_its_card():
    m = load_model()
    assert m.card.format == CARD_FORMAT
    assert m.card.feature_names == wallsense.FEATURE_NAMES
    assert m.card.labels == tuple(l.value for l in wallsense.Label)
    assert bundled_model_path().is_file()
    assert isinstance(m.classifier, CompiledClassifier)
    assert m.classifier.second is not None


def test_loading_and_predicting_never_imports_scikit_learn():
    html = page("<article><h1>Harbour reopens</h1>" + "<p>The harbour reopened on Monday after a long "
                "winter of repairs, and the first ferries left on time for the islands.</p>" * 4
                + "</article><footer><p>Contact us</p></footer>")
    code = ("import sys, wallsense\n"
            "wallsense.load_model()\n"
            f"report = wallsense.analyze({html!r})\n"
            "assert 'harbour reopened' in report.text, report.text\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy'))\n"
            "assert not heavy, heavy\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def _copy(tmp_path):
    src = bundled_model_path()
    dst = tmp_path / "m.joblib"
    shutil.copy(src, dst)
    shutil.copy(card_path(src), card_path(dst))
    return dst


def _edit_card(path, **changes):
    cp = card_path(path)
    data = json.loads(cp.read_text())
    data.update(changes)
    cp.write_text(json.dumps(data))


def test_explicit_path_loads(tmp_path):
    assert load_model(_copy(tmp_path)).card.labels


@pytest.mark.parametrize("changes,message", [
    ({"feature_names": ["a", "b"]}, "other features"),
    ({"labels": ["article", "other"]}, "labels"),
    ({"model_sha256": "0" * 64}, "SHA-256"),
    ({"format": 99}, "format"),
], ids=["features", "labels", "hash", "format"])
def test_card_mismatch_raises_model_error(tmp_path, changes, message):
    path = _copy(tmp_path)
    _edit_card(path, **changes)
    with pytest.raises(wallsense.ModelError, match=message):
        load_model(path)


def test_other_sklearn_version_loads_without_a_warning(tmp_path):
    path = _copy(tmp_path)
    _edit_card(path, sklearn_version="0.1.0")  # provenance only: prediction does not use scikit-learn
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_model(path).card.sklearn_version == "0.1.0"


def test_missing_card_or_file(tmp_path):
    path = _copy(tmp_path)
    card_path(path).unlink()
    with pytest.raises(wallsense.ModelError, match="no card"):
        load_model(path)
    with pytest.raises(wallsense.ModelError, match="no model file"):
        load_model(tmp_path / "absent.joblib")


def test_not_a_classifier(tmp_path):
    path = _copy(tmp_path)
    joblib.dump({"not": "a model"}, path)
    _edit_card(path, model_sha256="")
    with pytest.raises(wallsense.ModelError, match="CompiledClassifier"):
        load_model(path)


def test_bundled_model_is_cached_and_resettable():
    a = load_model()
    assert load_model() is a
    load_model.cache_clear()
    assert load_model() is not a


def _fit(smooth):
    """A tiny classifier over the real feature width, fitted on random pages (one OpenMP thread:
    scikit-learn's thread barriers crawl on a busy machine)."""
    rng = np.random.default_rng(0)
    width = len(wallsense.FEATURE_NAMES)
    pages = [PageMatrix(X=rng.normal(size=(50, width)).astype(np.float32), containers=rng.integers(0, 4, 50))
             for _ in range(4)]
    labels = [np.where(p.X[:, 0] > 0, 0, 1 + (p.X[:, 1] > 0) + 2 * (p.X[:, 2] > 0)) for p in pages]
    with threadpool_limits(limits=1, user_api="openmp"):
        clf = BlockClassifier(max_iter=5, smooth=smooth, folds=2).fit(pages, labels, ["a", "b", "a", "b"])
    return clf, pages


@pytest.fixture(scope="module")
def fitted(small_fitted):
    clf, pages = small_fitted
    return clf, pages[::3]


def _old_format_model(path, clf):
    """A model file as wallsense wrote it before compiled models: the pickled BlockClassifier."""
    card = dataclasses.replace(load_model().card, format=SKLEARN_FORMAT, metrics={"cv": 0.5},
                               params={"max_iter": 5}, inputs=("fixtures: somewhere",))
    joblib.dump(clf, path, compress=3)
    card = dataclasses.replace(card, model_sha256=_sha256(path))
    card_path(path).write_text(card.to_json(), encoding="utf-8")
    return card


def _sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_old_format_model_is_refused_then_converted_with_the_same_predictions(fitted, tmp_path, capsys):
    clf, pages = fitted
    old = tmp_path / "old.joblib"
    old_card = _old_format_model(old, clf)
    with pytest.raises(wallsense.ModelError, match="convert-model"):
        load_model(old)
    new = tmp_path / "new.joblib"
    assert main(["convert-model", str(old), "-o", str(new)]) == 0
    assert "wrote" in capsys.readouterr().err
    converted = load_model(new)
    assert isinstance(converted.classifier, CompiledClassifier)
    card = converted.card
    assert card.format == CARD_FORMAT and card.model_sha256 == _sha256(new)
    assert (card.metrics, card.params, card.inputs, card.sklearn_version) == (
        old_card.metrics, old_card.params, old_card.inputs, old_card.sklearn_version)
    for pm in pages:
        np.testing.assert_array_equal(converted.classifier.predict_proba(pm), clf.predict_proba(pm))
    with pytest.raises(wallsense.ModelError, match="only format 1"):
        convert_model(new)


def test_conversion_in_place(tmp_path):
    clf, pages = _fit(smooth=False)
    path = tmp_path / "m.joblib"
    _old_format_model(path, clf)
    convert_model(path)
    model = load_model(path)
    assert model.classifier.second is None
    np.testing.assert_array_equal(model.classifier.predict_proba(pages[0]), clf.predict_proba(pages[0]))


def test_saved_model_is_compiled_and_loads_as_saved(fitted, tmp_path):
    clf, _ = fitted
    card = dataclasses.replace(load_model().card, format=SKLEARN_FORMAT, model_sha256="")
    saved = save_model(clf, card, tmp_path / "m.joblib")
    assert saved.format == CARD_FORMAT
    assert isinstance(joblib.load(tmp_path / "m.joblib"), CompiledClassifier)
    again = save_model(load_model(tmp_path / "m.joblib").classifier, card, tmp_path / "n.joblib")
    assert again.model_sha256 == saved.model_sha256


def test_a_model_that_does_not_compile_is_not_saved(tmp_path):
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    X = np.column_stack([rng.integers(0, 5, 200), rng.normal(size=200)])
    clf = BlockClassifier(smooth=False)
    with threadpool_limits(limits=1, user_api="openmp"):
        clf.first_ = HistGradientBoostingClassifier(max_iter=3, categorical_features=[0]).fit(X, X[:, 0] % 3)
    clf.second_, clf.classes_ = None, np.arange(3)
    with pytest.raises(wallsense.ModelError, match="does not compile.*categorical"):
        save_model(clf, load_model().card, tmp_path / "m.joblib")
    assert not (tmp_path / "m.joblib").exists()
