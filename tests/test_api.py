"""The public API: what ``analyze`` and ``clean_text`` promise, on small inline pages."""

import copy

import pytest

import wallsense
from wallsense import Label, Report
from conftest import page

ARTICLE = page(
    '<header><nav><a href="/">Home</a> <a href="/abo">Abo</a></nav></header>'
    '<main><article><h1>Council approves new bridge over the river</h1>'
    "<p>The city council voted on Tuesday to build a new footbridge across the river, ending years of debate "
    "about how to connect the two halves of the old town.</p>"
    "<p>Construction is expected to start next spring and to last about eighteen months, the mayor said after "
    "the vote, adding that the costs would be shared with the regional government.</p>"
    "<p>Opponents had argued that the money should go to schools instead, but the motion passed with a clear "
    "majority of twenty-one votes to nine.</p></article></main>"
    "<footer><p>© 2026 Example Gazette. All rights reserved.</p></footer>")


def test_report_fields(model):
    report = wallsense.analyze(ARTICLE, url="https://example.invalid/bridge", model=model)
    assert isinstance(report, Report)
    assert report.url == "https://example.invalid/bridge"
    assert set(report.walls) == {"paywall", "adblock", "consent", "comments"}
    for verdict in report.walls.values():
        assert isinstance(verdict.present, bool) and 0.0 <= verdict.confidence <= 1.0
    assert report.access in ("free", "metered", "locked", "unknown")
    assert isinstance(report.truncated, bool)
    assert all(b.label in Label for b in report.blocks)
    assert all(b.path.startswith("/html") for b in report.blocks)


def test_article_text_is_kept_and_furniture_dropped(model):
    text = wallsense.clean_text(ARTICLE, model=model)
    assert "footbridge across the river" in text
    assert "twenty-one votes to nine" in text
    assert "All rights reserved" not in text


def test_paragraphs_are_separated_by_blank_lines(model):
    text = wallsense.clean_text(ARTICLE, model=model)
    assert "\n\n" in text and "\n\n\n" not in text


def test_str_and_bytes_give_the_same_result(model):
    assert wallsense.clean_text(ARTICLE, model=model) == wallsense.clean_text(ARTICLE.encode("utf-8"), model=model)


def test_input_is_not_mutated(model):
    data = bytearray(ARTICLE.encode("utf-8"))
    before = copy.copy(data)
    wallsense.analyze(bytes(data), model=model)
    assert data == before


def test_report_is_frozen(model):
    report = wallsense.analyze(ARTICLE, model=model)
    with pytest.raises(AttributeError):
        report.text = "x"  # type: ignore[misc]


def test_to_dict_is_json_ready(model):
    import json

    d = wallsense.analyze(ARTICLE, model=model).to_dict()
    assert json.loads(json.dumps(d))["walls"]["paywall"]["present"] in (True, False)
    assert "blocks" not in wallsense.analyze(ARTICLE, model=model).to_dict(blocks=False)


def test_metadata_from_json_ld_and_meta(model):
    head = ('<link rel="canonical" href="https://example.invalid/a">'
            '<meta property="og:site_name" content="Example Gazette">'
            '<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle",'
            '"headline":"Council approves new bridge","datePublished":"2026-03-01T10:00:00Z",'
            '"author":[{"@type":"Person","name":"Ada Reporter"}]}]}</script>')
    html = ARTICLE.replace("</head>", head + "</head>")
    md = wallsense.analyze(html, model=model).metadata
    assert md.canonical_url == "https://example.invalid/a"
    assert md.site_name == "Example Gazette"
    assert md.byline == "Ada Reporter"
    assert md.published == "2026-03-01T10:00:00Z"
    assert md.lang == "en"


def test_public_names_are_listed():
    for name in wallsense.__all__:
        assert hasattr(wallsense, name)
    assert "pipeline" not in wallsense.__all__


@pytest.mark.parametrize("bad", ["", "   \n ", b"", b"%PDF-1.4 binary"], ids=["empty", "blank", "empty-bytes", "pdf"])
def test_bad_input_raises_input_error(bad, model):
    with pytest.raises(wallsense.InputError):
        wallsense.analyze(bad, model=model)


def test_none_raises_type_error(model):
    with pytest.raises(TypeError):
        wallsense.analyze(None, model=model)  # type: ignore[arg-type]


def test_the_c_extensions_change_no_report(model, monkeypatch):
    """Without a C compiler, numpy walks the trees and Python counts the words: the same reports."""
    from conftest import FIXTURES
    from wallsense import blockstats, forest

    if forest._walk is None or blockstats._textcount is None:
        pytest.skip("the C extensions are not built")
    for path in sorted(FIXTURES.glob("*/*.html"))[::9]:
        html = path.read_bytes()
        with_c = wallsense.analyze(html, model=model)
        with monkeypatch.context() as m:
            m.setattr(forest, "KERNEL", "numpy")
            m.setattr(blockstats, "_textcount", None)
            assert wallsense.analyze(html, model=model) == with_c, path.name
