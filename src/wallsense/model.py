"""Persisted models: a joblib file with a JSON model card beside it, checked on load.

The file holds a ``CompiledClassifier``: numpy arrays and plain values, so loading and predicting
never import scikit-learn. Format 1 files held the scikit-learn ``BlockClassifier`` itself;
``convert_model`` (``wallsense convert-model``) rewrites one without retraining.

Only two things are ever unpickled: the model shipped inside the package (its SHA-256 must match
its card) and a path the caller names explicitly. Pickles run code; nothing else is loaded.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import joblib

from .classifier import CONTEXT_NAMES, BlockClassifier, CompiledClassifier
from .errors import ModelError
from .features import FEATURE_NAMES
from .forest import check_kernel
from .records import LABELS

MODEL_FILE = "wallsense.joblib"
CARD_SUFFIX = ".card.json"
# 2: the file holds a CompiledClassifier. 1: it held a pickled scikit-learn BlockClassifier.
CARD_FORMAT = 2
SKLEARN_FORMAT = 1


@dataclass(frozen=True, slots=True)
class ModelCard:
    """What a model is: the features and labels it expects, and what it was trained on.

    ``sklearn_version`` is the scikit-learn that trained the model, for the record: the saved model
    predicts without scikit-learn, so the running version does not matter.
    """

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

    classifier: CompiledClassifier
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


def save_model(classifier: BlockClassifier | CompiledClassifier, card: ModelCard,
               path: str | Path) -> ModelCard:
    """Write the compiled model and its card; returns the card with format and SHA-256 filled in.

    A fitted ``BlockClassifier`` is compiled first; one that does not compile raises ``ModelError``.
    """
    if isinstance(classifier, BlockClassifier):
        try:
            classifier = classifier.compile()
        except ModelError as exc:
            raise ModelError(f"cannot save the model: it does not compile to numpy forests ({exc}); "
                             "only compiled models are saved") from None
    if not isinstance(classifier, CompiledClassifier):
        raise ModelError(f"cannot save a {type(classifier).__name__}: expected a BlockClassifier or "
                         "CompiledClassifier")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(classifier, path, compress=3)
    data = asdict(card)
    data["format"] = CARD_FORMAT
    data["model_sha256"] = _sha256(path)
    final = ModelCard.from_json(json.dumps(data))
    card_path(path).write_text(final.to_json(), encoding="utf-8")
    return final


def check_card(card: ModelCard) -> None:
    """Raise ``ModelError`` when the card does not fit this version's format, features and labels."""
    if card.format != CARD_FORMAT:
        raise ModelError(f"model card format {card.format} is not supported (expected {CARD_FORMAT})")
    _check_names(card)


def _check_names(card: ModelCard) -> None:
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


def _read_card(path: Path, *, require_hash: bool) -> ModelCard:
    """The card beside the model file at ``path``, once the file's SHA-256 matches it."""
    cpath = card_path(path)
    if not path.is_file():
        raise ModelError(f"no model file at {path}")
    if not cpath.is_file():
        raise ModelError(f"model {path} has no card beside it ({cpath.name})")
    try:
        card = ModelCard.from_json(cpath.read_text(encoding="utf-8"))
    except (ValueError, TypeError) as exc:
        raise ModelError(f"model card {cpath} is unreadable: {exc}") from None
    if (require_hash or card.model_sha256) and _sha256(path) != card.model_sha256:
        raise ModelError(f"model file {path} does not match the SHA-256 in its card")
    return card


def _unpickle(path: Path) -> object:
    try:
        return joblib.load(path)
    except Exception as exc:  # noqa: BLE001 - any unpickling failure is a model problem
        raise ModelError(f"cannot load model {path}: {exc}") from None


def _load(path: Path, *, require_hash: bool) -> Model:
    card = _read_card(path, require_hash=require_hash)
    if card.format == SKLEARN_FORMAT:
        raise ModelError(
            f"model {path} is in the old format {SKLEARN_FORMAT} (a pickled scikit-learn classifier), which "
            f"is no longer loaded: convert it with `wallsense convert-model {path}`, or retrain it with "
            "`wallsense train`")
    check_card(card)
    classifier = _unpickle(path)
    if not isinstance(classifier, CompiledClassifier):
        raise ModelError(f"{path} does not hold a wallsense CompiledClassifier")
    for forest in (classifier.first, classifier.second):
        if forest is not None:
            check_kernel(forest)  # the C walk agrees with the numpy walk, or numpy predicts
    return Model(classifier=classifier, card=card, path=str(path))


def convert_model(source: str | Path, target: str | Path | None = None) -> ModelCard:
    """Rewrite a format-1 model (a pickled ``BlockClassifier``) as a compiled one, same predictions.

    Writes ``target`` (default: over ``source``) and its card, which keeps the old card's inputs,
    metrics and params; returns the new card. Needs the scikit-learn the model was pickled with.
    """
    source = Path(source)
    card = _read_card(source, require_hash=False)
    if card.format != SKLEARN_FORMAT:
        raise ModelError(f"model {source} is in format {card.format}; only format {SKLEARN_FORMAT} "
                         "models are converted")
    _check_names(card)
    classifier = _unpickle(source)  # imports scikit-learn, which warns if it is another version
    if not isinstance(classifier, BlockClassifier):
        raise ModelError(f"{source} does not hold a wallsense BlockClassifier")
    return save_model(classifier, card, source if target is None else target)


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
