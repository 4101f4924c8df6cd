"""Block features: one row per block, columns named by ``FEATURE_NAMES``.

A model records the names it was trained on; loading checks them against this list.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
from lxml import etree

from . import lexicons
from .records import Block
from .selectors import SelectorError, select
from .text import fold

MAX_ANCESTORS = 48
# Guards for hostile pages (no effect on pages of ordinary size): see _selectors_affordable.
MAX_PAYWALLED_SELECTORS = 16
MAX_SELECTOR_ELEMENTS = 30_000
MAX_SELECTOR_DEPTH_SUM = 1_500_000
CHECK_EVERY = 1024
GOOD_BLOCK_CHARS = 80
LEX_KINDS = tuple(lexicons.PHRASES)
WALL_LEX = ("paywall", "adblock", "consent", "comments")
GROUPS = tuple(lexicons.CLASS_GROUPS)
TAG_CLASSES = {"p": "p", "h1": "h1", "h2": "hx", "h3": "hx", "h4": "hx", "h5": "hx", "h6": "hx",
               "li": "li", "td": "cell", "th": "cell", "dt": "li", "dd": "li", "div": "div",
               "section": "div", "article": "div", "main": "div", "button": "button",
               "blockquote": "quote", "figcaption": "caption", "caption": "caption", "pre": "pre",
               "label": "label", "a": "a", "span": "span"}
TAG_NAMES = ("p", "h1", "hx", "li", "cell", "div", "button", "quote", "caption", "pre", "label", "tagother")
STYLE_CUES = ("fixed", "sticky", "zindex", "display_none", "visibility_hidden", "aria_hidden",
              "hidden_attr", "role_dialog", "aria_modal", "blur", "overflow_hidden")


def _build_names() -> tuple[str, ...]:
    names = ["log_chars", "log_words", "mean_word_len", "sentence_marks", "ends_with_mark",
             "comma_rate", "digit_share", "upper_share", "titlecase_share", "link_density",
             "stopword_share", "consonant_run_share", "is_ui_text", "starts_lower", "has_date_or_time",
             "has_currency", "has_email_or_at", "has_bullet_or_pipe"]
    names += [f"tag_{t}" for t in TAG_NAMES]
    names += ["depth", "rel_depth"]
    names += [f"in_{t}" for t in lexicons.CONTEXT_TAGS]
    names += [f"cls_self_{g}" for g in GROUPS] + [f"cls_anc_{g}" for g in GROUPS]
    names += [f"style_{c}" for c in STYLE_CUES]
    names += [f"lex_{k}" for k in LEX_KINDS] + [f"lex_{k}_density" for k in WALL_LEX]
    names += [f"container_lex_{k}" for k in WALL_LEX]
    for level in (1, 2, 3):
        names += [f"anc{level}_text_share", f"anc{level}_link_density", f"anc{level}_log_blocks",
                  f"anc{level}_good_share"]
    names += ["in_main_root", "main_root_depth_gap", "in_paywalled_part", "page_locked", "page_free"]
    names += ["rel_index", "rel_char_pos", "after_h1", "blocks_from_h1", "is_title", "in_title",
              "in_description", "log_page_blocks", "chars_after_share"]
    for side in ("prev", "next"):
        names += [f"{side}_log_chars", f"{side}_link_density", f"{side}_stopword_share",
                  f"{side}_same_parent", f"{side}_is_p"]
    return tuple(names)


FEATURE_NAMES: tuple[str, ...] = _build_names()
_INDEX = {n: i for i, n in enumerate(FEATURE_NAMES)}


def _compile_phrases(phrases: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
    words = sorted({p.lower() for lang in phrases.values() for p in lang}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)


_LEX_KIND_INDEX = {kind: k for k, kind in enumerate(LEX_KINDS)}
_PHRASE_KINDS: dict[str, tuple[int, ...]] = {}
for _kind, _by_lang in lexicons.PHRASES.items():
    if _kind == "adlabel":
        continue
    for _phrases in _by_lang.values():
        for _p in _phrases:
            _key = _p.lower()
            _PHRASE_KINDS[_key] = tuple(sorted(set(_PHRASE_KINDS.get(_key, ())) | {_LEX_KIND_INDEX[_kind]}))
_LEX_ALL = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(_PHRASE_KINDS, key=len, reverse=True))
                      + r")(?!\w)")
_AD_LABEL = _compile_phrases(lexicons.PHRASES["adlabel"])
_ADLABEL_K = _LEX_KIND_INDEX["adlabel"]
_DIGITS = re.compile(r"\d")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž]")
_STOPWORDS = frozenset(w for ws in lexicons.STOPWORDS.values() for w in ws)
_UI_TEXT = frozenset(lexicons.UI_TEXT)
_WORD = re.compile(r"\w+")
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxzßçñł]{5,}", re.IGNORECASE)
_SENTENCE = re.compile(r"[.!?…][\"'»«“”)]?(?:\s|$)")
_DATE_TIME = re.compile(r"\b\d{1,2}[.:/]\d{1,2}(?:[.:/]\d{2,4})?\b|\b(?:19|20)\d{2}\b")
_CURRENCY = re.compile(r"[€$£¥]|\b(?:eur|usd|zł|chf)\b", re.IGNORECASE)
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_SPLIT = re.compile(r"[^a-z0-9]+")
_ZINDEX = re.compile(r"z-index\s*:\s*(\d+)")
_STEM_GROUPS: dict[str, frozenset[str]] = {}
for _g, _spec in lexicons.CLASS_GROUPS.items():
    for _stem in _spec["stems"]:
        _STEM_GROUPS[_stem] = _STEM_GROUPS.get(_stem, frozenset()) | {_g}
_STEM_RE = re.compile("|".join(re.escape(s) for s in sorted(_STEM_GROUPS, key=len, reverse=True)))
_WORD_GROUPS: dict[str, frozenset[str]] = {}
for _g, _spec in lexicons.CLASS_GROUPS.items():
    for _word in _spec["words"]:
        _WORD_GROUPS[_word] = _WORD_GROUPS.get(_word, frozenset()) | {_g}
_CONTEXT_TAGS = frozenset(lexicons.CONTEXT_TAGS)


@dataclass(frozen=True, slots=True)
class PageContext:
    """Page-level facts the features need besides the blocks."""

    title: str = ""
    description: str = ""
    paywalled_selectors: tuple[str, ...] = ()
    accessible_for_free: bool | None = None


class _ElementInfo:
    __slots__ = ("groups", "styles")

    def __init__(self, groups: frozenset[str], styles: frozenset[str]) -> None:
        self.groups = groups
        self.styles = styles


def _element_info(el: etree._Element) -> _ElementInfo:
    attrs = el.attrib
    parts = [attrs.get("class", ""), attrs.get("id", ""), attrs.get("role", ""),
             attrs.get("aria-label", "")[:80], attrs.get("data-component", ""), attrs.get("data-testid", ""),
             attrs.get("itemprop", ""), attrs.get("data-module", ""), attrs.get("data-type", "")]
    if len(attrs) > 2:
        parts.extend(k for k in list(attrs.keys())[:40] if isinstance(k, str) and k.startswith("data-"))
    raw = " ".join(p for p in parts if p)[:2000]
    groups: set[str] = set()
    if raw:
        for tok in _SPLIT.split(_CAMEL.sub(r"\1 \2", raw).lower()):
            found = _WORD_GROUPS.get(tok)
            if found:
                groups |= found
        for m in _STEM_RE.finditer(raw.lower()):
            groups |= _STEM_GROUPS[m.group()]
    styles: set[str] = set()
    style = attrs.get("style", "")
    if style:
        s = style.lower().replace(" ", "")
        if "position:fixed" in s:
            styles.add("fixed")
        if "position:sticky" in s:
            styles.add("sticky")
        z = _ZINDEX.search(s)
        if z and len(z.group(1)) >= 3:
            styles.add("zindex")
        if "display:none" in s:
            styles.add("display_none")
        if "visibility:hidden" in s:
            styles.add("visibility_hidden")
        if "blur(" in s:
            styles.add("blur")
        if "overflow:hidden" in s:
            styles.add("overflow_hidden")
    if attrs.get("aria-hidden", "").lower() == "true":
        styles.add("aria_hidden")
    if "hidden" in attrs:
        styles.add("hidden_attr")
    if attrs.get("role", "").lower() in ("dialog", "alertdialog"):
        styles.add("role_dialog")
    if attrs.get("aria-modal", "").lower() == "true":
        styles.add("aria_modal")
    if el.tag == "dialog":
        styles.add("role_dialog")
    return _ElementInfo(frozenset(groups), frozenset(styles))


class _Agg:
    __slots__ = ("chars", "links", "blocks", "good", "lex")

    def __init__(self) -> None:
        self.chars = 0
        self.links = 0
        self.blocks = 0
        self.good = 0
        self.lex = [0, 0, 0, 0]


@dataclass(frozen=True, slots=True)
class _TextStats:
    chars: int
    words: int
    stop_share: float
    link_density: float


_LEX_COLS = tuple(_INDEX[f"lex_{k}"] for k in LEX_KINDS)
_WALL_LEX_K = tuple(LEX_KINDS.index(k) for k in WALL_LEX)
_LEX_DENSITY_COLS = tuple(_INDEX[f"lex_{k}_density"] for k in WALL_LEX)
_SELF_COLS = {g: _INDEX[f"cls_self_{g}"] for g in GROUPS}
_ANC_COLS = {g: _INDEX[f"cls_anc_{g}"] for g in GROUPS}
_STYLE_COLS = {c: _INDEX[f"style_{c}"] for c in STYLE_CUES}
_TAG_COLS = {t: _INDEX[f"in_{t}"] for t in lexicons.CONTEXT_TAGS}
_PAYWALLED_COL = _INDEX["in_paywalled_part"]


class _Context:
    """What an element inherits from itself and all its ancestors, as feature columns set to 1."""

    __slots__ = ("own", "columns", "tag_columns")

    def __init__(self, own: frozenset[str], columns: frozenset[int], tag_columns: frozenset[int]) -> None:
        self.own = own
        self.columns = columns          # cls_anc_*, style_*, in_* (ancestors only), in_paywalled_part
        self.tag_columns = tag_columns  # in_* columns this element passes on to its descendants


def _info(el: etree._Element, cache: dict[etree._Element, _ElementInfo]) -> _ElementInfo:
    info = cache.get(el)
    if info is None:
        info = cache[el] = _element_info(el)
    return info


def _context(el: etree._Element, infos: dict[etree._Element, _ElementInfo],
             cache: dict[etree._Element, _Context], paywalled: set[etree._Element]) -> _Context:
    """The inherited context of ``el``, memoised so every element is computed once (no recursion)."""
    found = cache.get(el)
    if found is not None:
        return found
    pending = []
    cur: etree._Element | None = el
    while cur is not None and cur not in cache:
        pending.append(cur)
        cur = cur.getparent()
    inherited = cache[cur] if cur is not None else None
    for node in reversed(pending):
        info = _info(node, infos)
        cols = set(inherited.columns) if inherited is not None else set()
        if inherited is not None:
            cols |= inherited.tag_columns
        cols.update(_ANC_COLS[g] for g in info.groups)
        cols.update(_STYLE_COLS[s] for s in info.styles)
        if node in paywalled:
            cols.add(_PAYWALLED_COL)
        tag = node.tag
        passes = frozenset({_TAG_COLS[tag]}) if isinstance(tag, str) and tag in _TAG_COLS else frozenset()
        if inherited is not None:
            passes = passes | inherited.tag_columns
        inherited = cache[node] = _Context(info.groups, frozenset(cols), passes)
    return inherited  # type: ignore[return-value]


def _ancestors(el: etree._Element) -> list[etree._Element]:
    chain = [el]
    parent = el.getparent()
    while parent is not None and len(chain) < MAX_ANCESTORS:
        chain.append(parent)
        parent = parent.getparent()
    return chain


def _selectors_affordable(root: etree._Element, selectors: Sequence[str]) -> bool:
    """Guard: libxml2 evaluates descendant combinators in time quadratic in the page's elements,
    so ``cssSelector`` parts are matched only on pages of ordinary size and depth."""
    if len(selectors) > MAX_PAYWALLED_SELECTORS:
        return False
    elements = depth_sum = depth = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            elements += 1
            depth_sum += depth
            if elements > MAX_SELECTOR_ELEMENTS or depth_sum > MAX_SELECTOR_DEPTH_SUM:
                return False
        else:
            depth -= 1
    return True


def featurize(root: etree._Element, blocks: Sequence[Block], page: PageContext,
              check: Callable[[], None] | None = None) -> np.ndarray:
    """Return the feature matrix (``len(blocks)`` × ``len(FEATURE_NAMES)``, float32).

    ``check`` is called every ``CHECK_EVERY`` blocks (a deadline raises from it).
    """
    n = len(blocks)
    width = len(FEATURE_NAMES)
    if n == 0:
        return np.zeros((0, width), dtype=np.float32)
    col = _INDEX
    X = [[0.0] * width for _ in range(n)]
    info_cache: dict[etree._Element, _ElementInfo] = {}
    context_cache: dict[etree._Element, _Context] = {}
    aggs: dict[etree._Element, _Agg] = {}
    chains: list[list[etree._Element]] = []
    stats: list[_TextStats] = []
    lex_hits: list[list[int]] = [[]] * n

    paywalled: set[etree._Element] = set()
    selectors = page.paywalled_selectors if _selectors_affordable(root, page.paywalled_selectors) else ()
    for sel in selectors:
        try:
            paywalled.update(select(root, sel))
        except SelectorError:
            continue

    total_chars = 0
    for i, b in enumerate(blocks):
        if check is not None and not (i + 1) % CHECK_EVERY:
            check()
        text = b.text
        low = text.lower()
        words = _WORD.findall(low)
        nw = len(words)
        chars = len(text)
        total_chars += chars
        stop = sum(1 for w in words if w in _STOPWORDS) / nw if nw else 0.0
        ld = b.link_chars / chars if chars else 0.0
        stats.append(_TextStats(chars, nw, stop, ld))
        hits = [0] * len(LEX_KINDS)
        for m in _LEX_ALL.finditer(low):
            for k in _PHRASE_KINDS[m.group()]:
                hits[k] += 1
        hits = [min(h, 20) for h in hits]
        if len(text) < 40 and _AD_LABEL.fullmatch(low.strip(" :|-–")):
            hits[_ADLABEL_K] = 1
        lex_hits[i] = hits
        chain = _ancestors(b.element)
        chains.append(chain)
        good = chars >= GOOD_BLOCK_CHARS and ld < 0.3
        wall = [hits[k] for k in _WALL_LEX_K]
        any_wall = any(wall)
        for anc in chain:
            a = aggs.get(anc)
            if a is None:
                a = aggs[anc] = _Agg()
            a.chars += chars
            a.links += b.link_chars
            a.blocks += 1
            if good:
                a.good += chars
            if any_wall:
                lex = a.lex
                for k in range(4):
                    lex[k] += wall[k]

        r = X[i]
        r[col["log_chars"]] = math.log1p(chars)
        r[col["log_words"]] = math.log1p(nw)
        r[col["mean_word_len"]] = (sum(map(len, words)) / nw) if nw else 0.0
        r[col["sentence_marks"]] = min(len(_SENTENCE.findall(text)), 30)
        r[col["ends_with_mark"]] = text[-1] in ".!?…\"“”»:" if text else 0
        r[col["comma_rate"]] = text.count(",") / max(nw, 1)
        head = text[:2000]
        r[col["digit_share"]] = len(_DIGITS.findall(head)) / len(head)
        r[col["upper_share"]] = len(_UPPER.findall(head)) / len(head)
        r[col["titlecase_share"]] = (sum(1 for w in text.split()[:300] if w[:1].isupper())
                                     / max(min(nw, 300), 1))
        r[col["link_density"]] = ld
        r[col["stopword_share"]] = stop
        r[col["consonant_run_share"]] = len(_CONSONANT_RUN.findall(text[:5000])) / max(min(nw, 1000), 1)
        r[col["is_ui_text"]] = low.strip() in _UI_TEXT or chars <= 2
        r[col["starts_lower"]] = text[:1].islower()
        r[col["has_date_or_time"]] = bool(_DATE_TIME.search(text[:300]))
        r[col["has_currency"]] = bool(_CURRENCY.search(text[:500]))
        r[col["has_email_or_at"]] = "@" in text[:500]
        r[col["has_bullet_or_pipe"]] = ("|" in text[:300]) or text[:1] in "•·-–›»"
        tag = TAG_CLASSES.get(b.tag, "tagother")
        r[col[f"tag_{tag}"]] = 1
        r[col["depth"]] = min(b.depth, 60) / 10.0
        for k in range(len(LEX_KINDS)):
            r[_LEX_COLS[k]] = hits[k]
        for k, c in zip(_WALL_LEX_K, _LEX_DENSITY_COLS):
            r[c] = hits[k] / max(nw, 1)

        ctx = _context(b.element, info_cache, context_cache, paywalled)
        for c in ctx.columns:
            r[c] = 1
        self_groups = set(ctx.own)
        for el in chain[1:3]:
            self_groups |= _info(el, info_cache).groups
        for g in self_groups:
            r[_SELF_COLS[g]] = 1

    # Container context, from the per-element aggregates.
    good_total = max((a.good for a in aggs.values()), default=0)
    main_root = None
    if good_total:
        best_depth = -1
        for el, a in aggs.items():
            if a.good >= 0.7 * good_total:
                d = _depth_of(el)
                if d > best_depth:
                    best_depth, main_root = d, el
    main_depth = _depth_of(main_root) if main_root is not None else 0
    max_depth = max(b.depth for b in blocks) or 1
    title = fold(page.title)
    description = fold(page.description)
    h1_index = next((b.index for b in blocks if b.tag == "h1"), None)
    if h1_index is None and title:
        h1_index = next((b.index for b in blocks if b.tag in ("h2", "h3") and fold(b.text) in title), None)
    chars_before = 0
    for i, b in enumerate(blocks):
        r = X[i]
        chain = chains[i]
        s = stats[i]
        lh = lex_hits[i]
        for level in (1, 2, 3):
            anc = chain[level] if level < len(chain) else chain[-1]
            a = aggs.get(anc)
            if a is None:
                continue
            r[col[f"anc{level}_text_share"]] = a.chars / total_chars
            r[col[f"anc{level}_link_density"]] = a.links / max(a.chars, 1)
            r[col[f"anc{level}_log_blocks"]] = math.log1p(a.blocks)
            r[col[f"anc{level}_good_share"]] = a.good / good_total if good_total else 0.0
        best = [0.0, 0.0, 0.0, 0.0]
        for anc in chain[1:5]:
            a = aggs.get(anc)
            if a is None or a.chars > 0.5 * total_chars:
                break
            if any(a.lex):
                root_n = math.sqrt(a.blocks)
                for k in range(4):
                    best[k] = max(best[k], a.lex[k] / root_n)
        for k, kind in enumerate(WALL_LEX):
            r[col[f"container_lex_{kind}"]] = best[k]
        if main_root is not None and main_root in chain:
            r[col["in_main_root"]] = 1
            r[col["main_root_depth_gap"]] = (b.depth - main_depth) / 10.0
        r[col["rel_depth"]] = b.depth / max_depth
        r[col["page_locked"]] = page.accessible_for_free is False
        r[col["page_free"]] = page.accessible_for_free is True
        r[col["rel_index"]] = i / n
        r[col["rel_char_pos"]] = chars_before / total_chars
        chars_before += s.chars
        r[col["chars_after_share"]] = 1.0 - chars_before / total_chars
        if h1_index is not None:
            r[col["after_h1"]] = 1 if i > h1_index else (0.5 if i == h1_index else 0)
            r[col["blocks_from_h1"]] = max(-50, min(50, i - h1_index)) / 50.0
        ft = fold(b.text)
        r[col["is_title"]] = bool(title) and (ft == title or (len(ft) > 15 and ft in title))
        r[col["in_title"]] = bool(title) and len(ft) > 15 and title in ft
        r[col["in_description"]] = bool(description) and len(ft) > 25 and (ft in description or description in ft)
        r[col["log_page_blocks"]] = math.log1p(n)
        for side, j in (("prev", i - 1), ("next", i + 1)):
            if 0 <= j < n:
                o = stats[j]
                r[col[f"{side}_log_chars"]] = math.log1p(o.chars)
                r[col[f"{side}_link_density"]] = o.link_density
                r[col[f"{side}_stopword_share"]] = o.stop_share
                r[col[f"{side}_same_parent"]] = blocks[j].element.getparent() is b.element.getparent()
                r[col[f"{side}_is_p"]] = blocks[j].tag == "p"
    return np.array(X, dtype=np.float32)


def _depth_of(el: etree._Element | None) -> int:
    d = 0
    while el is not None and d < 10_000:
        el = el.getparent()
        d += 1
    return d
