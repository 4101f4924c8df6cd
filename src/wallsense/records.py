"""Typed, frozen records that travel between the stages."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from typing import Any, Mapping


class Label(str, enum.Enum):
    """What a block is. ``OTHER`` covers navigation, ads, teasers and the rest."""

    ARTICLE = "article"
    PAYWALL = "paywall"
    ADBLOCK = "adblock"
    CONSENT = "consent"
    COMMENTS = "comments"
    OTHER = "other"

    def __str__(self) -> str:
        return self.value


LABELS: tuple[Label, ...] = tuple(Label)
WALL_KINDS: tuple[str, ...] = ("paywall", "adblock", "consent", "comments")


@dataclass(frozen=True, slots=True)
class Block:
    """One block-level unit of text, as segmentation cut it out of the tree.

    ``text`` is whitespace-normalized (``text.normalize_ws``): one space between words, none at
    the ends.

    ``element`` is the lxml element the block belongs to; it is only valid while
    the tree it came from is alive and never serialised.
    """

    index: int
    text: str
    tag: str
    path: str
    depth: int
    link_chars: int
    element: Any = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class BlockResult:
    """A block with the label the model gave it."""

    index: int
    text: str
    label: Label
    probability: float
    path: str
    tag: str
    signals: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    """One signal behind a wall verdict."""

    kind: str          # "block", "structured-data", "vendor", "meta"
    detail: str        # human-readable statement
    strength: float    # 0..1
    path: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """Is a wall of one kind on the page, how sure, and why."""

    present: bool
    confidence: float
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the page states about itself."""

    title: str | None = None
    byline: str | None = None
    published: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """Everything ``analyze`` found on one page."""

    text: str
    title: str | None
    lang: str | None
    metadata: Metadata
    blocks: tuple[BlockResult, ...]
    walls: Mapping[str, Verdict]
    access: str
    truncated: bool
    vendors: tuple[str, ...] = ()
    url: str | None = None

    def to_dict(self, *, blocks: bool = True) -> dict[str, Any]:
        """A JSON-ready dict of the report (``blocks=False`` leaves the per-block list out)."""
        out: dict[str, Any] = {
            "url": self.url,
            "title": self.title,
            "lang": self.lang,
            "metadata": asdict(self.metadata),
            "access": self.access,
            "truncated": self.truncated,
            "vendors": list(self.vendors),
            "walls": {k: _verdict_dict(v) for k, v in self.walls.items()},
            "text": self.text,
        }
        if blocks:
            out["blocks"] = [
                {
                    "index": b.index,
                    "label": b.label.value,
                    "probability": round(b.probability, 4),
                    "path": b.path,
                    "text": b.text,
                    "signals": list(b.signals),
                }
                for b in self.blocks
            ]
        return out


def _verdict_dict(v: Verdict) -> dict[str, Any]:
    return {
        "present": v.present,
        "confidence": round(v.confidence, 4),
        "evidence": [
            {k: val for k, val in asdict(e).items() if val is not None} for e in v.evidence
        ],
    }
