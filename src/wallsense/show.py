"""``wallsense show``: the page with every block outlined and tinted by its label, safe to open offline."""

from __future__ import annotations


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
                "portal", "link")
_URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
              "srcset", "ping", "lowsrc", "dynsrc", "codebase", "cite", "longdesc", "manifest", "icon")
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:application", "data:image/svg")


def _neutralise(root: etree._Element) -> None:
    """Remove scripts, frames, event handlers, refreshes and script URLs."""
    for el in list(root.iter(*_ACTIVE_TAGS)):
        if el.tag == "link" and (el.get("rel") or "").lower() == "stylesheet":
            continue
        el.drop_tree() if hasattr(el, "drop_tree") else el.getparent().remove(el)
    for el in list(root.iter("meta")):
        if (el.get("http-equiv") or "").lower() in ("refresh", "set-cookie", "content-security-policy"):
            el.getparent().remove(el)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name in list(el.attrib):
            low = name.lower()
            value = el.get(name) or ""
            squashed = "".join(value.split()).lower()
            if low.startswith("on") or low == "srcdoc":
                del el.attrib[name]
            elif low in _URL_ATTRS and squashed.startswith(_BAD_SCHEMES):
                del el.attrib[name]
            elif low == "style" and ("expression(" in squashed or "javascript:" in squashed):
                del el.attrib[name]


def _bar(report: Report) -> str:
    parts = []
    for kind, v in report.walls.items():
        mark = "YES" if v.present else "no"
        parts.append(f"<b>{kind}</b>: {mark} ({v.confidence:.2f})")
    counts: dict[str, int] = {}
    for b in report.blocks:
        counts[b.label.value] = counts.get(b.label.value, 0) + 1
    legend = " ".join(
        f'<span style="background:rgba({COLORS[lab]},.35);outline:2px solid rgb({COLORS[lab]});'
        f'padding:0 4px;margin:0 2px">{lab.value} {counts.get(lab.value, 0)}</span>' for lab in Label)
    return (
        '<div id="wallsense-summary" style="position:sticky;top:0;left:0;right:0;z-index:2147483647;'
        'background:#111;color:#eee;font:13px/1.5 sans-serif;padding:6px 10px;border-bottom:3px solid #444">'
        f"<b>wallsense</b> &middot; {' &middot; '.join(parts)} &middot; access: <b>{report.access}</b> "
        f"&middot; truncated: <b>{'yes' if report.truncated else 'no'}</b><br>{legend}</div>"
    )


_STYLE = "".join(
    f'[data-ws-label="{lab.value}"]{{outline:2px solid rgb({c}) !important;'
    f'background-color:rgba({c},.18) !important;}}'
    for lab, c in COLORS.items()
) + ('[style*="position:fixed"],[style*="position: fixed"]{position:static !important;}'
     '.wallsense-note{font:11px sans-serif;color:#fff;padding:0 3px}')


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
