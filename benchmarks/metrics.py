"""Tallies of one tool over one corpus, scored with ``wallsense.scoring`` (never reimplemented here).

A page whose adapter raised or timed out is scored as an empty output, so failures cost recall.
Wall-text leak: the share (by characters, after case and white-space folding) of the text of the
blocks that wallsense labels paywall/adblock/consent/comments that appears verbatim in the tool's
output. The reference is wallsense's own labels, not a gold standard, so the figure is a yardstick
for comparing tools and is near zero for wallsense by construction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from wallsense.corpus import CorpusPage
from wallsense.scoring import SnippetCounts, TokenScore, mean_token_score, snippet_counts, token_score
from wallsense.text import fold

from .worker import Outcome


@dataclass(slots=True)
class LangTally:
    pages: int = 0
    tokens: list[TokenScore] = field(default_factory=list)
    snippets: SnippetCounts = field(default_factory=SnippetCounts)

    def add(self, text: str, page: CorpusPage) -> None:
        self.pages += 1
        if page.text:
            self.tokens.append(token_score(text, page.text))
        self.snippets = self.snippets + snippet_counts(text, page.with_, page.without)

    def summary(self) -> dict[str, Any]:
        tok = mean_token_score(self.tokens) if self.tokens else None
        s = self.snippets
        return {
            "pages": self.pages,
            "token_pages": len(self.tokens),
            "token_precision": tok.precision if tok else None,
            "token_recall": tok.recall if tok else None,
            "token_f1": tok.f1 if tok else None,
            "snippet_precision": s.precision if s.tp + s.fp else None,
            "snippet_recall": s.recall if s.tp + s.fn else None,
            "snippet_f1": s.f1 if s.tp + s.fn else None,
            "leak": s.leak if s.fp + s.tn else None,
            "snippets": {"tp": s.tp, "fn": s.fn, "fp": s.fp, "tn": s.tn},
        }


@dataclass(slots=True)
class ToolTally:
    all: LangTally = field(default_factory=LangTally)
    by_lang: dict[str, LangTally] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    empty: int = 0
    seconds: float = 0.0
    wall_chars: int = 0
    wall_leaked_chars: int = 0

    def add(self, page: CorpusPage, outcome: Outcome, walls: list[str] | None) -> None:
        text = outcome.value if outcome.error is None and isinstance(outcome.value, str) else ""
        if outcome.error is not None:
            self.errors[outcome.error] += 1
        elif not text.strip():
            self.empty += 1
        self.seconds += outcome.seconds
        self.all.add(text, page)
        self.by_lang.setdefault(page.lang or "unknown", LangTally()).add(text, page)
        if walls:
            out = fold(text)
            for block in walls:
                b = fold(block)
                self.wall_chars += len(b)
                if b and b in out:
                    self.wall_leaked_chars += len(b)

    def summary(self, *, peak_kib: int, wall_reference: bool) -> dict[str, Any]:
        out = self.all.summary()
        out.update(
            errors=sum(self.errors.values()),
            timeouts=self.errors.get("Timeout", 0),
            error_types=dict(self.errors.most_common()),
            empty=self.empty,
            seconds=self.seconds,
            pages_per_s=self.all.pages / self.seconds if self.seconds else None,
            peak_rss_mib=peak_kib / 1024 if peak_kib else None,
            wall_chars=self.wall_chars,
            wall_text_leak=(self.wall_leaked_chars / self.wall_chars
                            if wall_reference and self.wall_chars else None),
            by_lang={lang: t.summary() for lang, t in sorted(self.by_lang.items())},
        )
        return out
