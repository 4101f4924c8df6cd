"""``wallsense label``: a draft ``.labels`` file from the current model, for a person to correct."""

from __future__ import annotations

import re
from collections import defaultdict

from lxml import etree

from .decode import decode
from .model import Model
from .parse import parse
from .pipeline import analyze
from .records import Label, Report
from .selectors import SelectorError, select
from .segment import segment

_SAFE_TOKEN = re.compile(r"^-?[_a-zA-Z][\w-]*$")


def _step(el: etree._Element) -> str:
    tag = el.tag if isinstance(el.tag, str) else "*"
    el_id = el.get("id")
    if el_id and _SAFE_TOKEN.match(el_id):
        return f"{tag}#{el_id}"
    classes = [c for c in (el.get("class") or "").split() if _SAFE_TOKEN.match(c)][:3]
    return tag + "".join(f".{c}" for c in classes)


def selector_for(root: etree._Element, el: etree._Element) -> str:
    """A selector in the supported subset that picks ``el``, as short as it can be made unique."""
    steps: list[str] = []
    cur: etree._Element | None = el
    while cur is not None and cur is not root:
        steps.insert(0, _step(cur))
        candidate = " > ".join(steps)
        try:
            hits = select(root, candidate)
        except SelectorError:
            hits = []
        if len(hits) == 1 and hits[0] is el:
            return candidate
        if "#" in steps[0] and len(hits) == 1:
            return candidate
        cur = cur.getparent()
    return " > ".join(steps) or "body"


def _groups(report: Report, root: etree._Element) -> dict[Label, list[etree._Element]]:
    """For each non-other label, the highest elements whose blocks all carry that label."""
    blocks = segment(root)
    by_el: dict[etree._Element, set[Label]] = defaultdict(set)
    for b, r in zip(blocks, report.blocks):
        cur = b.element
        while cur is not None:
            by_el[cur].add(r.label)
            cur = cur.getparent()
    chosen: dict[Label, list[etree._Element]] = defaultdict(list)
    taken: set[etree._Element] = set()
    for b, r in zip(blocks, report.blocks):
        if r.label is Label.OTHER:
            continue
        top = b.element
        parent = top.getparent()
        while parent is not None and parent is not root and by_el[parent] == {r.label} and parent.tag != "body":
            top, parent = parent, parent.getparent()
        if top not in taken:
            taken.add(top)
            chosen[r.label].append(top)
    return chosen


def draft_labels(html: str | bytes, *, model: Model | None = None) -> str:
    """The text of a draft ``.labels`` file for this page (see ``fixtures/README.md``)."""
    text = decode(html)
    report = analyze(text, model=model)
    root = parse(text)
    lines = [
        "# Draft labels written by `wallsense label` from the model's predictions: check every line.",
        f"lang: {report.lang or 'und'}",
        "walls: " + (" ".join(k for k, v in report.walls.items() if v.present) or "none"),
        f"truncated: {'yes' if report.truncated else 'no'}",
        f"access: {report.access}",
    ]
    for label, elements in _groups(report, root).items():
        for el in elements:
            lines.append(f"{label.value}: {selector_for(root, el)}")
    article = [b.text for b in report.blocks if b.label is Label.ARTICLE]
    for snippet in (article[:1] + article[len(article) // 2: len(article) // 2 + 1] + article[-1:]) if article else []:
        lines.append(f"must: {snippet[:80].strip()}")
    walls = [b.text for b in report.blocks if b.label not in (Label.ARTICLE, Label.OTHER)]
    for snippet in walls[:3]:
        lines.append(f"must_not: {snippet[:80].strip()}")
    return "\n".join(lines) + "\n"
