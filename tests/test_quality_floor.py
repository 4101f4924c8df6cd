"""Quality floor: wallsense alone over ``../shared/corpus/traf_dev.jsonl.gz`` (skipped where absent).

Scored like ``benchmarks/`` (snippet P/R/F1 and leak by the corpus README's conventions); a page that
raises counts as an empty output. The full comparison with the peers is ``python -m benchmarks.run``.
"""

from __future__ import annotations

import pytest

from conftest import corpus_file

from wallsense import WallsenseError, clean_text
from wallsense.corpus import read_corpus
from wallsense.scoring import SnippetCounts, snippet_counts

# Set just under what the benchmark measures. Only ever raised, never lowered.
# The shipped model measured 0.938 snippet F1 and 0.086 leak (`wallsense eval --corpus traf_dev`, 2026-11-29).
SNIPPET_F1_FLOOR = 0.93
LEAK_CEIL = 0.095


@pytest.mark.corpus
def test_traf_dev_quality_floor(request: pytest.FixtureRequest) -> None:
    path = corpus_file("traf_dev.jsonl.gz")  # skips before the model is loaded
    model = request.getfixturevalue("model")
    counts, pages, errors = SnippetCounts(), 0, 0
    for page in read_corpus(path):
        try:
            text = clean_text(page.html, url=page.url, model=model)
        except WallsenseError:
            errors, text = errors + 1, ""
        counts = counts + snippet_counts(text, page.with_, page.without)
        pages += 1
    summary = (f"{pages} pages, {errors} errors: snippet P {counts.precision:.3f} R {counts.recall:.3f} "
               f"F1 {counts.f1:.3f}, leak {counts.leak:.3f}")
    assert pages > 0, summary
    assert counts.f1 >= SNIPPET_F1_FLOOR, summary
    assert counts.leak <= LEAK_CEIL, summary
