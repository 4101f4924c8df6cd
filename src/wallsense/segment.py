"""Cut a parsed page into blocks: the smallest block-level units that carry text."""

from __future__ import annotations

import itertools
from typing import Callable

import numpy as np
from lxml import etree

from .records import Block
from .text import normalize_ws

# Elements whose text never reaches the reader.
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "head", "iframe", "object",
    "canvas", "select", "option", "textarea", "video", "audio", "picture",
    "map", "link", "meta", "title", "base",
    # libxml2 keeps <noframes> as raw markup text, and browsers with frames never show it.
    "noframes",
})
# <embed> and <source> are void, but libxml2 nests what follows them inside: they stay
# transparent (inline) so that text is kept.
# Elements that start a new block; inline markup stays inside its block.
BLOCK_TAGS = frozenset({
    "html", "body", "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "td", "th", "tr", "table", "thead", "tbody", "tfoot", "caption", "blockquote", "figure",
    "figcaption", "pre", "address", "summary", "details", "legend", "fieldset", "div", "section",
    "article", "aside", "header", "footer", "nav", "main", "form", "dialog", "center", "hr",
    "button", "menu", "hgroup", "frameset", "frame", "noframes", "label",
})
MIN_BLOCK_CHARS = 1
# Pages with fewer words than this outside <noscript> are read from their <noscript> elements when
# those hold NOSCRIPT_MIN_WORDS or more (see ``segment``).
NOSCRIPT_FALLBACK_WORDS = 60
NOSCRIPT_MIN_WORDS = 100
# Deeper blocks get a short positional path, ``(//*)[k]``, instead of one step per ancestor.
MAX_PATH_DEPTH = 128
CHECK_EVERY = 4096


# What segmentation does with an element, by tag (decided once per tag name and call). The walk
# goes into elements of the kinds before _SKIP only.
_INLINE, _BR, _BLOCK, _LINK, _SKIP, _IGNORED = range(6)


def _kind(tag: object) -> int:
    if not isinstance(tag, str):
        return _IGNORED
    tag = tag.lower()
    if tag in SKIP_TAGS:
        return _SKIP
    if tag == "br":
        return _BR
    if tag in BLOCK_TAGS:
        return _BLOCK
    if tag == "a":
        return _LINK
    return _INLINE


class _Steps:
    """The walked elements' parents and tags (flat lists in walk order, no object per element,
    so a big page leaves the garbage collector little to trace) and, once the walk is over, their
    paths: one ``tag[nth]`` step per ancestor, ``nth`` counting the parent's children of that tag,
    plain ``tag`` for the only one.

    ``tree.getpath`` gives the same strings but scans all siblings for every element (quadratic on
    wide pages) and writes one step per ancestor (quadratic on deep ones).
    """

    __slots__ = ("parent", "tag", "nth", "shared", "paths")

    def __init__(self, root_tag: str) -> None:
        self.parent = [-1]
        self.tag = [root_tag]
        self.nth: list[int] = []
        self.shared: list[bool] = []  # has siblings of its tag
        self.paths = {0: "/" + root_tag}

    def count(self) -> None:
        """Number each element among its parent's children of its tag (in walk order)."""
        n = len(self.tag)
        ids: dict[str, int] = {}
        tag_ids = np.fromiter(map(ids.setdefault, self.tag, itertools.count()), dtype=np.int64, count=n)
        key = np.asarray(self.parent, dtype=np.int64) * n + tag_ids  # tag ids are first positions, < n
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        first = np.ones(n, dtype=bool)
        first[1:] = ordered[1:] != ordered[:-1]
        starts = np.flatnonzero(first)
        group = np.cumsum(first) - 1
        sizes = np.diff(np.append(starts, n))
        nth = np.empty(n, dtype=np.int64)
        nth[order] = np.arange(n) - starts[group] + 1
        shared = np.empty(n, dtype=bool)
        shared[order] = sizes[group] > 1
        self.nth = nth.tolist()
        self.shared = shared.tolist()

    def path(self, i: int) -> str:
        """The path of walked element ``i`` (after ``count``)."""
        paths = self.paths
        found = paths.get(i)
        if found is not None:
            return found
        chain = []
        while found is None:
            chain.append(i)
            i = self.parent[i]
            found = paths.get(i)
        path = found
        for i in reversed(chain):
            tag = self.tag[i]
            path = paths[i] = path + "/" + (f"{tag}[{self.nth[i]}]" if self.shared[i] else tag)
        return path


class _Open:
    """The block being collected for one open block element (``step``: its walk index)."""

    __slots__ = ("element", "parts", "link_chars", "depth", "step")

    def __init__(self, element: etree._Element, depth: int, step: int) -> None:
        self.element = element
        self.parts: list[str] = []
        self.link_chars = 0
        self.depth = depth
        self.step = step


class _Found:
    """The blocks found so far, as flat lists: an object per block would live as long as the walk
    and give the garbage collector more to trace."""

    __slots__ = ("texts", "elements", "depths", "steps", "links")

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.elements: list[etree._Element] = []
        self.depths: list[int] = []
        self.steps: list[int] = []
        self.links: list[int] = []

    def add(self, text: str, ctx: _Open, link_chars: int) -> None:
        self.texts.append(text)
        self.elements.append(ctx.element)
        self.depths.append(ctx.depth)
        self.steps.append(ctx.step)
        self.links.append(link_chars)

    def blocks(self, root: etree._Element, steps: _Steps) -> list[Block]:
        """The ``Block`` records, once the walk is over."""
        if self.texts:
            steps.count()
        order: dict[etree._Element, int] | None = None
        tags = steps.tag
        blocks = []
        rows = zip(self.texts, self.elements, self.depths, self.steps, self.links)
        for index, (text, el, depth, step, link_chars) in enumerate(rows):
            if depth > MAX_PATH_DEPTH:
                if order is None:
                    order = {e: i for i, e in enumerate(root.iter(etree.Element), 1)}
                path = f"(//*)[{order[el]}]"
            else:
                path = steps.path(step)
            tag = tags[step] if step else (el.tag if isinstance(el.tag, str) else "?")
            # Positional, in the order of Block's fields: twice as fast as keywords.
            blocks.append(Block(index, text, tag, path, depth, min(link_chars, len(text)), el))
        return blocks


def segment(root: etree._Element, check: Callable[[], None] | None = None) -> list[Block]:
    """Return the page's blocks in document order.

    A block element's text is split where a child block starts, so ``<div>a<p>b</p>c</div>``
    gives three blocks. Two or more consecutive ``<br>`` also end a block. ``check`` is called
    every few thousand elements (a deadline raises from it).

    ``<noscript>`` is skipped, unless the page shows next to nothing outside it while its
    ``<noscript>`` elements hold a text: forum software (Discourse) renders the whole thread there
    for clients without scripts. Then those elements are read as ``<div>`` (the tree is changed).
    """
    blocks = _segment(root, check)
    shown = sum(len(b.text.split()) for b in blocks)
    if shown < NOSCRIPT_FALLBACK_WORDS:
        hidden = [el for el in root.iter("noscript") if el.getparent() is not None]
        if sum(len(t.split()) for el in hidden for t in el.itertext()) >= NOSCRIPT_MIN_WORDS:
            for el in hidden:
                el.tag = "div"
            blocks = _segment(root, check)
    return blocks


def _segment(root: etree._Element, check: Callable[[], None] | None) -> list[Block]:
    found = _Found()
    steps = _Steps(str(root.tag))
    parent_of, tag_of = steps.parent, steps.tag
    top = _Open(root, 0, 0)
    stack = [top]
    parts = top.parts
    kinds: dict[object, int] = {}
    root_kind = _kind(root.tag)
    if root_kind >= _SKIP:
        return []
    open_kinds = [root_kind]  # every open element's kind; its length is the depth
    open_steps = [0]  # walk indexes of the open elements that are walked into
    link_depth = br_run = 0
    next_check = CHECK_EVERY if check is not None else -1

    def flush(ctx: _Open) -> None:
        pieces = ctx.parts
        if not pieces:
            return
        text = normalize_ws("".join(pieces))
        pieces.clear()
        link_chars = ctx.link_chars
        ctx.link_chars = 0
        if len(text) >= MIN_BLOCK_CHARS:
            found.add(text, ctx, link_chars)

    if root_kind == _BR:
        br_run = 1
    else:
        if root_kind == _LINK:
            link_depth = 1
        text = root.text
        if text and not text.isspace():
            parts.append(text)
            if link_depth:
                top.link_chars += len(text.strip())
    # The root's subtrees one by one, so that the walk never meets the root.
    for child in root:
        walker = etree.iterwalk(child, events=("start", "end"))
        for event, el in walker:
            if event == "start":
                tag = el.tag
                kind = kinds.get(tag)
                if kind is None:
                    kind = kinds[tag] = _kind(tag)
                open_kinds.append(kind)
                if kind == _IGNORED:
                    walker.skip_subtree()
                    continue
                step = len(tag_of)
                if step == next_check:
                    next_check += CHECK_EVERY
                    check()  # type: ignore[misc]
                parent_of.append(open_steps[-1])
                tag_of.append(tag)
                if kind == _SKIP:
                    walker.skip_subtree()
                    continue
                open_steps.append(step)
                if kind != _INLINE:
                    if kind == _BR:
                        br_run += 1
                        if br_run >= 2:
                            if parts:
                                flush(top)
                        elif parts:
                            parts.append("\n")
                        continue
                    if kind == _BLOCK:
                        if parts:
                            flush(top)
                        top = _Open(el, len(open_kinds), step)
                        stack.append(top)
                        parts = top.parts
                        br_run = 0
                    else:
                        link_depth += 1
                text = el.text
            else:
                kind = open_kinds.pop()
                if kind == _INLINE:
                    open_steps.pop()
                elif kind < _SKIP:
                    open_steps.pop()
                    if kind == _BLOCK:
                        if top.element is el:
                            flush(stack.pop())
                            top = stack[-1]
                            parts = top.parts
                    elif kind == _LINK and link_depth:
                        link_depth -= 1
                text = el.tail
            # White space that would start a block is left out: normalizing strips it anyway.
            if text and (parts or not text.isspace()):
                if br_run and text.strip():
                    br_run = 0
                parts.append(text)
                if link_depth:
                    top.link_chars += len(text.strip())
    while stack:
        flush(stack.pop())
    return found.blocks(root, steps)
