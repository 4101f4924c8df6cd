"""Text statistics of blocks, computed column by column over all blocks of a page at once.

Each statistic is a C-level pass (``map`` of a compiled regex or a ``str`` method) over the block
texts rather than a Python loop per block. The counts in ``COUNTS`` (words, stopwords, digits,
capitals, sentence ends, consonant runs, capitalised words) come from the optional C extension
``_textcount.c`` in one pass per text when it was built, else from ``_counts_python``. The values
are exactly those of the per-block definitions given in ``TextStats``, so models trained on them
stay valid.
"""

from __future__ import annotations

import math
import re
import warnings
from collections import Counter
from dataclasses import dataclass, fields
from itertools import repeat
from operator import itemgetter
from typing import Callable, Iterable, Sequence

import numpy as np

from . import lexicons
from .text import trie_pattern

try:
    from . import _textcount
except ImportError:  # installed without a C compiler: _counts_python counts
    _textcount = None

LEX_KINDS = tuple(lexicons.PHRASES)
WALL_LEX = ("paywall", "adblock", "consent", "comments")
MAX_LEX_HITS = 20
MAX_SENTENCES = 30
AD_LABEL_MAX_CHARS = 40
CHECK_EVERY = 1024

_LEX_KIND_INDEX = {kind: k for k, kind in enumerate(LEX_KINDS)}
_PHRASE_KINDS: dict[str, tuple[int, ...]] = {}
for _kind, _by_lang in lexicons.PHRASES.items():
    if _kind == "adlabel":
        continue
    for _phrases in _by_lang.values():
        for _p in _phrases:
            _key = _p.lower()
            _PHRASE_KINDS[_key] = tuple(sorted(set(_PHRASE_KINDS.get(_key, ())) | {_LEX_KIND_INDEX[_kind]}))
# The longest phrase at a position that is followed by a non-word character.
_LEX_ALL = re.compile(r"(?<!\w)" + trie_pattern(_PHRASE_KINDS) + r"(?!\w)")
_AD_WORDS = sorted({p.lower() for lang in lexicons.PHRASES["adlabel"].values() for p in lang}, key=len, reverse=True)
_AD_LABEL = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in _AD_WORDS) + r")(?!\w)", re.IGNORECASE)
_ADLABEL_K = _LEX_KIND_INDEX["adlabel"]
WALL_LEX_K = tuple(LEX_KINDS.index(k) for k in WALL_LEX)
_DIGITS = re.compile(r"\d")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž]")
_STOPWORDS = frozenset(w for ws in lexicons.STOPWORDS.values() for w in ws)
_UI_TEXT = frozenset(lexicons.UI_TEXT)
_WORD = re.compile(r"\w+")
_SENTENCE = re.compile(r"[.!?…][\"'»«“”)]?(?:\s|$)")
_DATE_TIME = re.compile(r"\b\d{1,2}[.:/]\d{1,2}(?:[.:/]\d{2,4})?\b|\b(?:19|20)\d{2}\b")
# These two are matched on lower-cased text (case-insensitive matching is several times slower), so
# their classes hold the lower case of every letter that case-insensitive matching equates with
# theirs ("ſ" for "s"). They match as case-insensitively on the text itself, except where a dotted
# capital I (whose lower case is two characters) sits right before a currency code.
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxzßçñłſ]{5,}")
_CURRENCY = re.compile(r"[€$£¥]|\b(?:eur|u[sſ]d|zł|chf)\b")
_END_MARKS = ".!?…\"“”»:"
_BULLETS = "•·-–›»"
_AD_STRIP = " :|-–"
_STOP_LEN = max(map(len, _STOPWORDS))
# The counts _counts gives per block text t, low = t.lower() and head = t[:5000].lower(), in this
# column order (_textcount.c computes the same in one pass per text):
COUNTS = (
    "words",           # len(re.findall(r"\w+", low))
    "word_chars",      # sum of the lengths of those words
    "stops",           # those words that are stopwords
    "digits",          # len(re.findall(r"\d", t[:2000]))
    "upper",           # len(_UPPER.findall(t[:2000]))
    "sentences",       # len(_SENTENCE.findall(t))
    "consonant_runs",  # len(_CONSONANT_RUN.findall(head))
    "initials",        # words of t.split()[:300] whose first character is upper case
)
_FIRST = itemgetter(slice(None, 1))
_LAST = itemgetter(-1)


def _head(n: int) -> itemgetter:
    return itemgetter(slice(None, n))


@dataclass(frozen=True, slots=True)
class TextStats:
    """One array per statistic, one entry per block, for block text ``t``, ``low = t.lower()``
    and its words ``w = re.findall(r"\\w+", low)`` (float64 unless noted)."""

    chars: np.ndarray               # int64: len(t)
    words: np.ndarray               # int64: len(w)
    mean_word_len: np.ndarray       # sum of len over w / len(w), 0 without words
    sentence_marks: np.ndarray      # int64: sentence ends in t, at most MAX_SENTENCES
    ends_with_mark: np.ndarray      # bool: t[-1] in _END_MARKS
    comma_rate: np.ndarray          # t.count(",") / max(len(w), 1)
    digit_share: np.ndarray         # digits in t[:2000] / len(t[:2000])
    upper_share: np.ndarray         # capitals in t[:2000] / len(t[:2000])
    titlecase_share: np.ndarray     # capitalised words of t.split()[:300] / max(min(len(w), 300), 1)
    link_density: np.ndarray        # link characters / len(t)
    stop_share: np.ndarray          # stopwords in w / len(w), 0 without words
    consonant_run_share: np.ndarray  # consonant runs in t[:5000] / max(min(len(w), 1000), 1)
    is_ui_text: np.ndarray          # bool: low.strip() is UI furniture, or len(t) <= 2
    starts_lower: np.ndarray        # bool: t[:1].islower()
    has_date_or_time: np.ndarray    # bool: a date or time in t[:300]
    has_currency: np.ndarray        # bool: a currency sign or code in t[:500]
    has_email_or_at: np.ndarray     # bool: "@" in t[:500]
    has_bullet_or_pipe: np.ndarray  # bool: "|" in t[:300] or t starts with a bullet
    lex: np.ndarray                 # int64, blocks × LEX_KINDS: phrase hits per kind, at most MAX_LEX_HITS
    log_chars: np.ndarray           # math.log1p(len(t))


def _ints(values: Iterable[int], n: int) -> np.ndarray:
    return np.fromiter(values, dtype=np.int64, count=n)


def _flags(values: Iterable[object], n: int) -> np.ndarray:
    return np.fromiter(map(bool, values), dtype=bool, count=n)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den`` where ``den`` is not 0, else 0.0 (float64, as Python's int division)."""
    out = np.zeros(len(num), dtype=np.float64)
    np.divide(num, den, out=out, where=den != 0)
    return out


def _count(pattern: re.Pattern[str], texts: Iterable[str], n: int) -> np.ndarray:
    return _ints(map(len, map(pattern.findall, texts)), n)


def _upper_initials(words: list[str]) -> int:
    return sum(map(str.isupper, map(_FIRST, words)))


def _dates(heads300: list[str], digits: np.ndarray) -> np.ndarray:
    """Whether each head has a date or time; only heads with a digit (``digits``: in the first
    2000 characters) are searched, as every date has one."""
    found = np.zeros(len(heads300), dtype=bool)
    some = np.flatnonzero(digits).tolist()
    if some:
        found[some] = _flags(map(_DATE_TIME.search, [heads300[i] for i in some]), len(some))
    return found


def _lex_hits(lows: list[str], chars: np.ndarray) -> np.ndarray:
    """Hits per lexicon kind: phrase matches (capped), and ``adlabel`` for short ad labels."""
    n = len(lows)
    hits = np.zeros((n, len(LEX_KINDS)), dtype=np.int64)
    found = list(map(_LEX_ALL.findall, lows))
    for i in np.flatnonzero(_ints(map(len, found), n)).tolist():
        row = [0] * len(LEX_KINDS)
        for phrase, times in Counter(found[i]).items():
            for k in _PHRASE_KINDS[phrase]:
                row[k] += times
        hits[i] = row
    np.minimum(hits, MAX_LEX_HITS, out=hits)
    short = np.flatnonzero(chars < AD_LABEL_MAX_CHARS).tolist()
    if short:
        stripped = map(str.strip, [lows[i] for i in short], repeat(_AD_STRIP))
        labels = _flags(map(_AD_LABEL.fullmatch, stripped), len(short))
        hits[np.asarray(short, dtype=np.int64)[labels], _ADLABEL_K] = 1
    return hits


def text_stats(texts: Sequence[str], link_chars: np.ndarray, check: Callable[[], None] | None = None) -> TextStats:
    """The text statistics of blocks with these texts (each non-empty) and link characters,
    ``CHECK_EVERY`` blocks at a time, calling ``check`` in between (a deadline raises from it)."""
    n = len(texts)
    if n <= CHECK_EVERY:
        return _text_stats(texts, link_chars)
    parts = []
    for start in range(0, n, CHECK_EVERY):
        if check is not None and start:
            check()
        parts.append(_text_stats(texts[start:start + CHECK_EVERY], link_chars[start:start + CHECK_EVERY]))
    return TextStats(*(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(TextStats)))


def _counts_python(texts: Sequence[str], lows: list[str], heads: list[str]) -> np.ndarray:
    """``COUNTS`` (blocks × counts, int64) with Python's regexes and str methods."""
    n = len(texts)
    words = list(map(_WORD.findall, lows))
    heads2000 = list(map(_head(2000), texts))
    splits = map(_head(300), map(str.split, texts, repeat(None), repeat(300)))
    columns = (
        _ints(map(len, words), n),
        _ints(map(sum, map(map, repeat(len), words)), n),
        _ints(map(sum, map(map, repeat(_STOPWORDS.__contains__), words)), n),
        _count(_DIGITS, heads2000, n),
        _count(_UPPER, heads2000, n),
        _count(_SENTENCE, texts, n),
        _count(_CONSONANT_RUN, heads, n),
        _ints(map(_upper_initials, splits), n),
    )
    return np.stack(columns, axis=1) if n else np.zeros((0, len(COUNTS)), dtype=np.int64)


def _counts(texts: Sequence[str], lows: list[str], heads: list[str]) -> np.ndarray:
    """``COUNTS``: with ``_textcount.c`` when it was built, else with ``_counts_python``."""
    if _textcount is None:
        return _counts_python(texts, lows, heads)
    out = np.empty((len(texts), len(COUNTS)), dtype=np.int64)
    _textcount.counts(list(texts), lows, heads, _STOPWORDS, _STOP_LEN, out)
    return out


def _c_counts_agree() -> bool:
    """Whether ``_textcount`` gives ``_counts_python``'s counts on a few texts that touch every count
    (a module built from another version of ``_textcount.c`` may not)."""
    texts = ["Ein Satz. Noch einer!) und «Zitat»", "THE Quick brown fox… strngth 2024 ² ٣", "ſchtzk _x_ ok?", "."]
    lows = [t.lower() for t in texts]
    try:
        counted = _counts(texts, lows, lows)
    except (TypeError, ValueError):
        return False
    return bool(np.array_equal(counted, _counts_python(texts, lows, lows)))


if _textcount is not None and not _c_counts_agree():
    warnings.warn("wallsense counts block words in Python: the C counts (wallsense._textcount) disagree with "
                  "Python's", RuntimeWarning, stacklevel=1)
    _textcount = None


def _text_stats(texts: Sequence[str], link_chars: np.ndarray) -> TextStats:
    n = len(texts)
    chars = _ints(map(len, texts), n)
    lows = list(map(str.lower, texts))
    heads5000 = [low if len(t) <= 5000 else t[:5000].lower() for t, low in zip(texts, lows)]
    nw, word_chars, stops, digits, upper, sentences, consonant_runs, initials = _counts(texts, lows, heads5000).T
    some_words = np.maximum(nw, 1)
    head_chars = np.minimum(chars, 2000)
    firsts = list(map(_FIRST, texts))
    heads300 = list(map(_head(300), texts))
    heads500 = list(map(_head(500), texts))
    link = np.asarray(link_chars, dtype=np.int64)
    return TextStats(
        chars=chars,
        words=nw,
        mean_word_len=_ratio(word_chars, nw),
        sentence_marks=np.minimum(sentences, MAX_SENTENCES),
        ends_with_mark=_flags(map(_END_MARKS.__contains__, map(_LAST, texts)), n),
        comma_rate=_ints(map(str.count, texts, repeat(",")), n) / some_words,
        digit_share=digits / head_chars,
        upper_share=upper / head_chars,
        titlecase_share=initials / np.maximum(np.minimum(nw, 300), 1),
        link_density=_ratio(link, chars),
        stop_share=_ratio(stops, nw),
        consonant_run_share=consonant_runs / np.maximum(np.minimum(nw, 1000), 1),
        is_ui_text=_flags(map(_UI_TEXT.__contains__, map(str.strip, lows)), n) | (chars <= 2),
        starts_lower=_flags(map(str.islower, firsts), n),
        has_date_or_time=_dates(heads300, digits),
        has_currency=_flags(map(_CURRENCY.search, map(str.lower, heads500)), n),
        has_email_or_at=_flags(map(str.__contains__, heads500, repeat("@")), n),
        has_bullet_or_pipe=(_flags(map(str.__contains__, heads300, repeat("|")), n)
                            | _flags(map(_BULLETS.__contains__, firsts), n)),
        lex=_lex_hits(lows, chars),
        log_chars=np.fromiter(map(math.log1p, chars.tolist()), dtype=np.float64, count=n),
    )
