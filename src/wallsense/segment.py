"""Cut a parsed page into blocks: the smallest block-level units that carry text."""

from __future__ import annotations

from typing import Callable

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
# Deeper blocks get a short positional path, ``(//*)[k]``, instead of one step per ancestor.
MAX_PATH_DEPTH = 128
CHECK_EVERY = 4096


class _Paths:
    """``tree.getpath`` without its cost: libxml2 scans all siblings for every element (quadratic
    on wide pages) and writes one step per ancestor (quadratic on deep ones). Same strings for
    elements up to ``MAX_PATH_DEPTH`` deep."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.paths: dict[etree._Element, str] = {root: "/" + str(root.tag)}
        self.steps: dict[etree._Element, str] = {}
        self.order: dict[etree._Element, int] | None = None

    def _fill_steps(self, parent: etree._Element) -> None:
        kids = [c for c in parent if isinstance(c.tag, str)]
        counts: dict[str, int] = {}
        for c in kids:
            counts[c.tag] = counts.get(c.tag, 0) + 1
        seen: dict[str, int] = {}
        for c in kids:
            t = c.tag
            if counts[t] > 1:
                seen[t] = seen.get(t, 0) + 1
                self.steps[c] = f"{t}[{seen[t]}]"
            else:
                self.steps[c] = t

    def path(self, el: etree._Element, depth: int) -> str:
        if depth > MAX_PATH_DEPTH:
            if self.order is None:
                self.order = {e: i for i, e in enumerate(self.root.iter(etree.Element), 1)}
            return f"(//*)[{self.order[el]}]"
        found = self.paths.get(el)
        if found is not None:
            return found
        chain = []
        cur = el
        while cur not in self.paths:
            chain.append(cur)
            cur = cur.getparent()
        path = self.paths[cur]
        for node in reversed(chain):
            if node not in self.steps:
                self._fill_steps(node.getparent())
            path = self.paths[node] = path + "/" + self.steps[node]
        return path


class _Open:
    """The block being collected for one open block element."""

    __slots__ = ("element", "parts", "link_chars", "depth")

    def __init__(self, element: etree._Element, depth: int) -> None:
        self.element = element
        self.parts: list[str] = []
        self.link_chars = 0
        self.depth = depth


def segment(root: etree._Element, check: Callable[[], None] | None = None) -> list[Block]:
    """Return the page's blocks in document order.

    A block element's text is split where a child block starts, so ``<div>a<p>b</p>c</div>``
    gives three blocks. Two or more consecutive ``<br>`` also end a block. ``check`` is called
    every few thousand elements (a deadline raises from it).
    """
    paths = _Paths(root)
    events = 0
    blocks: list[Block] = []
    stack: list[_Open] = [_Open(root, 0)]
    link_depth = 0
    depth = 0
    br_run = 0

    def flush(ctx: _Open) -> None:
        if not ctx.parts:
            return
        text = normalize_ws("".join(ctx.parts))
        link_chars = ctx.link_chars
        ctx.parts = []
        ctx.link_chars = 0
        if len(text) < MIN_BLOCK_CHARS:
            return
        el = ctx.element
        blocks.append(Block(
            index=len(blocks),
            text=text,
            tag=el.tag if isinstance(el.tag, str) else "?",
            path=paths.path(el, ctx.depth),
            depth=ctx.depth,
            link_chars=min(link_chars, len(text)),
            element=el,
        ))

    def add(text: str | None) -> None:
        nonlocal br_run
        if not text:
            return
        if br_run and text.strip():
            br_run = 0
        top = stack[-1]
        top.parts.append(text)
        if link_depth:
            top.link_chars += len(text.strip())

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        events += 1
        if check is not None and not events % CHECK_EVERY:
            check()
        if event == "start":
            depth += 1
            if not isinstance(tag, str):
                walker.skip_subtree()
                continue
            tag = tag.lower()
            if tag in SKIP_TAGS:
                walker.skip_subtree()
                continue
            if tag == "br":
                br_run += 1
                if br_run >= 2:
                    flush(stack[-1])
                else:
                    add("\n")
                continue
            if tag in BLOCK_TAGS and el is not root:
                flush(stack[-1])
                stack.append(_Open(el, depth))
                br_run = 0
            elif tag == "a":
                link_depth += 1
            add(el.text)
        else:
            depth -= 1
            if isinstance(tag, str):
                tag = tag.lower()
                if tag in BLOCK_TAGS and el is not root and len(stack) > 1 and stack[-1].element is el:
                    flush(stack.pop())
                elif tag == "a" and link_depth:
                    link_depth -= 1
            if el is not root:
                add(el.tail)
    while stack:
        flush(stack.pop())
    return blocks

