"""Page verdicts: which walls are there, the access level, truncation, and the evidence."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
from lxml import etree

from . import lexicons
from .metadata import PageFacts
from .parse import text_content
from .records import WALL_KINDS, Block, BlockResult, Evidence, Label, Verdict
from .text import trie_pattern

PRESENT_AT = 0.5
# Words a wall's blocks must hold together before the wall counts as present: a lone "Abo" or
# "Datenschutz" link is not a paywall or a consent banner. A comment stub ("Kommentare") is enough.
MIN_WALL_WORDS = {"paywall": 8, "adblock": 8, "consent": 5, "comments": 1}
# And one block of the wall must be a confident statement: at least this many words at
# STRONG_BLOCK_P or more (login links and footer "Privacy" lines are not walls).
MIN_STRONG_BLOCK_WORDS = {"paywall": 4, "adblock": 4, "consent": 4, "comments": 1}
# A cookie banner's sentence that names cookies is plain enough to count at a lower probability: on
# real pages plain banners without vendor class names sit at 0.7-0.8 (fixtures: every consent page
# keeps its statement block either way).
STRONG_BLOCK_P = {"paywall": 0.8, "adblock": 0.8, "consent": 0.7, "comments": 0.8}
# That confident block must also state the wall (``states_wall``), after the words that hold a
# stem but mean something else are taken out (lexicons.NOT_STATEMENT_WORDS: "cookies are disabled",
# "commentary", French "comment" = "how"):
# - ad-block, consent and comment blocks name the wall (a stem of lexicons.WALL_STATEMENT_STEMS; a
#   consent banner names cookies or tracking, not just "consent", which newsletter sign-ups and
#   copyright lines use too); a comment block may instead sit in the element that holds the page's
#   own comments (lexicons.COMMENT_SECTION_IDS: a form that says only "Say your words");
# - a consent block has a link density below MAX_CONSENT_LINK_DENSITY (not a footer "Privacy |
#   Cookie settings" row) and is no copyright or trademark line (lexicons.NOT_CONSENT_STEMS);
# - a paywall block speaks of reading on, articles, access, exclusivity or membership
#   (lexicons.PAYWALL_STATEMENT_STEMS; "Subscribe: Apple Podcasts" or "Start your free trial" do
#   not), is no login form or newsletter sign-up (lexicons.NOT_PAYWALL_STEMS), and is not inside
#   <header>, <nav>, <footer>, a <form> or a list item ("Abo / E-Paper" menus, sign-up forms,
#   "Subscribe" links in sidebars; a wall's offer bullets are list items too, but its heading is
#   not);
# - comments are not stated by a teaser card of a list (an <article> with <article> siblings):
#   "No Comments" or "Read the 49 comments" under other posts' teasers;
# - no wall is stated inside a <nav> menu (a "Kommentare" or "Comments & replies" item), a <nav> that
#   holds less than MAX_MENU_SHARE of the page's text: broken markup can leave a whole page in a
#   <nav> that is never closed.
# On the fixtures every page with a real wall of a kind keeps a gold block that states it.
MAX_CONSENT_LINK_DENSITY = 0.5
MAX_MENU_SHARE = 0.8
_STATEMENT = {kind: re.compile(trie_pattern(stem.lower() for stem in stems))
              for kind, stems in lexicons.WALL_STATEMENT_STEMS.items()}
_PAGE_FURNITURE = frozenset(("header", "nav", "footer", "form", "li"))
_NOT_PAYWALL = re.compile(trie_pattern(stem.lower() for stem in lexicons.NOT_PAYWALL_STEMS))
_COMMENT_SECTION_IDS = frozenset(lexicons.COMMENT_SECTION_IDS)
_PAYWALL_STATEMENT = re.compile(r"(?<!\w)"
                                + trie_pattern(stem.lower() for stem in lexicons.PAYWALL_STATEMENT_STEMS))
_NOT_CONSENT = re.compile(trie_pattern(stem.lower() for stem in lexicons.NOT_CONSENT_STEMS))
# (kind, language) -> the words to take out before looking for stems; "*" for every language.
_NOT_STATEMENT = {(kind, lang): re.compile(r"(?<!\w)(?:" + trie_pattern(w.lower() for w in words) + r")(?!\w)")
                  for kind, by_lang in lexicons.NOT_STATEMENT_WORDS.items()
                  for lang, words in by_lang.items()}


def _phrases(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``phrases`` as whole words, case-insensitively."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)", re.IGNORECASE)


_METERED = _phrases(lexicons.METERED_PHRASES)
_METER_SPENT = _phrases(lexicons.METER_SPENT_PHRASES)
_CONTINUE = _phrases(lexicons.CONTINUE_PHRASES)
_MAX_DOM_VALUES = 200_000
_NEEDLE_VENDORS: dict[str, list[tuple[str, str]]] = {}
for _vendor, _kind, _, _needles in lexicons.VENDORS:
    for _n in _needles:
        _NEEDLE_VENDORS.setdefault(_n, []).append((_vendor, _kind))
_DOM_NEEDLES = re.compile(trie_pattern(_NEEDLE_VENDORS))  # longest needle at each position
MAX_EVIDENCE = 6
# One step (a union merges quadratically); plain strings, not strings that keep their element.
_ID_CLASS_VALUES = etree.XPath("//@*[name()='id' or name()='class']", smart_strings=False)


@dataclass(frozen=True, slots=True)
class VendorHit:
    vendor: str
    kind: str
    where: str  # "script" or "dom"
    marker: str


def find_vendors(root: etree._Element, facts: PageFacts) -> tuple[VendorHit, ...]:
    """Vendor fingerprints in script sources and element ids/classes (weak evidence on their own)."""
    hits: dict[tuple[str, str], VendorHit] = {}
    sources = [s.lower() for s in facts.script_sources]
    for vendor, kind, script_needles, _ in lexicons.VENDORS:
        for src in sources:
            needle = next((n for n in script_needles if n in src), None)
            if needle:
                hits.setdefault((vendor, kind), VendorHit(vendor, kind, "script", src[:200]))
                break
    values = _ID_CLASS_VALUES(root)
    if len(values) > _MAX_DOM_VALUES:
        values = values[:_MAX_DOM_VALUES]
    joined = "\n".join(v[:300] for v in values).lower()
    for m in _DOM_NEEDLES.finditer(joined):
        needle = m.group()
        line_start = joined.rfind("\n", 0, m.start()) + 1
        line_end = joined.find("\n", m.end())
        marker = joined[line_start: line_end if line_end >= 0 else len(joined)][:80]
        for vendor, kind in _NEEDLE_VENDORS[needle]:
            prior = hits.get((vendor, kind))
            if prior is None or prior.where == "script":
                hits[(vendor, kind)] = VendorHit(vendor, kind, "dom", marker)
    return tuple(hits.values())


def _block_evidence(blocks: Sequence[BlockResult], label: Label, stating: set[int]) -> list[Evidence]:
    """The blocks with ``label``: those that state the wall (positions in ``stating``) first, then by
    probability."""
    found = sorted((i for i, b in enumerate(blocks) if b.label is label),
                   key=lambda i: (i not in stating, -blocks[i].probability))
    return [Evidence(kind="block", strength=blocks[i].probability, path=blocks[i].path, text=blocks[i].text[:200],
                     detail=f"block labelled {label.value} (p={blocks[i].probability:.2f})"
                     + (", states the wall" if i in stating else ""))
            for i in found[:MAX_EVIDENCE]]


def _nearest(el: etree._Element | None, test: Callable[[etree._Element], bool]) -> etree._Element | None:
    """``el`` or its nearest ancestor that passes ``test``, or None."""
    while el is not None:
        if test(el):
            return el
        el = el.getparent()
    return None


def _in_comment_section(el: etree._Element | None) -> bool:
    """Is ``el`` inside the element that holds the page's own comments (by its id)?"""
    return _nearest(el, lambda e: e.get("id", "").lower() in _COMMENT_SECTION_IDS) is not None


def _in_card(el: etree._Element | None) -> bool:
    """Is ``el`` inside an ``<article>`` with ``<article>`` siblings: a teaser card of a list?"""
    article = _nearest(el, lambda e: e.tag == "article")
    parent = article.getparent() if article is not None else None
    return parent is not None and sum(1 for child in parent if child.tag == "article") >= 2


def _in_menu(el: etree._Element | None, page_chars: Callable[[], int]) -> bool:
    """Is ``el`` inside a ``<nav>`` that holds less than MAX_MENU_SHARE of the page's text
    (``page_chars()`` characters)?"""
    nav = _nearest(el, lambda e: e.tag == "nav")
    return nav is not None and len(text_content(nav)) < MAX_MENU_SHARE * page_chars()


def _root_chars(el: etree._Element | None) -> Callable[[], int]:
    """The length of the text of ``el``'s whole page, measured once when first asked for."""
    return functools.cache(lambda: len(text_content(el.getroottree().getroot())) if el is not None else 0)


def _statement_text(kind: str, text: str, lang: str) -> str:
    """``text`` in lower case without the words that hold a stem of ``kind`` but do not state it."""
    low = text.lower()
    for key in ((kind, "*"), (kind, lang)):
        pattern = _NOT_STATEMENT.get(key)
        if pattern is not None:
            low = pattern.sub(" ", low)
    return low


def states_wall(kind: str, b: Block, lang: str = "", page_chars: Callable[[], int] | None = None) -> bool:
    """Does block ``b`` state a wall of ``kind`` (the rules above ``MAX_CONSENT_LINK_DENSITY``)?

    ``lang``: the page's language code (two letters), for words that mean something else in it.
    ``page_chars``: gives the length of the page's text (shared by the blocks of one page, so that
    it is measured once); by default measured from ``b``'s tree.
    """
    low = _statement_text(kind, b.text, lang[:2].lower())
    if kind == "paywall":
        return (_PAYWALL_STATEMENT.search(low) is not None and _NOT_PAYWALL.search(low) is None
                and _nearest(b.element, lambda e: e.tag in _PAGE_FURNITURE) is None)
    if _in_menu(b.element, page_chars or _root_chars(b.element)):
        return False
    if kind == "consent" and (b.link_chars >= MAX_CONSENT_LINK_DENSITY * len(b.text)
                              or _NOT_CONSENT.search(low) is not None):
        return False
    if kind == "comments":
        if _in_comment_section(b.element):
            return True
        if _in_card(b.element):
            return False
    return _STATEMENT[kind].search(low) is not None


def verdicts(blocks: Sequence[BlockResult], proba: np.ndarray, facts: PageFacts,
             vendors: Sequence[VendorHit], units: Sequence[Block] | None = None) -> dict[str, Verdict]:
    """One verdict per wall kind, from the block labels, structured data and vendor markers.

    ``units``: the segmented blocks behind ``blocks`` (same order); with them the confident wall
    block must also state the wall (``states_wall``), without them that check is skipped.
    """
    out: dict[str, Verdict] = {}
    lang = facts.metadata.lang or ""
    page_chars = _root_chars(units[0].element if units else None)
    for kind in WALL_KINDS:
        label = Label(kind)
        col = [lab.value for lab in Label].index(kind)
        top = float(proba[:, col].max()) if len(proba) else 0.0
        chars = sum(len(b.text) for b in blocks if b.label is label)
        vendor_ev = [Evidence(kind="vendor", detail=f"{v.vendor} ({v.where}: {v.marker})", strength=0.2)
                     for v in vendors if v.kind == kind]
        struct_ev: list[Evidence] = []
        if kind == "paywall":
            if facts.accessible_for_free is False:
                struct_ev.append(Evidence(kind="structured-data", detail="isAccessibleForFree is false",
                                          strength=0.6))
            if facts.paywalled_selectors:
                struct_ev.append(Evidence(kind="structured-data",
                                          detail=f"hasPart paywalled section {facts.paywalled_selectors[0]!r}",
                                          strength=0.6))
            if facts.content_tier in ("locked", "metered"):
                struct_ev.append(Evidence(kind="meta", detail=f"article:content_tier={facts.content_tier}",
                                          strength=0.5))
        words = sum(len(b.text.split()) for b in blocks if b.label is label)
        stating = {i for i, b in enumerate(blocks)
                   if b.label is label and b.probability >= STRONG_BLOCK_P[kind]
                   and len(b.text.split()) >= MIN_STRONG_BLOCK_WORDS[kind]
                   and (units is None or states_wall(kind, units[i], lang, page_chars))}
        strong = bool(stating)
        evidence = _block_evidence(blocks, label, stating)
        confirmed = bool(struct_ev) and kind == "paywall" and facts.accessible_for_free is False
        present = bool(evidence) and chars >= 2 and ((words >= MIN_WALL_WORDS[kind] and strong) or confirmed)
        # Short wall text weakens the model's belief in proportion (see MIN_WALL_WORDS).
        strength = top if present else top * min(1.0, words / MIN_WALL_WORDS[kind]) * (1.0 if strong else 0.5)
        confidence = strength if present else 1.0 - strength
        out[kind] = Verdict(present=present, confidence=round(confidence, 4),
                            evidence=tuple(evidence + struct_ev + vendor_ev))
    return out


def _wall_text(blocks: Sequence[BlockResult]) -> str:
    """The text of the paywall blocks, joined."""
    return " ".join(b.text for b in blocks if b.label is Label.PAYWALL)


def is_metered(blocks: Sequence[BlockResult]) -> bool:
    """Do the paywall blocks read like a metered notice (free articles left) rather than a lock?"""
    return bool(_METERED.search(_wall_text(blocks)))


# An article of this many characters is read in full even when a subscription appeal follows it:
# a paywall's teaser is a lead and a few paragraphs (at most 2,400 characters on the fixtures).
MIN_WHOLE_ARTICLE_CHARS = 5000


def truncation(blocks: Sequence[BlockResult], walls: dict[str, Verdict], facts: PageFacts) -> bool:
    """Is the article cut short by a wall?"""
    if not walls["paywall"].present:
        return False
    article = [b for b in blocks if b.label is Label.ARTICLE]
    paywall = [b for b in blocks if b.label is Label.PAYWALL]
    if not article:
        return True
    first_wall = paywall[0].index
    first_article = article[0].index
    after = sum(len(b.text) for b in article if b.index > first_wall)
    total = sum(len(b.text) for b in article)
    if first_wall < first_article:
        # A notice above the article: truncated only when structured data says it is locked.
        return facts.accessible_for_free is False and not is_metered(blocks) and total < 2500
    if after >= 0.2 * total or total >= MIN_WHOLE_ARTICLE_CHARS:
        return False
    return bool(_CONTINUE.search(_wall_text(blocks))) or not is_metered(blocks)


def access_level(walls: dict[str, Verdict], truncated: bool, facts: PageFacts, blocks: Sequence[BlockResult],
                 has_text: bool) -> str:
    """``free``, ``metered``, ``locked`` or ``unknown``."""
    tier = facts.content_tier
    if tier in ("locked", "metered", "free"):
        return tier
    if walls["paywall"].present:
        if truncated:
            return "metered" if _METER_SPENT.search(_wall_text(blocks)) else "locked"
        if is_metered(blocks):
            return "metered"
        return "locked" if facts.accessible_for_free is False else "metered"
    if facts.accessible_for_free is False:
        return "locked" if truncated else "unknown"
    return "free" if has_text else "unknown"
