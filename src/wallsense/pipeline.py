"""``analyze``: the stages in order, from the caller's page to a ``Report``."""

from __future__ import annotations

import time

import numpy as np

from . import walls as wall_stage
from .assemble import article_text, block_results
from .classifier import PageMatrix
from .decode import decode
from .errors import PageTimeout
from .features import PageContext, featurize
from .metadata import page_facts
from .model import Model, load_model
from .parse import parse
from .records import Report
from .segment import segment
from .text import guess_lang


class _Deadline:
    def __init__(self, timeout: float | None) -> None:
        self.end = None if timeout is None else time.monotonic() + timeout
        self.timeout = timeout

    def check(self, stage: str) -> None:
        if self.end is not None and time.monotonic() > self.end:
            raise PageTimeout(f"page took longer than {self.timeout:g}s (stopped after {stage})")

    def during(self, stage: str):  # type: ignore[no-untyped-def]
        """A callable for the long loops inside a stage, or None without a timeout."""
        if self.end is None:
            return None
        return lambda: self.check(stage)


def _resolve(model: Model | str | None) -> Model:
    if isinstance(model, Model):
        return model
    return load_model(model)


def page_matrix(root, blocks, facts, check=None) -> PageMatrix:  # type: ignore[no-untyped-def]
    """Features and container ids for one parsed page (shared by analysis and training)."""
    ctx = PageContext(title=facts.metadata.title or "", description=facts.description or "",
                      paywalled_selectors=facts.paywalled_selectors,
                      accessible_for_free=facts.accessible_for_free)
    X = featurize(root, blocks, ctx, check=check)
    parents: dict[object, int] = {}
    containers = np.array([parents.setdefault(b.element.getparent(), len(parents)) for b in blocks],
                          dtype=np.int64)
    return PageMatrix(X=X, containers=containers)


def analyze(html: str | bytes, *, url: str | None = None, encoding: str | None = None,
            model: Model | str | None = None, timeout: float | None = None) -> Report:
    """Analyse one saved page: clean text, per-block labels, wall verdicts, access, truncation.

    ``html`` is the page as ``str`` or ``bytes`` (decoded by BOM, declaration, then UTF-8/cp1252;
    ``encoding`` overrides). ``url`` is only a hint and is never fetched. ``model`` is a loaded
    ``Model`` or a path to one; by default the bundled model. ``timeout`` (seconds) turns a slow
    page into ``PageTimeout``.
    """
    if timeout is not None and not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
    deadline = _Deadline(timeout)
    chosen = _resolve(model)
    root = parse(decode(html, encoding))
    deadline.check("parsing")
    facts = page_facts(root)
    blocks = segment(root, check=deadline.during("segmentation"))
    deadline.check("segmentation")
    pm = page_matrix(root, blocks, facts, check=deadline.during("features"))
    deadline.check("features")
    proba = chosen.classifier.predict_proba(pm)
    deadline.check("classification")
    results = block_results(blocks, proba, pm.X)
    text = article_text(results)
    vendors = wall_stage.find_vendors(root, facts)
    verdicts = wall_stage.verdicts(results, proba, facts, vendors, blocks)
    truncated = wall_stage.truncation(results, verdicts, facts)
    access = wall_stage.access_level(verdicts, truncated, facts, results, bool(text))
    deadline.check("assembly")
    title = facts.metadata.title
    h1 = next((r.text for r in results if r.tag == "h1" and r.label.value == "article"), None)
    return Report(
        text=text, title=h1 or title, lang=facts.metadata.lang or guess_lang(text), metadata=facts.metadata,
        blocks=results, walls=verdicts, access=access, truncated=truncated,
        vendors=tuple(sorted({v.vendor for v in vendors})), url=url,
    )


def clean_text(html: str | bytes, *, url: str | None = None, encoding: str | None = None,
               model: Model | str | None = None, timeout: float | None = None) -> str:
    """The journalism of one saved page: headline, teaser and body, paragraphs separated by blank lines."""
    return analyze(html, url=url, encoding=encoding, model=model, timeout=timeout).text
