"""Golden tests: over every fixture page, the snippets its label file says must (not) be in the text."""

import pytest

import wallsense
from wallsense.labelfile import find_label_files, parse_label_file, validate
from wallsense.text import fold
from conftest import FIXTURES

LABEL_FILES = find_label_files([FIXTURES])
IDS = [f"{p.parent.name}/{p.stem}" for p in LABEL_FILES]


@pytest.mark.parametrize("path", LABEL_FILES, ids=IDS)
def test_label_file_is_valid(path):
    _, problems = validate(path)
    assert problems == []


# Share of all must snippets that must be found, and of must_not snippets that may leak, over
# every fixture page with the shipped model. Only ever tightened.
MUST_FOUND_FLOOR = 0.95
MUST_NOT_LEAK_CEIL = 0.05


def test_clean_text_snippets(model):
    found = total = leaked = total_not = 0
    bad = []
    for path in LABEL_FILES:
        lf = parse_label_file(path)
        text = fold(wallsense.clean_text(lf.page.read_bytes(), model=model))
        missing = [s for s in lf.must if fold(s) not in text]
        leaks = [s for s in lf.must_not if fold(s) in text]
        found += len(lf.must) - len(missing)
        total += len(lf.must)
        leaked += len(leaks)
        total_not += len(lf.must_not)
        if missing or leaks:
            bad.append(f"{path.parent.name}/{path.stem}: missing {missing[:2]} leaked {leaks[:2]}")
    detail = f"{found}/{total} must found, {leaked}/{total_not} must_not leaked; " + "; ".join(bad[:15])
    assert found / total >= MUST_FOUND_FLOOR, detail
    assert leaked / total_not <= MUST_NOT_LEAK_CEIL, detail


def test_corpus_size_and_spread():
    files = [parse_label_file(p) for p in LABEL_FILES]
    assert len(files) >= 150
    assert len({f.publisher for f in files}) >= 35
    assert len({f.lang for f in files}) >= 8
    no_walls = [f for f in files if not f.walls]
    assert len(no_walls) >= 25
    for kind in ("paywall", "adblock", "consent", "comments"):
        assert sum(kind in f.walls for f in files) >= 15, kind
