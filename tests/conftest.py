from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
SHARED_CORPUS = REPO.parent / "shared" / "corpus"


def page(body: str, *, head: str = "", lang: str = "en", title: str = "Test page") -> str:
    """A whole HTML document around ``body``."""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
            f"{head}</head><body>{body}</body></html>")


def corpus_file(name: str) -> Path:
    path = SHARED_CORPUS / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (the shared corpus is not beside this checkout)")
    return path


@pytest.fixture(scope="session")
def model():
    import wallsense

    return wallsense.load_model()


@pytest.fixture(scope="session")
def small_fitted():
    """A small two-pass ``BlockClassifier`` fitted on the fixture pages of a few publishers, with
    those pages' matrices (one OpenMP thread: scikit-learn's thread barriers crawl on a busy machine)."""
    from threadpoolctl import threadpool_limits

    from wallsense.classifier import BlockClassifier
    from wallsense.training.dataset import fixture_pages

    dirs = sorted(d for d in FIXTURES.iterdir() if d.is_dir())[::12] if FIXTURES.is_dir() else []
    if len(dirs) < 2:
        pytest.skip("not enough fixture publishers")
    pages = fixture_pages(dirs)
    with threadpool_limits(limits=1, user_api="openmp"):
        clf = BlockClassifier(max_iter=15, learning_rate=0.3, folds=2).fit(
            [p.matrix for p in pages], [p.labels for p in pages], [p.publisher for p in pages],
            [p.weights for p in pages])
    return clf, [p.matrix for p in pages]
