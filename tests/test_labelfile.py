import pytest

from wallsense.errors import LabelFileError
from wallsense.labelfile import apply_labels, parse_label_file, validate
from wallsense.parse import parse
from wallsense.records import Label
from wallsense.segment import segment
from conftest import page

HTML = page(
    '<article class="story"><h1>Headline here</h1><div class="body"><p>First paragraph.</p>'
    '<p>Second paragraph.</p><div class="wall"><p>Subscribe now</p></div></div></article>'
    '<div id="cmt"><p>A comment</p></div>')


def write(tmp_path, labels: str, html: str = HTML):
    (tmp_path / "pub").mkdir(exist_ok=True)
    (tmp_path / "pub" / "p.html").write_text(html, encoding="utf-8")
    path = tmp_path / "pub" / "p.labels"
    path.write_text(labels, encoding="utf-8")
    return path


BASE = "lang: en\nwalls: paywall comments\ntruncated: yes\naccess: locked\n"


def test_parse_fields(tmp_path):
    lf = parse_label_file(write(tmp_path, BASE + "article: article.story\nmust: First paragraph\nmust_not: Subscribe\n"))
    assert lf.lang == "en" and lf.walls == {"paywall", "comments"} and lf.truncated and lf.access == "locked"
    assert lf.must == ("First paragraph",) and lf.must_not == ("Subscribe",)
    assert lf.publisher == "pub"


def test_innermost_selector_wins(tmp_path):
    lf = parse_label_file(write(tmp_path, BASE + "article: article.story\npaywall: .wall\ncomments: #cmt\n"))
    root = parse(HTML)
    blocks = segment(root)
    labels = apply_labels(root, blocks, lf).labels
    assert dict(zip((b.text for b in blocks), labels)) == {
        "Headline here": Label.ARTICLE, "First paragraph.": Label.ARTICLE, "Second paragraph.": Label.ARTICLE,
        "Subscribe now": Label.PAYWALL, "A comment": Label.COMMENTS}


def test_unlisted_blocks_are_other(tmp_path):
    lf = parse_label_file(write(tmp_path, BASE + "comments: #cmt\n"))
    root = parse(HTML)
    assert apply_labels(root, segment(root), lf).labels[0] is Label.OTHER


@pytest.mark.parametrize("text,message", [
    ("walls: none\ntruncated: no\n", "missing 'lang'"),
    (BASE + "bogus: x\n", "unknown key"),
    (BASE + "article\n", "expected 'key: value'"),
    ("lang: en\nwalls: paywal\ntruncated: no\n", "unknown wall kinds"),
    ("lang: en\nwalls: none\ntruncated: maybe\n", "truncated must be"),
    (BASE + "lang: de\n", "given twice"),
], ids=["missing-lang", "unknown-key", "no-colon", "bad-wall", "bad-truncated", "twice"])
def test_syntax_errors(tmp_path, text, message):
    with pytest.raises(LabelFileError, match=message):
        parse_label_file(write(tmp_path, text))


def test_validator_reports_unmatched_and_double_labels(tmp_path):
    path = write(tmp_path, BASE + "article: article.story\npaywall: .nothing-here\n"
                 "paywall: .wall\ncomments: .wall\ncomments: #cmt\nmust: Headline here\nmust_not: First paragraph\n")
    _, problems = validate(path)
    text = "\n".join(problems)
    assert "matches nothing" in text
    assert "labelled both paywall and comments" in text
    assert "must_not snippet in article blocks" in text


def test_validator_accepts_a_consistent_file(tmp_path):
    path = write(tmp_path, BASE + "article: article.story\npaywall: .wall\ncomments: #cmt\n"
                 "must: Second paragraph\nmust_not: Subscribe now\n")
    counts, problems = validate(path)
    assert problems == []
    assert counts == {"article": 3, "paywall": 1, "comments": 1}
