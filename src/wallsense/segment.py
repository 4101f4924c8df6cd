"""Cut a parsed page into blocks: the smallest block-level units that carry text."""

from __future__ import annotations

from lxml import etree

from .records import Block
from .text import normalize_ws

# Elements whose text never reaches the reader.
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "head", "iframe", "object",
    "embed", "canvas", "select", "option", "textarea", "video", "audio", "picture", "source",
    "map", "link", "meta", "title", "base",
})
# Elements that start a new block; inline markup stays inside its block.
BLOCK_TAGS = frozenset({
    "html", "body", "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "td", "th", "tr", "table", "thead", "tbody", "tfoot", "caption", "blockquote", "figure",
    "figcaption", "pre", "address", "summary", "details", "legend", "fieldset", "div", "section",
    "article", "aside", "header", "footer", "nav", "main", "form", "dialog", "center", "hr",
    "button", "menu", "hgroup", "frameset", "frame", "noframes", "label",
})
MIN_BLOCK_CHARS = 1


class _Open:
    """The block being collected for one open block element."""

    __slots__ = ("element", "parts", "link_chars", "depth")

    def __init__(self, element: etree._Element, depth: int) -> None:
        self.element = element
        self.parts: list[str] = []
        self.link_chars = 0
        self.depth = depth


def segment(root: etree._Element) -> list[Block]:
    """Return the page's blocks in document order.

    A block element's text is split where a child block starts, so ``<div>a<p>b</p>c</div>``
    gives three blocks. Two or more consecutive ``<br>`` also end a block.
    """
    tree = root.getroottree()
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
            path=tree.getpath(el),
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

