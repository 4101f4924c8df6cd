"""Render a ``Report`` as plain text, Markdown or JSON for the command line."""

from __future__ import annotations

import json

from .records import Label, Report

FORMATS = ("text", "markdown", "json")
EXTENSIONS = {"text": ".txt", "markdown": ".md", "json": ".json"}
_MD_PREFIX = {"h1": "# ", "h2": "## ", "h3": "### ", "h4": "#### ", "h5": "#### ", "h6": "#### ",
              "li": "- ", "blockquote": "> ", "dd": "- ", "dt": "- "}


def markdown(report: Report) -> str:
    """Article blocks as Markdown: headings, list items and quotes keep their shape."""
    parts: list[str] = []
    seen: set[str] = set()
    for b in report.blocks:
        if b.label is not Label.ARTICLE or b.text in seen:
            continue
        seen.add(b.text)
        parts.append(_MD_PREFIX.get(b.tag, "") + b.text)
    return "\n\n".join(parts)


def render(report: Report, fmt: str, *, blocks: bool = False) -> str:
    """The report in ``fmt``; JSON is one line (JSON Lines friendly)."""
    if fmt == "json":
        return json.dumps(report.to_dict(blocks=blocks), ensure_ascii=False)
    if fmt == "markdown":
        return markdown(report)
    return report.text
