"""The elements around the blocks: what each inherits from its ancestors, and what each
container holds.

Elements are numbered parents first; per-element values are numpy arrays indexed by that number,
so the columns of all blocks are computed at once. An element's context is a bit set (layout in
``CONTEXT_KEYS``): its own and its ancestors' class groups and style cues, the context tags of its
ancestors, and whether it lies in a paywalled part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

import numpy as np
from lxml import etree

from . import lexicons
from .records import Block
from .selectors import SelectorError, select
from .text import trie_pattern

MAX_ANCESTORS = 48
# Guards for hostile pages (no effect on pages of ordinary size): see _selectors_affordable.
MAX_PAYWALLED_SELECTORS = 16
MAX_SELECTOR_ELEMENTS = 30_000
MAX_SELECTOR_DEPTH_SUM = 1_500_000
CHECK_EVERY = 1024
# Blocks whose ancestor chains are held in memory at once (bounds memory on huge deep pages).
CHAIN_CHUNK = 1 << 16
GROUPS = tuple(lexicons.CLASS_GROUPS)
STYLE_CUES = ("fixed", "sticky", "zindex", "display_none", "visibility_hidden", "aria_hidden",
              "hidden_attr", "role_dialog", "aria_modal", "blur", "overflow_hidden")
# Bit j of a context is CONTEXT_KEYS[j].
CONTEXT_KEYS: tuple[tuple[str, str], ...] = (
    tuple(("group", g) for g in GROUPS) + tuple(("style", c) for c in STYLE_CUES)
    + tuple(("tag", t) for t in lexicons.CONTEXT_TAGS) + (("paywalled", ""),))
GROUP_MASK = (1 << len(GROUPS)) - 1  # the group bits

_GROUP_BIT = {g: 1 << j for j, g in enumerate(GROUPS)}
_STYLE_BIT = {c: 1 << (len(GROUPS) + j) for j, c in enumerate(STYLE_CUES)}
_TAG_BIT = {t: 1 << (len(GROUPS) + len(STYLE_CUES) + j) for j, t in enumerate(lexicons.CONTEXT_TAGS)}
_PAYWALLED_BIT = 1 << (len(CONTEXT_KEYS) - 1)
_DIALOG_BIT = _STYLE_BIT["role_dialog"]
_PAGE_TAGS = frozenset(("html", "body"))
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_SPLIT = re.compile(r"[^a-z0-9]+")
_ZINDEX = re.compile(r"z-index\s*:\s*(\d+)")
_STEM_BITS: dict[str, int] = {}
for _g, _spec in lexicons.CLASS_GROUPS.items():
    for _stem in _spec["stems"]:
        _STEM_BITS[_stem] = _STEM_BITS.get(_stem, 0) | _GROUP_BIT[_g]
# The longest stem at each position, as a flat longest-first alternation would find it.
_STEM_RE = re.compile(trie_pattern(_STEM_BITS))
_WORD_BITS: dict[str, int] = {}
for _g, _spec in lexicons.CLASS_GROUPS.items():
    for _word in _spec["words"]:
        _WORD_BITS[_word] = _WORD_BITS.get(_word, 0) | _GROUP_BIT[_g]
_WORDS = frozenset(_WORD_BITS)
_NAMED_ATTRS = ("class", "id", "role", "aria-label", "data-component", "data-testid", "itemprop", "data-module",
                "data-type")
_NO_VALUES = ("",) * len(_NAMED_ATTRS)


def _name_bits(raw: str, cache: dict[str, int]) -> int:
    """The class groups named by ``raw`` (class, id, role, ... joined by spaces): whole tokens and
    stems. No stem, token or camel-case split spans a space, so each space-separated name is looked
    up once per page."""
    bits = 0
    for name in raw.split(" "):
        found = cache.get(name)
        if found is None:
            found = cache[name] = _one_name_bits(name)
        bits |= found
    return bits


def _one_name_bits(name: str) -> int:
    bits = 0
    if name:
        low = name.lower()
        # Without ASCII capitals (``low == name``) there is no camel case to split.
        words = _SPLIT.split(low if low == name else _CAMEL.sub(r"\1 \2", name).lower())
        for word in _WORDS.intersection(words):
            bits |= _WORD_BITS[word]
        for stem in _STEM_RE.findall(low):
            bits |= _STEM_BITS[stem]
    return bits


def _attribute_bits(items: list[tuple[str, str]], name_cache: dict[str, int]) -> int:
    """The class groups and style cues that an element's attributes (``el.items()``) name, as
    context bits."""
    attrs = dict(reversed(items))  # the first of repeated names wins, as in ``el.get``
    get = attrs.get
    parts = list(map(get, _NAMED_ATTRS, _NO_VALUES))
    parts[3] = parts[3][:80]
    if len(items) > 2:
        parts.extend(k for k, _ in items[:40] if isinstance(k, str) and k.startswith("data-"))
    raw = " ".join(filter(None, parts))[:2000]
    bits = _name_bits(raw, name_cache) if raw else 0
    style = get("style", "")
    if style:
        s = style.lower().replace(" ", "")
        if "position:fixed" in s:
            bits |= _STYLE_BIT["fixed"]
        if "position:sticky" in s:
            bits |= _STYLE_BIT["sticky"]
        z = _ZINDEX.search(s)
        if z and len(z.group(1)) >= 3:
            bits |= _STYLE_BIT["zindex"]
        if "display:none" in s:
            bits |= _STYLE_BIT["display_none"]
        if "visibility:hidden" in s:
            bits |= _STYLE_BIT["visibility_hidden"]
        if "blur(" in s:
            bits |= _STYLE_BIT["blur"]
        if "overflow:hidden" in s:
            bits |= _STYLE_BIT["overflow_hidden"]
    if get("aria-hidden", "").lower() == "true":
        bits |= _STYLE_BIT["aria_hidden"]
    if "hidden" in attrs:
        bits |= _STYLE_BIT["hidden_attr"]
    if get("role", "").lower() in ("dialog", "alertdialog"):
        bits |= _DIALOG_BIT
    if get("aria-modal", "").lower() == "true":
        bits |= _STYLE_BIT["aria_modal"]
    return bits


class _ElementBits:
    """An element's own context bits (class groups, style cues, context tag, paywalled part),
    computed once per distinct attribute list on a page."""

    def __init__(self, paywalled: set[etree._Element]) -> None:
        self.paywalled = paywalled
        self.by_attributes: dict[tuple[tuple[str, str], ...], int] = {}
        self.by_name: dict[str, int] = {}

    def __call__(self, el: etree._Element, tag: object) -> int:
        items = el.items()
        if items:
            key = tuple(items)
            bits = self.by_attributes.get(key)
            if bits is None:
                bits = self.by_attributes[key] = _attribute_bits(items, self.by_name)
        else:
            bits = 0
        if tag in _PAGE_TAGS:
            # Classes and data attributes of <html> and <body> describe the page's state
            # ("cookies-not-set", data-cookie-prefix), not a region: every block would inherit them.
            bits &= ~GROUP_MASK
        if tag == "dialog":
            bits |= _DIALOG_BIT
        if self.paywalled and el in self.paywalled:
            bits |= _PAYWALLED_BIT
        return bits


@dataclass(frozen=True, slots=True)
class BlockTree:
    """The blocks' elements and all their ancestors, numbered parents first.

    Arrays have one extra entry at index ``size``, a sentinel that stands for "no element" and
    is its own parent.
    """

    size: int
    parent: np.ndarray    # int64
    depth: np.ndarray     # int64, the root is 1
    context: np.ndarray   # int64 context bits, inherited from all ancestors
    groups: np.ndarray    # int64 group bits of the element alone
    block_ids: np.ndarray  # int64, the element of each block


def block_tree(blocks: Sequence[Block], paywalled: set[etree._Element],
               check: Callable[[], None] | None) -> BlockTree:
    """Number the blocks' elements and all their ancestors and work out their contexts."""
    ids: dict[etree._Element, int] = {}
    parents: list[int] = []
    depths: list[int] = []
    contexts: list[int] = []
    passes: list[int] = []  # context-tag bits an element passes on to its descendants
    groups: list[int] = []
    own_bits = _ElementBits(paywalled)
    block_ids: list[int] = []
    for i, b in enumerate(blocks):
        if check is not None and not (i + 1) % CHECK_EVERY:
            check()
        el = b.element
        k = ids.get(el)
        if k is None:
            pending = [el]
            cur = el.getparent()
            while cur is not None:
                k = ids.get(cur)
                if k is not None:
                    break
                pending.append(cur)
                cur = cur.getparent()
            p = -1 if cur is None else k
            for node in reversed(pending):
                tag = node.tag
                bits = own_bits(node, tag)
                tag_bit = _TAG_BIT.get(tag, 0) if isinstance(tag, str) else 0
                k = len(parents)
                ids[node] = k
                groups.append(bits & GROUP_MASK)
                if p < 0:
                    contexts.append(bits)
                    passes.append(tag_bit)
                    depths.append(1)
                else:
                    contexts.append(contexts[p] | passes[p] | bits)
                    passes.append(passes[p] | tag_bit)
                    depths.append(depths[p] + 1)
                parents.append(p)
                p = k
        block_ids.append(k)
    size = len(parents)
    parent = np.array(parents + [size], dtype=np.int64)
    parent[parent < 0] = size
    return BlockTree(size=size, parent=parent, depth=np.array(depths + [0], dtype=np.int64),
                     context=np.array(contexts + [0], dtype=np.int64),
                     groups=np.array(groups + [0], dtype=np.int64), block_ids=np.array(block_ids, dtype=np.int64))


def chains(tree: BlockTree, start: int, stop: int) -> np.ndarray:
    """The ancestor chains of blocks ``start:stop`` (each block's element, its parent, ... up to
    ``MAX_ANCESTORS`` elements) as rows of a levels × blocks array, the sentinel past a chain's end."""
    cur = tree.block_ids[start:stop]
    levels = [cur]
    while len(levels) < MAX_ANCESTORS:
        cur = tree.parent[cur]
        if (cur == tree.size).all():
            break
        levels.append(cur)
    return np.stack(levels)


def chunks(n: int) -> Iterator[tuple[int, int]]:
    """``(start, stop)`` of the slices of ``n`` blocks handled at once (``CHAIN_CHUNK`` each)."""
    for start in range(0, n, CHAIN_CHUNK):
        yield start, min(start + CHAIN_CHUNK, n)


@dataclass(frozen=True, slots=True)
class Totals:
    """Per element (and the sentinel): sums over the blocks whose ancestor chain holds it."""

    chars: np.ndarray   # float64 (whole numbers)
    links: np.ndarray
    blocks: np.ndarray
    good: np.ndarray    # characters of good blocks
    lex: np.ndarray     # elements × columns of ``lex``


def container_totals(tree: BlockTree, chars: np.ndarray, links: np.ndarray, good: np.ndarray, lex: np.ndarray,
                     check: Callable[[], None] | None) -> Totals:
    """Sums over each element's blocks (those with the element among their first ``MAX_ANCESTORS``
    ancestors, themselves included) of characters, link characters, blocks, characters of
    ``good`` blocks, and each column of ``lex``."""
    bins = tree.size + 1
    n = len(chars)
    weights = [chars, links, np.ones(n, dtype=np.int64), np.where(good, chars, 0)]
    used = [k for k in range(lex.shape[1]) if lex[:, k].any()]
    weights += [lex[:, k] for k in used]
    sums = [np.zeros(bins, dtype=np.float64) for _ in weights]
    for start, stop in chunks(n):
        if check is not None and start:
            check()
        levels = chains(tree, start, stop)
        flat = levels.ravel()
        for total, w in zip(sums, weights):
            total += np.bincount(flat, weights=np.tile(w[start:stop].astype(np.float64), len(levels)),
                                 minlength=bins)
    lex_sums = np.zeros((bins, lex.shape[1]), dtype=np.float64)
    for k, total in zip(used, sums[4:]):
        lex_sums[:, k] = total
    out = Totals(chars=sums[0], links=sums[1], blocks=sums[2], good=sums[3], lex=lex_sums)
    for arr in (out.chars, out.links, out.good, out.lex):
        arr[tree.size] = 0
    out.blocks[tree.size] = 1  # the sentinel divides nothing by zero
    return out


def main_root(tree: BlockTree, totals: Totals, good_total: float) -> int | None:
    """The deepest element holding at least 70% of the good text (the first such one, in the
    order ancestor chains reach elements, when several are equally deep)."""
    if not good_total:
        return None
    found = np.flatnonzero(totals.good[:tree.size] >= 0.7 * good_total)
    depth = np.minimum(tree.depth[found], 10_000)
    found = found[depth == depth.max()]
    if len(found) == 1:
        return int(found[0])
    first = np.full(len(found), len(tree.block_ids), dtype=np.int64)  # first block whose chain holds it
    for start, stop in chunks(len(tree.block_ids)):
        levels = chains(tree, start, stop)
        hit = np.isin(levels, found)
        _, blocks = np.nonzero(hit)  # row-major, as levels[hit]
        np.minimum.at(first, np.searchsorted(found, levels[hit]), start + blocks)
    return int(found[np.argmin(first)])


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


def paywalled_elements(root: etree._Element, selectors: Sequence[str]) -> set[etree._Element]:
    """The elements the page's ``hasPart`` CSS selectors name as paywalled (none when unaffordable)."""
    found: set[etree._Element] = set()
    if not selectors or not _selectors_affordable(root, selectors):
        return found
    for sel in selectors:
        try:
            found.update(select(root, sel))
        except SelectorError:
            continue
    return found
