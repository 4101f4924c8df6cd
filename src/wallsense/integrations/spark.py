"""Spark: clean text and wall verdicts for a DataFrame column of HTML, and for WARC files by path.

Needs the ``[spark]`` extra (pyspark, pyarrow, pandas; WARC input also ``[warc]``). The model is
loaded once per Python worker process (Spark reuses them, ``spark.python.worker.reuse``), not per
row or batch.

    from wallsense.integrations.spark import analyze_column, read_warc
    pages = analyze_column(df, "html", url="url")          # adds a struct column "wallsense"
    pages.select("url", "wallsense.text", "wallsense.paywall").show()
    rows = read_warc(spark, ["/data/crawl-00000.warc.gz"])  # one row per HTML response

Results are flat, so they work on every Spark version with Arrow and read well in SQL: ``title``,
``lang``, ``access``, ``truncated``, ``text``, ``error``, and for each wall kind a boolean column
(``paywall``, ``adblock``, ``consent``, ``comments``) with its ``<kind>_confidence`` beside it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from ..records import WALL_KINDS
from . import error_fields, page_fields

try:
    import pandas as pd
    from pyspark.sql import functions as F
    from pyspark.sql.types import (
        BooleanType,
        DoubleType,
        StringType,
        StructField,
        StructType,
    )
except ImportError as exc:  # pragma: no cover - depends on the installation
    raise ImportError("wallsense.integrations.spark needs pyspark, pyarrow and pandas: "
                      "pip install 'wallsense[spark]'") from exc

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

#: The result fields, in order (``RESULT_SCHEMA`` gives their types).
RESULT_FIELDS: tuple[str, ...] = (
    "title", "lang", "access", "truncated",
    *(name for kind in WALL_KINDS for name in (kind, f"{kind}_confidence")),
    "text", "error",
)
RESULT_SCHEMA = StructType(
    [StructField("title", StringType()), StructField("lang", StringType()),
     StructField("access", StringType()), StructField("truncated", BooleanType())]
    + [f for kind in WALL_KINDS
       for f in (StructField(kind, BooleanType()), StructField(f"{kind}_confidence", DoubleType()))]
    + [StructField("text", StringType()), StructField("error", StringType())]
)
#: The schema of :func:`read_warc`: the WARC file, the record's url, id and date, then the results.
WARC_SCHEMA = StructType(
    [StructField("warc", StringType()), StructField("url", StringType()),
     StructField("record_id", StringType()), StructField("date", StringType())]
    + list(RESULT_SCHEMA.fields)
)

_ModelSpec = tuple  # ("path", str | None) or ("broadcast", Broadcast) or ("object", Model)


def flatten(fields: dict[str, Any]) -> dict[str, Any]:
    """:func:`wallsense.integrations.page_fields` with ``walls`` spread into flat columns."""
    walls = fields.get("walls") or {}
    out = {k: fields.get(k) for k in ("title", "lang", "access", "truncated")}
    for kind in WALL_KINDS:
        v = walls.get(kind)
        out[kind] = v["present"] if v else None
        out[f"{kind}_confidence"] = v["confidence"] if v else None
    out["text"] = fields.get("text")
    out["error"] = fields.get("error")
    return out


@functools.lru_cache(maxsize=4)
def _load(path: str | None) -> Any:
    from ..model import load_model

    return load_model(path)


def _model_spec(model: Any) -> _ModelSpec:
    """How executors get the model: load it from a path they can read, or a broadcast copy."""
    if model is None or isinstance(model, (str, Path)):
        return ("path", None if model is None else str(model))
    from pyspark import SparkContext

    sc = SparkContext._active_spark_context
    if sc is None:  # Spark Connect has no broadcast; the model then travels with each task
        return ("object", model)
    return ("broadcast", sc.broadcast(model))


def _resolve(spec: _ModelSpec) -> Any:
    kind, value = spec
    if kind == "path":
        return _load(value)
    if kind == "broadcast":
        return value.value
    return value


def _analyze_one(html: Any, url: Any, model: Any, timeout: float | None) -> dict[str, Any]:
    from ..pipeline import analyze

    try:
        if html is None or (not isinstance(html, (str, bytes, bytearray, memoryview)) and pd.isna(html)):
            raise ValueError("no HTML in this row")
        if isinstance(html, (bytearray, memoryview)):
            html = bytes(html)
        report = analyze(html, url=url if isinstance(url, str) else None, model=model, timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - a bad row gets an error, the job goes on
        return flatten(error_fields(exc))
    return flatten(page_fields(report))


def analyze_series(html: pd.Series, url: pd.Series | None = None, *, model: Any = None,
                   timeout: float | None = None) -> pd.DataFrame:
    """Analyse a pandas Series of HTML (str or bytes) into a DataFrame with ``RESULT_FIELDS``.

    This is what runs on the executors; it is plain pandas, usable without Spark.
    """
    urls = url if url is not None else pd.Series([None] * len(html), index=html.index)
    rows = [_analyze_one(h, u, model, timeout) for h, u in zip(html, urls)]
    return pd.DataFrame(rows, columns=list(RESULT_FIELDS), index=html.index)


def analyze_udf(*, model: Any = None, timeout: float | None = None, with_url: bool = True) -> Any:
    """A pandas UDF ``(html[, url]) -> struct`` with the fields of ``RESULT_SCHEMA``.

    ``model`` is None (the model shipped in the wheel), a path every executor can read, or a loaded
    ``Model`` (broadcast once). ``with_url=False`` makes a one-argument UDF.
    """
    spec = _model_spec(model)

    if with_url:
        @F.pandas_udf(RESULT_SCHEMA)  # type: ignore[call-overload]
        def wallsense_udf(html: pd.Series, url: pd.Series) -> pd.DataFrame:
            return analyze_series(html, url, model=_resolve(spec), timeout=timeout)
    else:
        @F.pandas_udf(RESULT_SCHEMA)  # type: ignore[call-overload]
        def wallsense_udf(html: pd.Series) -> pd.DataFrame:  # type: ignore[misc]
            return analyze_series(html, model=_resolve(spec), timeout=timeout)
    return wallsense_udf


def analyze_column(df: DataFrame, html: str | Column = "html", *, url: str | Column | None = None,
                   out: str = "wallsense", model: Any = None, timeout: float | None = None) -> DataFrame:
    """``df`` with a struct column ``out`` holding the analysis of the HTML column ``html``.

    The other columns pass through untouched; select ``out + ".text"``, ``out + ".paywall"`` and so
    on, or ``out + ".*"`` to spread them.
    """
    udf = analyze_udf(model=model, timeout=timeout, with_url=url is not None)
    args = [F.col(html) if isinstance(html, str) else html]
    if url is not None:
        args.append(F.col(url) if isinstance(url, str) else url)
    return df.withColumn(out, udf(*args))


def _local_path(path: str) -> str:
    return path[len("file://"):] if path.startswith("file://") else path


def warc_rows(paths: Iterable[str], *, model: Any, timeout: float | None = None,
              batch_rows: int = 64) -> Iterator[pd.DataFrame]:
    """Analyse the HTML responses of WARC files, yielding DataFrames of ``WARC_SCHEMA`` columns.

    A file that cannot be read gives one row with its ``error`` and no url.
    """
    from ..errors import InputError
    from ..warc import iter_html_records, record_row

    columns = [f.name for f in WARC_SCHEMA.fields]
    batch: list[dict[str, Any]] = []
    for path in paths:
        try:
            for record in iter_html_records(_local_path(path)):
                row = record_row(record, model=model, timeout=timeout)
                batch.append({"warc": path, "url": row["url"], "record_id": row["record_id"],
                              "date": row["date"], **flatten(row)})
                if len(batch) >= batch_rows:
                    yield pd.DataFrame(batch, columns=columns)
                    batch = []
        except InputError as exc:
            batch.append({"warc": path, "url": None, "record_id": None, "date": None,
                          **flatten(error_fields(exc))})
    if batch:
        yield pd.DataFrame(batch, columns=columns)


def read_warc(spark: SparkSession, paths: Sequence[str], *, model: Any = None,
              timeout: float | None = None, partitions: int | None = None) -> DataFrame:
    """One row per HTML response of the WARC files ``paths``, analysed on the executors.

    Paths must be readable by every executor (a local path on a one-machine cluster, a shared
    mount otherwise). Files are spread over ``partitions`` tasks (by default one per file, at most
    ``spark.default.parallelism``).
    """
    paths = [str(p) for p in paths]
    if not paths:
        return spark.createDataFrame([], WARC_SCHEMA)
    if partitions is None:
        try:
            partitions = min(len(paths), spark.sparkContext.defaultParallelism)
        except Exception:  # noqa: BLE001 - Spark Connect has no SparkContext
            partitions = len(paths)
    spec = _model_spec(model)

    def per_partition(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        chosen = _resolve(spec)
        for b in batches:
            yield from warc_rows(list(b["path"]), model=chosen, timeout=timeout)

    files = spark.createDataFrame([(p,) for p in paths], "path string").repartition(max(1, partitions))
    return files.mapInPandas(per_partition, WARC_SCHEMA)


__all__ = ["RESULT_FIELDS", "RESULT_SCHEMA", "WARC_SCHEMA", "analyze_column", "analyze_series",
           "analyze_udf", "flatten", "read_warc", "warc_rows"]
