"""Read corpora in the shared JSON Lines format (gzipped or not), one page per line."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .errors import InputError


@dataclass(frozen=True, slots=True)
class CorpusPage:
    id: str
    dataset: str
    lang: str | None
    url: str | None
    html: str
    text: str | None
    with_: tuple[str, ...]
    without: tuple[str, ...]
    page_type: str | None


def read_corpus(path: str | Path) -> Iterator[CorpusPage]:
    """Yield the pages of one ``.jsonl`` or ``.jsonl.gz`` file."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            for no, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{no}: not JSON: {exc}") from None
                meta = row.get("meta") or {}
                yield CorpusPage(
                    id=str(row.get("id", no)),
                    dataset=str(row.get("dataset") or path.name.split(".")[0]),
                    lang=row.get("lang"),
                    url=row.get("url"),
                    html=row.get("html") or "",
                    text=row.get("text"),
                    with_=tuple(row.get("with") or ()),
                    without=tuple(row.get("without") or ()),
                    page_type=meta.get("page_type") if isinstance(meta, dict) else None,
                )
    except OSError as exc:
        raise InputError(f"cannot read corpus {path}: {exc}") from None


def publisher_of(page: CorpusPage) -> str:
    """A grouping key so that one site never sits on both sides of a split."""
    from urllib.parse import urlsplit

    if page.url:
        host = urlsplit(page.url).hostname or ""
        host = host.removeprefix("www.")
        if host:
            return host
    return page.id.split(".html")[0].rsplit(".", 1)[0] if ".html" in page.id else page.id
