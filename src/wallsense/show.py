"""``wallsense show``: the page with every block outlined and tinted by its label, safe to open offline."""

from __future__ import annotations

import re
from html import escape

from lxml import etree, html as lxml_html

from .decode import decode
from .parse import parse
from .records import Label, Report
from .segment import segment

COLORS = {
    Label.ARTICLE: "46,160,67",
    Label.PAYWALL: "214,39,40",
    Label.ADBLOCK: "255,127,14",
    Label.CONSENT: "148,103,189",
    Label.COMMENTS: "31,119,180",
    Label.OTHER: "140,140,140",
}
_ACTIVE_TAGS = ("script", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
                "portal", "link", "animate", "set")  # SVG <animate>/<set> can write a javascript: href
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:application", "data:image/svg")
_BAD_EQUIV = ("refresh", "set-cookie", "content-security-policy")
# Inline declarations dropped everywhere (they hide text or block the tooltip), and on pinned overlays.
_HIDING = {"filter", "-webkit-filter", "backdrop-filter", "mask-image", "-webkit-mask-image", "user-select",
           "-webkit-user-select", "pointer-events"}
_PINNING = {"position", "inset", "top", "right", "bottom", "left", "z-index", "transform", "width", "height",
            "min-height", "max-height", "background", "background-color", "color", "box-shadow", "opacity"}
_DECL_SPLIT = re.compile(r";(?![^(]*\))")
_PINNED = re.compile(r"position\s*:\s*(fixed|sticky)", re.I)


def _unpin(style: str, tag: str) -> str:
    """``style`` without what pins an overlay over the page, hides text or locks scrolling."""
    drop = _HIDING | (_PINNING if _PINNED.search(style) else set())
    if tag in ("html", "body"):
        drop = drop | {"overflow", "overflow-y", "position", "height"}
    kept = [d.strip() for d in _DECL_SPLIT.split(style)
            if d.strip() and d.split(":", 1)[0].strip().lower() not in drop]
    return ";".join(kept)


def _append_text(el: etree._Element, text: str | None) -> None:
    """Put ``text`` just before ``el``: after its previous sibling's tail, or else its parent's text."""
    if not text:
        return
    previous = el.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent = el.getparent()
        parent.text = (parent.text or "") + text


def _remove(el: etree._Element) -> None:
    """Take ``el`` and everything in it out of the tree; the text after it stays."""
    parent = el.getparent()
    if parent is None:
        return
    _append_text(el, el.tail)
    parent.remove(el)


def _unwrap(el: etree._Element) -> None:
    """Put ``el``'s text and children where ``el`` was, without ``el`` itself."""
    parent = el.getparent()
    if parent is None:
        return
    children = list(el)
    _append_text(el, el.text)
    if children:
        children[-1].tail = (children[-1].tail or "") + (el.tail or "")
    else:
        _append_text(el, el.tail)
    index = parent.index(el)
    parent[index:index + 1] = children


def _neutralise(root: etree._Element) -> None:
    """Remove scripts, frames, event handlers, refreshes and script URLs."""
    for el in list(root.iter(*_ACTIVE_TAGS)):
        if el.tag == "link" and (el.get("rel") or "").lower() == "stylesheet":
            continue
        if el.tag == "embed" and len(el):
            _unwrap(el)  # void, but libxml2 nests the rest of the page inside: keep that
        else:
            _remove(el)
    for el in list(root.iter("meta")):
        if (el.get("http-equiv") or "").strip().lower() in _BAD_EQUIV:
            el.getparent().remove(el)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name in list(el.attrib):
            low = name.lower()
            value = el.get(name) or ""
            squashed = "".join(ch for ch in value if ch > " ").lower()  # browsers skip blanks and controls
            if low == "style" and "expression(" not in squashed and "javascript:" not in squashed:
                if value := _unpin(value, el.tag):
                    el.set(name, value)
                else:
                    del el.attrib[name]
            elif low.startswith("on") or low in ("srcdoc", "style") or squashed.startswith(_BAD_SCHEMES):
                del el.attrib[name]  # a script URL in any attribute: href, action, xlink:href, math href...


def _tint(rgb: str) -> str:
    """The label colour at 18 % over white, opaque so dark text stays readable on any page theme."""
    return ",".join(str(round(255 - (255 - int(v)) * 0.18)) for v in rgb.split(","))


TINTS = {lab: _tint(c) for lab, c in COLORS.items()}
_STYLE = "".join(
    f'[data-ws-label="{lab.value}"]{{outline:2px solid rgb({c}) !important;'
    f'background-color:rgb({TINTS[lab]}) !important;color:#111 !important}}'
    for lab, c in COLORS.items()
) + "html,body{overflow:visible !important;position:static !important}"


def _bar(report: Report) -> str:
    parts = []
    for kind, v in report.walls.items():
        mark = "YES" if v.present else "no"
        parts.append(f"<b>{escape(str(kind))}</b>: {mark} ({v.confidence:.2f})")
    counts: dict[str, int] = {}
    for b in report.blocks:
        counts[b.label.value] = counts.get(b.label.value, 0) + 1
    legend = " ".join(
        f'<span style="background:rgb({TINTS[lab]});color:#111;outline:2px solid rgb({COLORS[lab]});'
        f'padding:0 4px;margin:0 3px">{lab.value} {counts.get(lab.value, 0)}</span>' for lab in Label)
    return (
        '<div id="wallsense-summary" style="position:sticky;top:0;left:0;right:0;z-index:2147483647;'
        'background:#111;color:#eee;font:13px/1.5 sans-serif;padding:6px 10px;border-bottom:3px solid #444">'
        f"<b>wallsense</b> &middot; {' &middot; '.join(parts)} &middot; "
        f"access: <b>{escape(str(report.access))}</b> &middot; "
        f"truncated: <b>{'yes' if report.truncated else 'no'}</b><br>{legend}</div>"
    )


def annotate(html: str | bytes, report: Report) -> str:
    """The page as HTML, blocks outlined by label with a tooltip of label, probability and signals."""
    root = parse(decode(html))
    blocks = segment(root)
    per_element: dict[etree._Element, list] = {}
    for b, r in zip(blocks, report.blocks):
        per_element.setdefault(b.element, []).append(r)
    for el, results in per_element.items():
        main = max(results, key=lambda r: (r.label is not Label.OTHER, r.probability))
        el.set("data-ws-label", main.label.value)
        tip = f"{main.label.value} p={main.probability:.2f}"
        if main.signals:
            tip += " | " + ", ".join(main.signals)
        el.set("title", tip)
    _neutralise(root)
    head = root.find("head")
    if head is None:
        head = etree.Element("head")
        root.insert(0, head)
    style = etree.SubElement(head, "style")
    style.text = _STYLE
    meta = etree.Element("meta", charset="utf-8")
    head.insert(0, meta)
    body = root.find("body")
    if body is None:
        body = etree.SubElement(root, "body")
    bar = lxml_html.fragment_fromstring(_bar(report))
    body.insert(0, bar)
    out = lxml_html.tostring(root, encoding="unicode", method="html", doctype="<!DOCTYPE html>")
    return out


__all__ = ["annotate"]
