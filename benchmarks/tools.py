"""One small adapter per extractor: ``html, url -> text``.

Every adapter imports its library lazily, so a peer that is not installed only fails its own pages
(recorded as errors) and the run goes on. Each is the library's documented main-content call with
its defaults, except where noted: comments are excluded where the library has a switch for it, and
nothing may touch the network (image fetching off; the worker also refuses sockets).
"""

from __future__ import annotations

import os
from typing import Callable

Adapter = Callable[[str, "str | None"], str]

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header "
    "hr li main nav ol p pre section table td th tr ul".split()
)


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment, with a line break around every block element."""
    import lxml.html

    if not fragment.strip():
        return ""
    root = lxml.html.fromstring(fragment)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            el.text = "\n" + (el.text or "")
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())


MODEL_ENV = "WALLSENSE_BENCH_MODEL"


def _model() -> str | None:
    """A model file to benchmark instead of the bundled one (``$WALLSENSE_BENCH_MODEL``), if set."""
    return os.environ.get(MODEL_ENV) or None


def wallsense(html: str, url: str | None) -> str:
    import wallsense as ws

    return ws.clean_text(html, url=url, model=_model())


def trafilatura(html: str, url: str | None) -> str:
    import trafilatura as tf

    return tf.extract(html, url=url, include_comments=False) or ""


def readability(html: str, url: str | None) -> str:
    from readability import Document

    return html_to_text(Document(html, url=url).summary(html_partial=True))


_JT_STOPLIST: frozenset[str] | None = None


def justext(html: str, url: str | None) -> str:
    """jusText with the union of all its stoplists (language-agnostic, as trafilatura uses it)."""
    import justext as jt

    global _JT_STOPLIST
    if _JT_STOPLIST is None:
        _JT_STOPLIST = frozenset(w for lang in jt.get_stoplists() for w in jt.get_stoplist(lang))
    paragraphs = jt.justext(html, _JT_STOPLIST)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def boilerpy3(html: str, url: str | None) -> str:
    from boilerpy3 import extractors

    return extractors.ArticleExtractor(raise_on_failure=True).get_content(html) or ""


def newspaper4k(html: str, url: str | None) -> str:
    from newspaper import Article, Config

    config = Config()
    config.fetch_images = False
    article = Article(url or "http://localhost/", config=config)
    article.download(input_html=html)
    article.parse()
    return article.text or ""


def goose3(html: str, url: str | None) -> str:
    from goose3 import Goose

    with Goose({"enable_image_fetching": False}) as g:
        return g.extract(raw_html=html).cleaned_text or ""


def resiliparse(html: str, url: str | None) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(html, main_content=True, comments=False, preserve_formatting=True)


def inscriptis(html: str, url: str | None) -> str:
    """Everything visible: the keep-all baseline that bounds recall and leak from above."""
    from inscriptis import get_text

    return get_text(html)


TOOLS: dict[str, Adapter] = {
    "wallsense": wallsense,
    "trafilatura": trafilatura,
    "readability": readability,
    "justext": justext,
    "boilerpy3": boilerpy3,
    "newspaper4k": newspaper4k,
    "goose3": goose3,
    "resiliparse": resiliparse,
    "inscriptis": inscriptis,
}

# The pip distribution behind each adapter, for the report.
DISTRIBUTIONS: dict[str, str] = {
    "wallsense": "wallsense",
    "trafilatura": "trafilatura",
    "readability": "readability-lxml",
    "justext": "jusText",
    "boilerpy3": "boilerpy3",
    "newspaper4k": "newspaper4k",
    "goose3": "goose3",
    "resiliparse": "resiliparse",
    "inscriptis": "inscriptis",
}


def wall_blocks(html: str, url: str | None) -> list[str]:
    """Texts of the blocks wallsense labels paywall/adblock/consent/comments (the wall-leak reference)."""
    import wallsense as ws

    walls = {"paywall", "adblock", "consent", "comments"}
    report = ws.analyze(html, url=url, model=_model())
    return [b.text for b in report.blocks if b.label.value in walls and b.text.strip()]
