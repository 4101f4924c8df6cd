"""What a page says about itself: ``<meta>``, ``<link>``, ``<title>`` and schema.org JSON-LD."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Iterator

from lxml import etree

from .parse import text_content
from .records import Metadata
from .text import normalize_ws

_ARTICLE_TYPES = ("article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
                  "opinionnewsarticle", "reviewnewsarticle", "liveblogposting", "report", "webpage",
                  "creativework", "backgroundnewsarticle", "socialmediaposting")
_JSON_JUNK = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|//\s*\]\]>\s*$|^\s*<!--|-->\s*$", re.M)
_MAX_LD_CHARS = 2_000_000


@dataclass(frozen=True, slots=True)
class PageFacts:
    """Metadata plus the facts later stages use (description, access tier, hasPart selectors)."""

    metadata: Metadata
    description: str | None
    accessible_for_free: bool | None
    paywalled_selectors: tuple[str, ...]
    content_tier: str | None
    ld_types: tuple[str, ...]
    script_sources: tuple[str, ...]


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        v = value.strip().lower()
        if v in ("true", "yes", "1"):
            return True
        if v in ("false", "no", "0"):
            return False
    return None


def _walk_ld(node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 20:
        return
    if isinstance(node, list):
        for item in node:
            yield from _walk_ld(item, depth + 1)
    elif isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart", "itemListElement", "isPartOf"):
                yield from _walk_ld(value, depth + 1)


def _types(obj: dict[str, Any]) -> list[str]:
    t = obj.get("@type")
    items = t if isinstance(t, list) else [t]
    return [str(x).lower() for x in items if isinstance(x, str)]


def _name(value: Any) -> str | None:
    if isinstance(value, str):
        return normalize_ws(value) or None
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(dict.fromkeys(names)) or None
    return None


def json_ld(root: etree._Element) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, flattened out of ``@graph`` and nested parts."""
    objects: list[dict[str, Any]] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = script.text or ""
        if not raw.strip() or len(raw) > _MAX_LD_CHARS:
            continue
        try:
            data = json.loads(_JSON_JUNK.sub("", raw), strict=False)
        except (ValueError, RecursionError):
            continue
        objects.extend(_walk_ld(data))
    return objects


def _meta_map(root: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv") or "").strip().lower()
        content = m.get("content")
        if key and content and key not in out:
            out[key] = normalize_ws(content)
    return out


def page_facts(root: etree._Element) -> PageFacts:
    """Read metadata and access facts from the page's head and structured data."""
    meta = _meta_map(root)
    objects = json_ld(root)
    article = next((o for o in objects if any(t in _ARTICLE_TYPES[:-2] for t in _types(o))), None)
    if article is None:
        article = next((o for o in objects if any(t in _ARTICLE_TYPES for t in _types(o))), {})

    free: bool | None = None
    selectors: list[str] = []
    for obj in objects:
        flag = _as_bool(obj.get("isAccessibleForFree"))
        types = _types(obj)
        if "webpageelement" in types:
            sel = obj.get("cssSelector")
            if flag is False and isinstance(sel, str) and sel.strip():
                selectors.append(sel.strip())
            elif flag is False and isinstance(sel, list):
                selectors.extend(s.strip() for s in sel if isinstance(s, str) and s.strip())
            continue
        if flag is not None and (free is None or flag is False):
            free = flag

    title_el = next(root.iter("title"), None)
    html_title = normalize_ws(text_content(title_el)) if title_el is not None else None
    headline = _name(article.get("headline")) if article else None
    title = meta.get("og:title") or headline or meta.get("twitter:title") or html_title or None

    canonical = None
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            canonical = link.get("href").strip()
            break
    canonical = canonical or meta.get("og:url")

    published = (meta.get("article:published_time") or _name(article.get("datePublished"))
                 or meta.get("date") or meta.get("pubdate") or meta.get("dc.date")
                 or meta.get("parsely-pub-date") or None)
    byline = _name(article.get("author")) or meta.get("author") or meta.get("article:author") or None
    if byline and byline.startswith("http"):
        byline = None
    site = meta.get("og:site_name") or _name(article.get("publisher")) or meta.get("application-name")
    lang = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
            or meta.get("content-language") or meta.get("og:locale") or "")
    lang = re.split(r"[-_]", lang.strip().lower())[0] or None
    if lang is not None and not re.fullmatch(r"[a-z]{2,3}", lang):
        lang = None

    scripts = tuple((s.get("src") or "").strip() for s in root.iter("script") if s.get("src"))
    return PageFacts(
        metadata=Metadata(title=title, byline=byline, published=published, site_name=site,
                          canonical_url=canonical, lang=lang),
        description=meta.get("description") or meta.get("og:description"),
        accessible_for_free=free,
        paywalled_selectors=tuple(dict.fromkeys(selectors)),
        content_tier=(meta.get("article:content_tier") or "").lower() or None,
        ld_types=tuple(dict.fromkeys(t for o in objects for t in _types(o))),
        script_sources=scripts,
    )
