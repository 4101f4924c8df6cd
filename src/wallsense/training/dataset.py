"""Labelled pages for training and evaluation: our fixtures and the shared real-page corpora."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import numpy as np

from ..classifier import PageMatrix
from ..corpus import CorpusPage, publisher_of, read_corpus
from ..decode import decode
from ..errors import WallsenseError
from ..heldout import is_heldout
from ..labelfile import LabelFile, apply_labels, find_label_files, parse_label_file
from ..metadata import page_facts
from ..parse import parse
from ..pipeline import page_matrix
from ..records import LABELS
from ..segment import segment
from .weak import weak_labels

FIXTURE_WEIGHT = 1.0
CORPUS_WEIGHT = 0.6
# A corpus page weighs about as much as this many labelled blocks, however many it has.
CORPUS_ROWS_PER_PAGE_WEIGHT = 20
MAX_CORPUS_ROWS_PER_PAGE = 80
TRAIN_PAGE_TYPES = ("article",)


@dataclass(frozen=True, slots=True)
class LabelledPage:
    """One page ready for learning: its feature matrix, labels (-1 unknown), weights and group."""

    source: str          # "fixture" or the corpus dataset name
    page_id: str
    publisher: str
    lang: str | None
    matrix: PageMatrix
    labels: np.ndarray
    weights: np.ndarray
    label_file: LabelFile | None = None


def _rows(html: str | bytes):  # type: ignore[no-untyped-def]
    root = parse(decode(html))
    facts = page_facts(root)
    blocks = segment(root)
    return root, blocks, page_matrix(root, blocks, facts)


def fixture_page(path: Path) -> LabelledPage:
    """A fixture page with the labels its ``.labels`` file gives."""
    lf = parse_label_file(path)
    root, blocks, pm = _rows(lf.page.read_bytes())
    labelling = apply_labels(root, blocks, lf)
    y = np.array([LABELS.index(lab) for lab in labelling.labels], dtype=np.int64)
    return LabelledPage("fixture", str(lf.page), "fx:" + lf.publisher, lf.lang, pm, y,
                        np.full(len(y), FIXTURE_WEIGHT, dtype=np.float32), lf)


def corpus_page(page: CorpusPage, *, subsample: bool) -> LabelledPage:
    """A real corpus page with weak labels; ``subsample`` caps the labelled rows (seeded by page id)."""
    root, blocks, pm = _rows(page.html)
    y = weak_labels(page, blocks, pm.X)
    if subsample:
        known = np.flatnonzero(y >= 0)
        if len(known) > MAX_CORPUS_ROWS_PER_PAGE:
            seed = int(hashlib.sha1(page.id.encode()).hexdigest()[:8], 16)
            keep = np.random.default_rng(seed).choice(known, MAX_CORPUS_ROWS_PER_PAGE, replace=False)
            drop = np.setdiff1d(known, keep)
            y[drop] = -1
    n_known = max(int((y >= 0).sum()), 1)
    weight = CORPUS_WEIGHT * min(1.0, CORPUS_ROWS_PER_PAGE_WEIGHT / n_known)
    return LabelledPage(page.dataset, page.id, publisher_of(page), page.lang, pm, y,
                        np.full(len(y), weight, dtype=np.float32))


def fixture_pages(dirs: Iterable[str | Path]) -> list[LabelledPage]:
    return [fixture_page(p) for p in find_label_files(dirs)]


def training_corpus_pages(path: str | Path, *, heldout: bool = False) -> Iterator[CorpusPage]:
    """Pages of a corpus file used for training (``heldout=False``) or its held-out part."""
    for page in read_corpus(path):
        if page.page_type is not None and page.page_type not in TRAIN_PAGE_TYPES:
            continue
        if is_heldout(page.id) == heldout:
            yield page


def corpus_pages(paths: Sequence[str | Path], *, jobs: int = 1) -> list[LabelledPage]:
    """Weakly labelled training pages of the given corpus files (held-out pages left out)."""
    pages = [p for path in paths for p in training_corpus_pages(path)]
    if jobs == 1:
        out = [_safe_corpus_page(p) for p in pages]
    else:
        from joblib import Parallel, delayed

        out = Parallel(n_jobs=jobs, batch_size=8)(delayed(_safe_corpus_page)(p) for p in pages)
    return [p for p in out if p is not None]


def _safe_corpus_page(page: CorpusPage) -> LabelledPage | None:
    try:
        lp = corpus_page(page, subsample=True)
    except WallsenseError:
        return None
    return lp if (lp.labels >= 0).any() else None


def data_hash(pages: Sequence[LabelledPage]) -> str:
    """A SHA-256 over every page's features and labels: equal hashes, equal training data."""
    h = hashlib.sha256()
    for p in pages:
        h.update(p.page_id.encode())
        h.update(np.ascontiguousarray(p.matrix.X).tobytes())
        h.update(p.labels.tobytes())
    return h.hexdigest()
