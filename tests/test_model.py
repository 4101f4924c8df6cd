"""Model loading: the card is checked, only named files are loaded, the bundled model works."""

import dataclasses
import json
import shutil
import warnings

import pytest

import wallsense
from wallsense.model import bundled_model_path, card_path, load_model


def test_bundled_model_loads_and_matches_its_card():
    m = load_model()
    assert m.card.feature_names == wallsense.FEATURE_NAMES
    assert m.card.labels == tuple(l.value for l in wallsense.Label)
    assert bundled_model_path().is_file()


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


def test_other_sklearn_version_warns(tmp_path):
    path = _copy(tmp_path)
    _edit_card(path, sklearn_version="0.1.0")
    with pytest.warns(RuntimeWarning, match="scikit-learn"):
        load_model(path)


def test_missing_card_or_file(tmp_path):
    path = _copy(tmp_path)
    card_path(path).unlink()
    with pytest.raises(wallsense.ModelError, match="no card"):
        load_model(path)
    with pytest.raises(wallsense.ModelError, match="no model file"):
        load_model(tmp_path / "absent.joblib")


def test_not_a_classifier(tmp_path):
    import joblib

    path = _copy(tmp_path)
    joblib.dump({"not": "a model"}, path)
    _edit_card(path, model_sha256="")
    with pytest.raises(wallsense.ModelError, match="BlockClassifier"):
        load_model(path)


def test_bundled_model_is_cached_and_resettable():
    a = load_model()
    assert load_model() is a
    load_model.cache_clear()
    assert load_model() is not a
