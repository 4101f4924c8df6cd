"""``wallsense eval``: run the full pipeline on labelled pages and score it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ..corpus import read_corpus
from ..errors import WallsenseError
from ..heldout import is_heldout
from ..labelfile import LabelFile, apply_labels, find_label_files, parse_label_file
from ..model import Model
from ..parse import parse
from ..decode import decode
from ..pipeline import analyze
from ..records import LABELS, Label, Report
from ..scoring import SnippetCounts, TokenScore, mean_token_score, snippet_counts, token_score
from ..segment import segment
from .metrics import KindScore, LabelScore, block_scores, macro_f1, page_scores


@dataclass(frozen=True, slots=True)
class FixtureResult:
    """Scores of the pipeline over fixture pages."""

    pages: int
    blocks: tuple[LabelScore, ...]
    macro_f1: float
    tokens: TokenScore
    snippets: SnippetCounts
    walls: tuple[KindScore, ...]
    failures: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CorpusResult:
    """Scores of the pipeline over one corpus file."""

    corpus: str
    pages: int
    tokens: TokenScore | None
    snippets: SnippetCounts
    errors: int
    empty: int


def found_walls(report: Report) -> frozenset[str]:
    kinds = {k for k, v in report.walls.items() if v.present}
    if report.truncated:
        kinds.add("truncated")
    return frozenset(kinds)


def true_walls(lf: LabelFile) -> frozenset[str]:
    return frozenset(lf.walls | ({"truncated"} if lf.truncated else set()))


def score_fixture(lf: LabelFile, report: Report) -> tuple[np.ndarray, np.ndarray, str]:
    """Gold and predicted label indices for one fixture page, and its gold article text."""
    root = parse(decode(lf.page.read_bytes()))
    blocks = segment(root)
    gold = apply_labels(root, blocks, lf).labels
    y_true = np.array([LABELS.index(g) for g in gold], dtype=np.int64)
    y_pred = np.array([LABELS.index(r.label) for r in report.blocks], dtype=np.int64)
    if len(y_pred) != len(y_true):
        raise WallsenseError(f"{lf.page}: block count differs between labelling and analysis")
    gold_text = "\n".join(b.text for b, g in zip(blocks, gold) if g is Label.ARTICLE)
    return y_true, y_pred, gold_text


def evaluate_fixtures(label_files: Sequence[LabelFile], models: Sequence[Model]) -> FixtureResult:
    """Score the pipeline; ``models[i]`` analyses ``label_files[i]`` (one model, or one per CV fold)."""
    ys_t, ys_p, toks, truth, found, failures = [], [], [], [], [], []
    snips = SnippetCounts()
    for lf, model in zip(label_files, models):
        try:
            report = analyze(lf.page.read_bytes(), model=model)
            y_t, y_p, gold_text = score_fixture(lf, report)
        except WallsenseError as exc:
            failures.append(f"{lf.page}: {exc}")
            continue
        ys_t.append(y_t)
        ys_p.append(y_p)
        toks.append(token_score(report.text, gold_text))
        snips = snips + snippet_counts(report.text, lf.must, lf.must_not)
        truth.append(true_walls(lf))
        found.append(found_walls(report))
    scores = block_scores(np.concatenate(ys_t or [np.zeros(0, int)]), np.concatenate(ys_p or [np.zeros(0, int)]))
    return FixtureResult(len(ys_t), scores, macro_f1(scores), mean_token_score(toks), snips,
                         page_scores(truth, found), tuple(failures))


def evaluate_corpus(path: str | Path, model: Model, *, limit: int | None = None) -> CorpusResult:
    """Score the pipeline on a corpus file; for a ``*_train`` file only its held-out pages."""
    path = Path(path)
    training_file = "_train" in path.name
    toks: list[TokenScore] = []
    snips = SnippetCounts()
    n = errors = empty = 0
    for page in read_corpus(path):
        if training_file and not is_heldout(page.id):
            continue
        if limit is not None and n >= limit:
            break
        n += 1
        try:
            text = analyze(page.html, url=page.url, model=model).text
        except WallsenseError:
            errors += 1
            text = ""
        empty += not text.strip()
        if page.text:
            toks.append(token_score(text, page.text))
        snips = snips + snippet_counts(text, page.with_, page.without)
    name = path.name.split(".")[0] + (" (held-out pages)" if training_file else "")
    return CorpusResult(name, n, mean_token_score(toks) if toks else None, snips, errors, empty)


def fixture_label_files(dirs: Sequence[str | Path]) -> list[LabelFile]:
    return [parse_label_file(p) for p in find_label_files(dirs)]


def as_json(result: FixtureResult | CorpusResult) -> dict[str, Any]:
    data = asdict(result)
    if isinstance(result, (FixtureResult, CorpusResult)):
        s = result.snippets
        data["snippets"].update(precision=s.precision, recall=s.recall, f1=s.f1, leak=s.leak)
    return data
