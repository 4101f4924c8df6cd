"""``wallsense train``: build the training set, cross-validate with publishers held out, fit, save."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import sklearn
from sklearn.model_selection import GroupKFold

from .. import __version__
from ..classifier import CONTEXT_NAMES, BlockClassifier
from ..features import FEATURE_NAMES
from ..model import CARD_FORMAT, MODEL_FILE, Model, ModelCard, save_model
from ..records import LABELS
from .dataset import LabelledPage, corpus_pages, data_hash, fixture_pages
from .evaluate import FixtureResult, evaluate_fixtures
from .metrics import LabelScore, block_scores, macro_f1

DEFAULT_CORPORA = ("wcxb_train.jsonl.gz", "traf_train.jsonl.gz")
# The shipped model's settings. A small first pass (300 trees instead of 900) made prediction ~35%
# faster and scored as well (2026-11-29, same data: traf_dev snippet F1 0.936 against 0.932 with
# 150 + 75 iterations at 0.1; wcxb held-out token F1 0.840 against 0.842).
DEFAULT_PARAMS = {"max_iter": 110, "learning_rate": 0.1, "first_max_iter": 50, "first_learning_rate": 0.25}


@dataclass(frozen=True, slots=True)
class TrainResult:
    path: Path
    card: ModelCard
    cv_fixtures: FixtureResult | None
    cv_corpus_blocks: tuple[LabelScore, ...]
    seconds: float


def repo_root() -> Path:
    """The checkout this package runs from (editable install), else the working directory."""
    here = Path(__file__).resolve().parents[3]
    return here if (here / "fixtures").is_dir() and (here / "pyproject.toml").is_file() else Path.cwd()


def default_inputs() -> tuple[list[Path], list[Path], Path]:
    """The repository's fixtures, the shared corpora beside the checkout, and the shipped model path."""
    root = repo_root()
    corpus_dir = root.parent / "shared" / "corpus"
    corpora = [corpus_dir / name for name in DEFAULT_CORPORA if (corpus_dir / name).is_file()]
    return [root / "fixtures"], corpora, root / "models" / MODEL_FILE


def _card(pages: Sequence[LabelledPage], inputs: Sequence[str], metrics: dict, params: dict) -> ModelCard:
    return ModelCard(
        format=CARD_FORMAT, wallsense_version=__version__, sklearn_version=sklearn.__version__,
        feature_names=FEATURE_NAMES, context_names=CONTEXT_NAMES, labels=tuple(l.value for l in LABELS),
        training_data_sha256=data_hash(pages), inputs=tuple(inputs), metrics=metrics, params=params,
    )


def _fit(pages: Sequence[LabelledPage], params: dict) -> BlockClassifier:
    return BlockClassifier(**params).fit(
        [p.matrix for p in pages], [p.labels for p in pages], [p.publisher for p in pages],
        [p.weights for p in pages])


def cross_validate(pages: Sequence[LabelledPage], params: dict, folds: int,
                   log: Callable[[str], None]) -> tuple[FixtureResult | None, tuple[LabelScore, ...]]:
    """Fit ``folds`` models with whole publishers held out; score the held-out pages."""
    groups = np.array([p.publisher for p in pages])
    n_folds = min(folds, len(set(groups)))
    fixture_files, fixture_models = [], []
    y_true, y_pred = [], []
    for k, (train_idx, test_idx) in enumerate(GroupKFold(n_splits=n_folds).split(pages, groups=groups)):
        t0 = time.perf_counter()
        clf = _fit([pages[i] for i in train_idx], params).compile()  # scored as it would be saved
        model = Model(classifier=clf, card=_card([], [], {}, params), path=f"<cv fold {k}>")
        for i in test_idx:
            p = pages[i]
            if p.label_file is not None:
                fixture_files.append(p.label_file)
                fixture_models.append(model)
            else:
                y_true.append(p.labels)
                y_pred.append(clf.predict_proba(p.matrix).argmax(axis=1))
        log(f"  fold {k + 1}/{n_folds}: {len(train_idx)} pages in, {len(test_idx)} held out "
            f"({time.perf_counter() - t0:.0f}s)")
    fx = evaluate_fixtures(fixture_files, fixture_models) if fixture_files else None
    corpus = block_scores(np.concatenate(y_true), np.concatenate(y_pred)) if y_true else ()
    return fx, corpus


def train(fixture_dirs: Sequence[str | Path], corpus_paths: Sequence[str | Path], out: str | Path, *,
          folds: int = 4, cv: bool = True, jobs: int = 2, params: dict | None = None,
          log: Callable[[str], None] = print) -> TrainResult:
    """Train deterministically on the given inputs and save the model with its card at ``out``."""
    t0 = time.perf_counter()
    params = {**DEFAULT_PARAMS, **(params or {})}
    pages: list[LabelledPage] = fixture_pages(fixture_dirs) if fixture_dirs else []
    n_fx = len(pages)
    log(f"fixtures: {n_fx} pages from {len({p.publisher for p in pages})} publishers "
        f"({', '.join(map(str, fixture_dirs)) or 'none'})")
    for path in corpus_paths:
        got = corpus_pages([path], jobs=jobs)
        rows = sum(int((p.labels >= 0).sum()) for p in got)
        log(f"corpus {path}: {len(got)} pages, {rows} weakly labelled blocks (held-out pages excluded)")
        pages.extend(got)
    if not pages:
        raise SystemExit("no training pages: give fixture folders or --corpus files")
    log(f"features: {time.perf_counter() - t0:.0f}s")
    metrics: dict = {}
    fx_result, corpus_scores = None, ()
    if cv:
        log(f"cross-validation, {folds} folds, publishers held out:")
        fx_result, corpus_scores = cross_validate(pages, params, folds, log)
        if fx_result is not None:
            metrics["cv_fixture_block_macro_f1"] = round(fx_result.macro_f1, 4)
            metrics["cv_fixture_blocks"] = [asdict(s) for s in fx_result.blocks]
            metrics["cv_fixture_walls"] = [asdict(s) for s in fx_result.walls]
            metrics["cv_fixture_snippet_f1"] = round(fx_result.snippets.f1, 4)
            metrics["cv_fixture_token_f1"] = round(fx_result.tokens.f1, 4)
        if corpus_scores:
            metrics["cv_corpus_blocks"] = [asdict(s) for s in corpus_scores]
            metrics["cv_corpus_block_macro_f1"] = round(macro_f1(corpus_scores), 4)
    clf = _fit(pages, params)
    inputs = [f"fixtures: {_shown(d)} ({n_fx} pages)" for d in fixture_dirs] + [
        f"corpus: {Path(c).name} ({sum(1 for p in pages if p.source == Path(c).name.split('.')[0])} pages, "
        "held-out fifth excluded)" for c in corpus_paths]
    card = save_model(clf, _card(pages, inputs, metrics, asdict_params(clf)), out)
    seconds = time.perf_counter() - t0
    log(f"saved {out} ({seconds:.0f}s in all)")
    return TrainResult(Path(out), card, fx_result, corpus_scores, seconds)


def _shown(path: str | Path) -> str:
    """A path as the card records it: relative to the checkout when inside it (no machine paths)."""
    try:
        return str(Path(path).resolve().relative_to(repo_root().resolve()))
    except ValueError:
        return Path(path).name


def asdict_params(clf: BlockClassifier) -> dict:
    return {k: getattr(clf, k) for k in ("max_iter", "learning_rate", "smooth", "folds", "random_state",
                                         "first_max_iter", "first_learning_rate")}
