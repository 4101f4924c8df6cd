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
