"""Spark: a column of HTML and WARC files by path, on a local[2] session (skipped without Java).

The executors run the real pipeline with a tiny model trained here on random features, so the
test needs neither the shipped model nor anything outside tmp_path.
"""

from __future__ import annotations

import io
import os
import shutil
import sys

import pytest

pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
pytest.importorskip("pyspark")

import pandas as pd  # noqa: E402

import wallsense.pipeline  # noqa: E402
from wallsense.integrations import spark as ws_spark  # noqa: E402
from wallsense.records import WALL_KINDS, Metadata, Report, Verdict  # noqa: E402

from conftest import page  # noqa: E402


def article(n: int) -> str:
    return page(f"<h1>Story {n}</h1><p>Paragraph one of story {n}.</p><p>Paragraph two.</p>", title=f"Story {n}")


def fake_analyze(html, *, url=None, encoding=None, model=None, timeout=None):  # noqa: ANN001
    text = html if isinstance(html, str) else html.decode("utf-8")
    walls = {k: Verdict(present=k == "consent", confidence=0.5) for k in WALL_KINDS}
    return Report(text=f"text of {url}", title=text[:5], lang="en", metadata=Metadata(), blocks=(),
                  walls=walls, access="full", truncated=False, url=url)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A real, meaningless model, so executors run the whole pipeline without the shipped model."""
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


@pytest.fixture(scope="module")
def spark():
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        pytest.skip("Spark needs Java, and there is none here")
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (SparkSession.builder.master("local[2]").appName("wallsense-test")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.driver.memory", "1g")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


# -- plain pandas, no session ----------------------------------------------------------------

def test_analyze_series_flat_columns(monkeypatch):
    monkeypatch.setattr(wallsense.pipeline, "analyze", fake_analyze)
    html = pd.Series(["<html>a</html>", b"<html>b</html>", None], index=[5, 6, 7])
    url = pd.Series(["https://x/a", "https://x/b", "https://x/c"], index=[5, 6, 7])
    out = ws_spark.analyze_series(html, url, model=object())
    assert list(out.columns) == list(ws_spark.RESULT_FIELDS) == [f.name for f in ws_spark.RESULT_SCHEMA.fields]
    assert list(out.index) == [5, 6, 7]
    assert list(out["text"][:2]) == ["text of https://x/a", "text of https://x/b"]
    assert bool(out.loc[5, "consent"]) is True and out.loc[5, "consent_confidence"] == 0.5
    assert out.loc[7, "error"] == "ValueError: no HTML in this row" and pd.isna(out.loc[7, "text"])


def test_flatten_spreads_walls():
    flat = ws_spark.flatten({"title": "T", "walls": {"paywall": {"present": True, "confidence": 0.9}},
                             "text": "x", "error": None})
    assert (flat["paywall"], flat["paywall_confidence"], flat["adblock"]) == (True, 0.9, None)
    assert list(flat) == list(ws_spark.RESULT_FIELDS)


# -- on a local[2] session -------------------------------------------------------------------

def test_analyze_column(spark, tiny_model):
    rows = [(i, f"https://n.example/{i}", article(i)) for i in range(12)]
    rows.append((12, "https://n.example/empty", "   "))
    rows.append((13, "https://n.example/null", None))
    df = spark.createDataFrame(rows, "id int, url string, html string").repartition(3)
    out = ws_spark.analyze_column(df, "html", url="url", model=tiny_model)
    assert out.columns == ["id", "url", "html", "wallsense"]
    got = {r["id"]: r for r in out.select("id", "wallsense.*").collect()}
    assert sorted(got) == list(range(14))
    for i in range(12):
        assert got[i]["error"] is None, got[i]["error"]
        assert isinstance(got[i]["text"], str) and isinstance(got[i]["paywall"], bool)
        assert 0.0 <= got[i]["paywall_confidence"] <= 1.0
    assert got[12]["error"] == "InputError: the page is empty"
    assert got[13]["error"] == "ValueError: no HTML in this row"


def test_analyze_column_binary_html_and_a_broadcast_model(spark, tiny_model):
    from wallsense.model import load_model

    df = spark.createDataFrame([(bytearray(article(i).encode("utf-8")),) for i in range(4)], "html binary")
    out = ws_spark.analyze_column(df, "html", model=load_model(tiny_model), out="ws").select("ws.*")
    rows = out.collect()
    assert len(rows) == 4 and all(r["error"] is None and r["access"] for r in rows)


def test_read_warc(spark, tiny_model, tmp_path):
    pytest.importorskip("warcio")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    paths = []
    for f in range(2):
        path = tmp_path / f"part-{f}.warc.gz"
        with open(path, "wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            for i in range(5):
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    f"https://n.example/{f}/{i}", "response", payload=io.BytesIO(article(i).encode()),
                    http_headers=http))
            http = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://n.example/{f}/logo.png", "response",
                                                          payload=io.BytesIO(b"\x89PNG...."), http_headers=http))
        paths.append(str(path))
    missing = str(tmp_path / "missing.warc.gz")
    df = ws_spark.read_warc(spark, [*paths, "file://" + paths[0].replace(".warc.gz", ".nope"), missing],
                            model=tiny_model)
    assert [f.name for f in df.schema.fields] == [f.name for f in ws_spark.WARC_SCHEMA.fields]
    rows = df.collect()
    good = sorted(r["url"] for r in rows if r["error"] is None)
    assert good == sorted(f"https://n.example/{f}/{i}" for f in range(2) for i in range(5))
    assert all(r["record_id"].startswith("<urn:uuid:") and r["date"] for r in rows if r["error"] is None)
    failed = {r["warc"] for r in rows if r["error"] is not None}
    assert missing in failed and len(failed) == 2
