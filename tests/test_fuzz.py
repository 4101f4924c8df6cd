"""Fuzzing (issue 6): random HTML-ish bytes and mutated fixture pages never raise anything but
``WallsenseError``/``TypeError``, and the text returned is text of the page."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st
from lxml import etree

import wallsense
from wallsense import blockstats, parse as parse_module
from wallsense.decode import decode
from wallsense.parse import parse
from wallsense.segment import SKIP_TAGS
from wallsense.text import tokens

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures").glob("**/*.html"))
FUZZ = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

TAGS = ["html", "head", "body", "p", "div", "span", "a", "b", "script", "style", "iframe", "table", "tr", "td",
        "ul", "li", "br", "h1", "article", "noscript", "template", "svg", "embed", "frameset", "noframes", "meta"]
PIECES = st.one_of(
    st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from(['<meta charset="utf-16">', '<meta charset="latin-1">', "<?xml version='1.0'?>",
                     "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#0;", "&lol;", "<!DOCTYPE html>",
                     '<p class="paywall" onclick="x()">', '<a href="javascript:x()">', "\x00", "\ufeff",
                     '<iframe srcdoc="<p>inner</p>">', "<", ">", '"', "'", "\n\n"]),
    st.text(min_size=1, max_size=40),
)
HTMLISH = st.lists(PIECES, max_size=60).map("".join)


def visible_text(data: str | bytes) -> str:
    """The page's text as a reader sees it: text nodes outside scripts, styles and the like."""
    root = parse(decode(data))
    parts: list[str] = []
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        if event == "start":
            if not isinstance(el.tag, str) or el.tag.lower() in SKIP_TAGS:
                walker.skip_subtree()
                if el is not root:
                    parts.append(el.tail or "")
                continue
            parts.append(el.text or "")
        elif el is not root:
            parts.append(el.tail or "")
    return "".join(parts).lower()


def check(data: str | bytes, model: wallsense.Model) -> None:
    try:
        report = wallsense.analyze(data, model=model)
    except (wallsense.WallsenseError, TypeError):
        return
    page = visible_text(data)
    for paragraph in report.text.split("\n\n"):
        for token in tokens(paragraph):
            assert token in page, (token, paragraph[:200])
    for block in report.blocks:
        assert block.text == " ".join(block.text.split())  # whitespace-normalized, as records.Block says
        for token in tokens(block.text):
            assert token in page, (token, block.text[:200])


@FUZZ
@given(data=st.one_of(HTMLISH, HTMLISH.map(lambda s: s.encode("utf-8", "surrogatepass")),
                      st.binary(max_size=400)))
def test_random_htmlish_input(model, data):
    check(data, model)


MUTATIONS = st.sampled_from(["delete", "insert", "duplicate", "truncate", "swap", "flip"])


@pytest.fixture(scope="module")
def fixture_pages():
    if not FIXTURES:
        pytest.skip("no fixture pages")
    return [p.read_bytes() for p in FIXTURES]


@FUZZ
@given(index=st.integers(min_value=0), ops=st.lists(st.tuples(MUTATIONS, st.integers(min_value=0),
                                                              st.integers(min_value=1, max_value=4000),
                                                              st.binary(min_size=1, max_size=20)),
                                                    min_size=1, max_size=6))
def test_mutated_fixture_pages(model, fixture_pages, index, ops):
    data = bytearray(fixture_pages[index % len(fixture_pages)])
    for op, at, length, blob in ops:
        at %= max(len(data), 1)
        if op == "delete":
            del data[at:at + length]
        elif op == "insert":
            data[at:at] = blob
        elif op == "duplicate":
            data[at:at] = data[at:at + length]
        elif op == "truncate":
            del data[at:]
        elif op == "swap":
            chunk = data[at:at + length]
            del data[at:at + length]
            data[: 0] = chunk
        elif op == "flip" and data:
            data[at] ^= blob[0] | 1
    check(bytes(data), model)


# Long runs without "<" and with control characters, so the long-tag and control scans have work.
SCAN_PIECES = st.one_of(
    PIECES,
    st.builds(lambda c, n: c * n, st.sampled_from(["a", "é", "\ud800", "x>", '"', " ", "€"]),
              st.integers(4080, 4110)),
    st.sampled_from(["\x01", "\x0b", "\x0c", "\x1f", "\t", "\r", "<a", "<Z", "<1", "<é"]),
)


@FUZZ
@given(st.lists(SCAN_PIECES, max_size=12).map("".join))
def test_fast_page_scans_agree_with_the_regexes_they_stand_for(text):
    starts = [m.start() for m in re.finditer(r"<[a-zA-Z][^<]{%d}" % parse_module.LONG_TAG_CHARS, text)]
    assert parse_module._long_tag_starts(text) == starts
    data = text.encode("utf-8", errors="replace")
    has_control = len(data.translate(None, parse_module._CONTROL_BYTES)) < len(data)
    assert has_control == bool(parse_module._CONTROL.search(text))


CASE_TEXT = st.text(alphabet=st.sampled_from(list("eurEURusdUSDſzłŁchfCHF bcdfgkKẞßçÇñÑ€$ 1_.") + ["\u212a"]),
                    max_size=40)


@FUZZ
@given(CASE_TEXT)
@example("price 5 uſd").via("long s")
@example("\u212aſchß ẞTRß").via("Kelvin sign, long s, capital sharp s")
def test_lower_cased_text_statistics_match_case_insensitive_regexes(text):
    low = text.lower()
    assert bool(blockstats._CURRENCY.search(low)) == bool(
        re.search(r"[€$£¥]|\b(?:eur|usd|zł|chf)\b", text, re.IGNORECASE))
    assert len(blockstats._CONSONANT_RUN.findall(low)) == len(
        re.findall(r"[bcdfghjklmnpqrstvwxzßçñł]{5,}", text, re.IGNORECASE))


# Text made to meet every count's edge: marks and closers before spaces and ends, digits of other
# scripts, superscripts (digits but not decimal), capitals inside and outside the counted ranges,
# consonant runs around five, stopwords, white space of other kinds, astral characters, surrogates.
COUNT_TEXT = st.lists(st.one_of(
    st.sampled_from([".", "!", "?", "…", '"', "'", "»", "«", "“", "”", ")", " ", "\u00a0", "\u2003", "\n", "_",
                     "٣", "²", "Ⅻ", "Ä", "Ž", "ž", "Ÿ", "Ω", "ǅ", "strng", "schtzk", "ßçñłſ", "und", "the",
                     "les", "Die", "𝐀", "𝟙", "\ud800", "a", "E", "1"]),
    st.text(max_size=8),
), max_size=40).map("".join)


@pytest.mark.skipif(blockstats._textcount is None, reason="the C counts (wallsense._textcount) are not built")
@FUZZ
@given(st.lists(COUNT_TEXT, min_size=1, max_size=6))
def test_c_text_counts_match_python(texts):
    lows = [t.lower() for t in texts]
    heads = [t[:5000].lower() for t in texts]
    np.testing.assert_array_equal(blockstats._counts(texts, lows, heads),
                                  blockstats._counts_python(texts, lows, heads))


def test_c_counts_that_disagree_or_fail_are_caught(monkeypatch):
    class Off:
        @staticmethod
        def counts(texts, lows, heads, stops, stop_len, out):
            out[:] = 1

    class Stale:
        @staticmethod
        def counts(texts, lows, heads):
            raise AssertionError("not reached: the signature differs")

    if blockstats._textcount is not None:
        assert blockstats._c_counts_agree()
    for fake in (Off, Stale):
        monkeypatch.setattr(blockstats, "_textcount", fake)
        assert not blockstats._c_counts_agree()
