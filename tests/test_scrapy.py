"""Scrapy: the downloader middleware and the item pipeline, on responses built here and on a
crawl of local ``file://`` pages (no network)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("scrapy")

import scrapy  # noqa: E402
from scrapy.http import HtmlResponse, Request, Response, TextResponse  # noqa: E402
from scrapy.utils.test import get_crawler  # noqa: E402

import wallsense.pipeline  # noqa: E402
from wallsense.errors import InputError  # noqa: E402
from wallsense.integrations.scrapy import (  # noqa: E402
    WallsenseMiddleware,
    WallsensePipeline,
    analyze_response,
    is_html_response,
)
from wallsense.records import WALL_KINDS, Metadata, Report, Verdict  # noqa: E402

from conftest import page  # noqa: E402

FIELD_KEYS = ["title", "lang", "access", "truncated", "walls", "text", "error"]


def article(n: int, *, paywall: bool = False) -> str:
    wall = '<div class="wall"><p>Subscribe to read the rest.</p></div>' if paywall else ""
    return page(f"<h1>Story {n}</h1><p>Paragraph one of story {n}.</p><p>Paragraph two.</p>{wall}",
                title=f"Story {n}")


def fake_analyze(html, *, url=None, encoding=None, model=None, timeout=None):  # noqa: ANN001
    """A stand-in for ``wallsense.analyze``: title, <p> texts, a paywall when 'Subscribe' appears."""
    text = html if isinstance(html, str) else html.decode("utf-8")
    if "BROKEN" in text:
        raise InputError("broken on purpose")
    title = re.search(r"<title>(.*?)</title>", text)
    paras = [p for p in re.findall(r"<p>(.*?)</p>", text) if "Subscribe" not in p]
    paywall = "Subscribe" in text
    walls = {k: Verdict(present=k == "paywall" and paywall, confidence=0.75) for k in WALL_KINDS}
    return Report(text="\n\n".join(paras), title=title.group(1) if title else None, lang="en",
                  metadata=Metadata(), blocks=(), walls=walls, access="partial" if paywall else "full",
                  truncated=paywall, url=url)


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(wallsense.pipeline, "analyze", fake_analyze)
    return object()  # passed as model=, so no model file is loaded


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A real, meaningless model: the real pipeline runs without the shipped model."""
    import numpy as np
    import sklearn

    from wallsense import __version__
    from wallsense.classifier import CONTEXT_NAMES, BlockClassifier, PageMatrix
    from wallsense.features import FEATURE_NAMES
    from wallsense.model import CARD_FORMAT, ModelCard, load_model, save_model
    from wallsense.records import LABELS

    rng = np.random.default_rng(0)
    n = 240
    X = rng.random((n, len(FEATURE_NAMES))).astype(np.float32)
    y = np.arange(n) % len(LABELS)
    clf = BlockClassifier(max_iter=5, smooth=False).fit(
        [PageMatrix(X=X, containers=np.zeros(n, dtype=np.int64))], [y], ["tiny"])
    card = ModelCard(format=CARD_FORMAT, wallsense_version=__version__, sklearn_version=sklearn.__version__,
                     feature_names=FEATURE_NAMES, context_names=CONTEXT_NAMES,
                     labels=tuple(lab.value for lab in LABELS), training_data_sha256="", inputs=())
    path = tmp_path_factory.mktemp("model") / "tiny.joblib"
    save_model(clf, card, path)
    load_model(path)
    return str(path)


def html_response(url: str, body: str, *, status: int = 200, encoding: str = "utf-8") -> tuple[Request, HtmlResponse]:
    request = Request(url)
    return request, HtmlResponse(url=url, body=body.encode(encoding), encoding=encoding, status=status,
                                 request=request)


# -- middleware ------------------------------------------------------------------------------

def test_middleware_puts_the_analysis_in_meta(fake):
    mw = WallsenseMiddleware(model=fake)
    request, response = html_response("https://n.example/1", article(1, paywall=True))
    assert mw.process_response(request, response) is response
    result = response.meta["wallsense"]
    assert list(result) == FIELD_KEYS
    assert (result["title"], result["access"], result["truncated"]) == ("Story 1", "partial", True)
    assert result["walls"]["paywall"] == {"present": True, "confidence": 0.75}
    assert result["text"] == "Paragraph one of story 1.\n\nParagraph two."


def test_middleware_decodes_as_scrapy_does(fake):
    mw = WallsenseMiddleware(model=fake)
    request, response = html_response("https://n.example/ru", page("<p>Привет</p>", title="Новости"),
                                      encoding="cp1251")
    mw.process_response(request, response)
    assert (response.meta["wallsense"]["title"], response.meta["wallsense"]["text"]) == ("Новости", "Привет")


@pytest.mark.parametrize("response", [
    Response("https://n.example/logo.png", body=b"\x89PNG....", request=Request("https://n.example/logo.png")),
    TextResponse("https://n.example/a.json", body=b'{"a": 1}', encoding="utf-8",
                 headers={"Content-Type": "application/json"}, request=Request("https://n.example/a.json")),
    HtmlResponse("https://n.example/gone", body=article(2).encode(), encoding="utf-8", status=404,
                 request=Request("https://n.example/gone")),
], ids=["binary", "json", "404"])
def test_middleware_leaves_other_responses_alone(fake, response):
    WallsenseMiddleware(model=fake).process_response(response.request, response)
    assert "wallsense" not in response.meta


def test_untyped_text_is_sniffed():
    request = Request("https://n.example/x")
    sniffed = TextResponse("https://n.example/x", body=b"<!doctype html><p>x</p>", encoding="utf-8",
                           headers={"Content-Type": "text/plain"}, request=request)
    plain = TextResponse("https://n.example/y", body=b"notes", encoding="utf-8",
                         headers={"Content-Type": "text/plain"}, request=request)
    assert is_html_response(sniffed) and not is_html_response(plain)


def test_middleware_records_a_failing_page(fake):
    request, response = html_response("https://n.example/bad", "<html><p>BROKEN</p></html>")
    WallsenseMiddleware(model=fake).process_response(request, response)
    assert response.meta["wallsense"]["error"] == "InputError: broken on purpose"
    assert response.meta["wallsense"]["text"] is None


def test_analyze_response(fake):
    _, response = html_response("https://n.example/3", article(3))
    assert analyze_response(response, model=fake)["title"] == "Story 3"


# -- pipeline --------------------------------------------------------------------------------

def test_pipeline_adds_the_result_to_dict_items(fake):
    pipe = WallsensePipeline(model=fake)
    item = {"url": "https://n.example/1", "html": article(1)}
    assert pipe.process_item(item) is item
    assert item["wallsense"]["title"] == "Story 1" and item["wallsense"]["error"] is None
    assert item["html"] == article(1)


def test_pipeline_passes_items_without_html_or_with_a_result(fake):
    pipe = WallsensePipeline(model=fake)
    plain = {"url": "https://n.example/1"}
    done = {"html": article(1), "wallsense": {"title": "kept"}}
    assert pipe.process_item(dict(plain)) == plain
    assert pipe.process_item(done)["wallsense"] == {"title": "kept"}


def test_pipeline_settings(fake):
    crawler = get_crawler(settings_dict={"WALLSENSE_HTML_FIELD": "body", "WALLSENSE_FIELD": "clean",
                                         "WALLSENSE_KEEP_HTML": False, "WALLSENSE_TIMEOUT": "5"})
    pipe = WallsensePipeline.from_crawler(crawler)
    pipe.analyzer._model = fake
    item = pipe.process_item({"link": "x", "body": article(2, paywall=True).encode("utf-8")})
    assert set(item) == {"link", "clean"} and item["clean"]["walls"]["paywall"]["present"] is True
    assert pipe.analyzer.timeout == 5.0


class Page(scrapy.Item):
    url = scrapy.Field()
    html = scrapy.Field()
    wallsense = scrapy.Field()


class Bare(scrapy.Item):
    html = scrapy.Field()


def test_pipeline_with_scrapy_items(fake):
    pipe = WallsensePipeline(model=fake)
    item = pipe.process_item(Page(url="https://n.example/4", html=article(4)))
    assert item["wallsense"]["title"] == "Story 4"
    with pytest.raises(KeyError, match="declare it"):
        pipe.process_item(Bare(html=article(5)))


def test_pipeline_loads_a_bad_model_setting_at_start(tmp_path):
    from wallsense.errors import ModelError

    pipe = WallsensePipeline.from_crawler(get_crawler(settings_dict={"WALLSENSE_MODEL": str(tmp_path / "no.joblib")}))
    with pytest.raises(ModelError):
        pipe.open_spider()


# -- a real crawl of local files -------------------------------------------------------------

SPIDER = '''
import scrapy


class LocalSpider(scrapy.Spider):
    name = "local"
    start_urls = {urls!r}

    def parse(self, response):
        yield {{"url": response.url, "from_middleware": response.meta.get("wallsense")}}
        yield {{"url": response.url, "html": response.text}}
'''


def test_crawl_local_files(tmp_path, tiny_model):
    urls = []
    for i in range(3):
        f = tmp_path / f"story{i}.html"
        f.write_text(article(i, paywall=i == 1), encoding="utf-8")
        urls.append(f.as_uri())
    (tmp_path / "spider.py").write_text(textwrap.dedent(SPIDER.format(urls=urls)), encoding="utf-8")
    out = tmp_path / "items.jsonl"
    settings = {
        "ITEM_PIPELINES": json.dumps({"wallsense.integrations.scrapy.WallsensePipeline": 300}),
        "DOWNLOADER_MIDDLEWARES": json.dumps({"wallsense.integrations.scrapy.WallsenseMiddleware": 500}),
        "WALLSENSE_MODEL": tiny_model,
        "WALLSENSE_KEEP_HTML": "false",
        "LOG_LEVEL": "WARNING",
        "TELNETCONSOLE_ENABLED": "false",
    }
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(tmp_path / "spider.py"), "-O", str(out)]
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    done = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(items) == 6
    via_meta = [it for it in items if "from_middleware" in it]
    via_pipeline = [it for it in items if "wallsense" in it]
    assert len(via_meta) == len(via_pipeline) == 3
    for it in via_meta:
        assert list(it["from_middleware"]) == FIELD_KEYS and it["from_middleware"]["error"] is None
    for it in via_pipeline:
        assert "html" not in it and it["wallsense"]["error"] is None
        assert set(it["wallsense"]["walls"]) == set(WALL_KINDS)
