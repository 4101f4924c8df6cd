"""Persisted models: a joblib file with a JSON model card beside it, checked on load.

Only two things are ever unpickled: the model shipped inside the package (its SHA-256 must match
its card) and a path the caller names explicitly. Pickles run code; nothing else is loaded.
"""

from __future__ import annotations

import functools
import hashlib
import json
import warnings
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import joblib
import sklearn

from .classifier import CONTEXT_NAMES, BlockClassifier
from .errors import ModelError
from .features import FEATURE_NAMES
from .records import LABELS

MODEL_FILE = "wallsense.joblib"
CARD_SUFFIX = ".card.json"
CARD_FORMAT = 1


@dataclass(frozen=True, slots=True)
class ModelCard:
    """What a model is: the features and labels it expects, and what it was trained on."""

    format: int
    wallsense_version: str
    sklearn_version: str
    feature_names: tuple[str, ...]
    context_names: tuple[str, ...]
    labels: tuple[str, ...]
    training_data_sha256: str
    inputs: tuple[str, ...]
    metrics: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    model_sha256: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "ModelCard":
        data = json.loads(text)
        for key in ("feature_names", "context_names", "labels", "inputs"):
            data[key] = tuple(data.get(key, ()))
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True, slots=True)
class Model:
    """A loaded classifier with its card."""

    classifier: BlockClassifier
    card: ModelCard
    path: str


def card_path(model_path: str | Path) -> Path:
    p = Path(model_path)
    return p.with_name(p.name.removesuffix(".joblib") + CARD_SUFFIX)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def save_model(classifier: BlockClassifier, card: ModelCard, path: str | Path) -> ModelCard:
    """Write the model and its card; returns the card with the model's SHA-256 filled in."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(classifier, path, compress=3)
    data = asdict(card)
    data["model_sha256"] = _sha256(path)
    final = ModelCard.from_json(json.dumps(data))
    card_path(path).write_text(final.to_json(), encoding="utf-8")
    return final


def check_card(card: ModelCard) -> None:
    """Raise ``ModelError`` when the card does not fit this version's features and labels."""
    if card.format != CARD_FORMAT:
        raise ModelError(f"model card format {card.format} is not supported (expected {CARD_FORMAT})")
    if tuple(card.feature_names) != FEATURE_NAMES:
        missing = sorted(set(FEATURE_NAMES) - set(card.feature_names))[:5]
        extra = sorted(set(card.feature_names) - set(FEATURE_NAMES))[:5]
        raise ModelError(
            f"model was trained on other features (missing {missing}, unknown {extra}); retrain it "
            "with `wallsense train`")
    if tuple(card.context_names) != CONTEXT_NAMES:
        raise ModelError("model was trained with another second-pass context; retrain it")
    if tuple(card.labels) != tuple(lab.value for lab in LABELS):
        raise ModelError(f"model labels {list(card.labels)} differ from {[lab.value for lab in LABELS]}")
    trained, running = card.sklearn_version.split(".")[:2], sklearn.__version__.split(".")[:2]
    if trained != running:
        warnings.warn(
            f"model was trained with scikit-learn {card.sklearn_version}, running {sklearn.__version__}; "
            "predictions may differ: retrain with `wallsense train`", RuntimeWarning, stacklevel=3)


def _load(path: Path, *, require_hash: bool) -> Model:
    cpath = card_path(path)
    if not path.is_file():
        raise ModelError(f"no model file at {path}")
    if not cpath.is_file():
        raise ModelError(f"model {path} has no card beside it ({cpath.name})")
    try:
        card = ModelCard.from_json(cpath.read_text(encoding="utf-8"))
    except (ValueError, TypeError) as exc:
        raise ModelError(f"model card {cpath} is unreadable: {exc}") from None
    check_card(card)
    digest = _sha256(path)
    if (require_hash or card.model_sha256) and digest != card.model_sha256:
        raise ModelError(f"model file {path} does not match the SHA-256 in its card")
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module="sklearn")
            classifier = joblib.load(path)
    except Exception as exc:  # noqa: BLE001 - any unpickling failure is a model problem
        raise ModelError(f"cannot load model {path}: {exc}") from None
    if not isinstance(classifier, BlockClassifier):
        raise ModelError(f"{path} does not hold a wallsense BlockClassifier")
    return Model(classifier=classifier, card=card, path=str(path))


def bundled_model_path() -> Path:
    """Where the model shipped with the package lives (wheel and editable installs alike)."""
    return Path(str(resources.files("wallsense.models").joinpath(MODEL_FILE)))


@functools.lru_cache(maxsize=1)
def _bundled() -> Model:
    return _load(bundled_model_path(), require_hash=True)


def load_model(path: str | Path | None = None) -> Model:
    """Load the bundled model (once, cached; ``load_model.cache_clear()`` resets) or the one at ``path``."""
    if path is None:
        return _bundled()
    return _load(Path(path), require_hash=False)


load_model.cache_clear = _bundled.cache_clear  # type: ignore[attr-defined]
