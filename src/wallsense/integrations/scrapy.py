"""Scrapy: clean text and wall verdicts for crawled pages. Needs the ``[scrapy]`` extra.

Two components, use either or both (``settings.py``)::

    # 1. Analyse every successful HTML response once, as it is downloaded; the result waits in
    #    response.meta["wallsense"] for the spider's callback. Keep the number below 550, so that
    #    decompression, redirects and retries have run first.
    DOWNLOADER_MIDDLEWARES = {"wallsense.integrations.scrapy.WallsenseMiddleware": 500}

    # 2. Analyse the HTML that items carry (item["html"]) and add item["wallsense"].
    ITEM_PIPELINES = {"wallsense.integrations.scrapy.WallsensePipeline": 300}

    WALLSENSE_MODEL = None          # a model file; None: the one shipped with wallsense
    WALLSENSE_TIMEOUT = 10.0        # seconds per page; a slower page gets an error entry
    WALLSENSE_HTML_FIELD = "html"   # the item field holding the page (str or bytes)
    WALLSENSE_URL_FIELD = "url"     # the item field holding its address (a hint, never fetched)
    WALLSENSE_FIELD = "wallsense"   # the item field / meta key the result goes to
    WALLSENSE_KEEP_HTML = True      # False: the pipeline drops the HTML field once analysed

The result is :func:`wallsense.integrations.page_fields`: ``title``, ``lang``, ``access``,
``truncated``, ``walls`` (kind -> ``present``, ``confidence``), ``text`` and ``error`` (None, or
why the page could not be analysed). Analysis runs on the reactor thread, a few tens of
milliseconds per page.
"""

from __future__ import annotations

import logging
from typing import Any

from . import error_fields, page_fields

try:
    from itemadapter import ItemAdapter
    from scrapy.http import HtmlResponse, Request, Response, TextResponse
except ImportError as exc:  # pragma: no cover - depends on the installation
    raise ImportError("wallsense.integrations.scrapy needs Scrapy: pip install 'wallsense[scrapy]'") from exc

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "WALLSENSE_MODEL": None,
    "WALLSENSE_TIMEOUT": None,
    "WALLSENSE_HTML_FIELD": "html",
    "WALLSENSE_URL_FIELD": "url",
    "WALLSENSE_FIELD": "wallsense",
    "WALLSENSE_KEEP_HTML": True,
}


class _Analyzer:
    """The model, loaded once, and the settings that shape an analysis."""

    def __init__(self, settings: Any = None, *, model: Any = None) -> None:
        def get(name: str) -> Any:
            if settings is None:
                return DEFAULTS[name]
            value = settings.get(name)
            return DEFAULTS[name] if value is None else value

        self.model_setting = model if model is not None else get("WALLSENSE_MODEL")
        self.timeout = get("WALLSENSE_TIMEOUT")
        self.timeout = float(self.timeout) if self.timeout is not None else None
        self.html_field = get("WALLSENSE_HTML_FIELD")
        self.url_field = get("WALLSENSE_URL_FIELD")
        self.field = get("WALLSENSE_FIELD")
        keep = get("WALLSENSE_KEEP_HTML")
        self.keep_html = keep if isinstance(keep, bool) else str(keep).lower() in ("1", "true", "yes", "on")
        self._model: Any = None

    @property
    def model(self) -> Any:
        if self._model is None:
            from ..model import load_model

            m = self.model_setting
            self._model = load_model(m) if m is None or isinstance(m, str) else m
        return self._model

    def fields(self, html: str | bytes, url: str | None) -> dict[str, Any]:
        from ..pipeline import analyze

        try:
            report = analyze(html, url=url, model=self.model, timeout=self.timeout)
        except Exception as exc:  # noqa: BLE001 - one bad page must not stop the crawl
            logger.warning("wallsense could not analyse %s: %s", url or "a page", exc)
            return error_fields(exc)
        return page_fields(report)


def is_html_response(response: Response) -> bool:
    """True for responses Scrapy typed as HTML, and for untyped text that sniffs as HTML."""
    if isinstance(response, HtmlResponse):
        return True
    if not isinstance(response, TextResponse):
        return False
    from ..warc import is_html

    content_type = response.headers.get(b"Content-Type")
    return is_html(content_type.decode("latin-1") if content_type else None, response.body)


def analyze_response(response: TextResponse, *, model: Any = None, timeout: float | None = None) -> dict[str, Any]:
    """:func:`~wallsense.integrations.page_fields` for one response, decoded as Scrapy decoded it."""
    analyzer = _Analyzer(model=model)
    analyzer.timeout = timeout
    return analyzer.fields(response.text, response.url)


class WallsenseMiddleware:
    """Downloader middleware: puts the analysis of each HTML response in ``response.meta``.

    Responses that are not HTML, or whose status is not 2xx, pass untouched; the meta key is
    ``WALLSENSE_FIELD``.
    """

    def __init__(self, settings: Any = None, *, model: Any = None) -> None:
        self.analyzer = _Analyzer(settings, model=model)

    @classmethod
    def from_crawler(cls, crawler: Any) -> "WallsenseMiddleware":
        return cls(crawler.settings)

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        if (200 <= response.status < 300 and self.analyzer.field not in request.meta
                and is_html_response(response)):
            assert isinstance(response, TextResponse)
            request.meta[self.analyzer.field] = self.analyzer.fields(response.text, response.url)
        return response


class WallsensePipeline:
    """Item pipeline: analyses the HTML an item carries and adds the result under ``WALLSENSE_FIELD``.

    Items without the HTML field, or that already hold a result (from the middleware, copied by the
    spider), pass unchanged. Works with dicts, ``scrapy.Item`` (declare the result field) and the
    other item types itemadapter knows.
    """

    def __init__(self, settings: Any = None, *, model: Any = None) -> None:
        self.analyzer = _Analyzer(settings, model=model)

    @classmethod
    def from_crawler(cls, crawler: Any) -> "WallsensePipeline":
        return cls(crawler.settings)

    def open_spider(self, spider: Any = None) -> None:
        self.analyzer.model  # load now: a bad WALLSENSE_MODEL fails at start, not mid-crawl

    def process_item(self, item: Any, spider: Any = None) -> Any:
        adapter = ItemAdapter(item)
        a = self.analyzer
        html = adapter.get(a.html_field)
        if html is None or adapter.get(a.field) is not None:
            return item
        url = adapter.get(a.url_field)
        result = a.fields(html, url if isinstance(url, str) else None)
        try:
            adapter[a.field] = result
        except KeyError:
            raise KeyError(f"{type(item).__name__} has no field {a.field!r} for wallsense's result: "
                           f"declare it ({a.field} = scrapy.Field()) or set WALLSENSE_FIELD") from None
        if not a.keep_html:
            del adapter[a.html_field]
        return item


__all__ = ["WallsenseMiddleware", "WallsensePipeline", "analyze_response", "is_html_response"]
