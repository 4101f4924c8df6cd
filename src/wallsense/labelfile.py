"""Fixture label files (``.labels``): parse them, apply them to a page's blocks, validate them.

The format is documented in ``fixtures/README.md``. Run ``python -m wallsense.labelfile PATH...``
to check label files (or folders of them) against their pages.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from lxml import etree

from .errors import LabelFileError
from .records import WALL_KINDS, Block, Label
from .selectors import SelectorError, select
from .text import fold

ACCESS_LEVELS = ("free", "metered", "locked", "unknown")


@dataclass(frozen=True, slots=True)
class LabelRule:
    label: Label
    selector: str
    line: int


@dataclass(frozen=True, slots=True)
class LabelFile:
    """The parsed content of one ``.labels`` file."""

    path: Path
    lang: str
    walls: frozenset[str]
    truncated: bool
    access: str
    rules: tuple[LabelRule, ...]
    must: tuple[str, ...]
    must_not: tuple[str, ...]

    @property
    def page(self) -> Path:
        return self.path.with_suffix(".html")

    @property
    def publisher(self) -> str:
        return self.path.parent.name


@dataclass(frozen=True, slots=True)
class Labelling:
    """Labels for every block of one page, and what was wrong with the rules."""

    labels: tuple[Label, ...]
    problems: tuple[str, ...]


def parse_label_file(path: str | Path) -> LabelFile:
    """Read and check the syntax of one ``.labels`` file."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise LabelFileError(f"{path}: cannot read: {exc}") from None
    single: dict[str, str] = {}
    rules: list[LabelRule] = []
    must: list[str] = []
    must_not: list[str] = []
    label_keys = {lab.value for lab in Label}
    for no, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if not sep or not value:
            raise LabelFileError(f"{path}:{no}: expected 'key: value', got {raw!r}")
        if key in label_keys:
            rules.append(LabelRule(Label(key), value, no))
        elif key == "must":
            must.append(value)
        elif key in ("must_not", "must-not"):
            must_not.append(value)
        elif key in ("lang", "walls", "truncated", "access"):
            if key in single:
                raise LabelFileError(f"{path}:{no}: {key!r} given twice")
            single[key] = value
        else:
            raise LabelFileError(f"{path}:{no}: unknown key {key!r}")
    for key in ("lang", "walls", "truncated"):
        if key not in single:
            raise LabelFileError(f"{path}: missing {key!r}")
    walls = frozenset(w for w in single["walls"].lower().split() if w != "none")
    unknown = walls - set(WALL_KINDS)
    if unknown:
        raise LabelFileError(f"{path}: unknown wall kinds {sorted(unknown)}")
    truncated = single["truncated"].lower()
    if truncated not in ("yes", "no"):
        raise LabelFileError(f"{path}: truncated must be yes or no, not {truncated!r}")
    access = single.get("access", "unknown").lower()
    if access not in ACCESS_LEVELS:
        raise LabelFileError(f"{path}: access must be one of {ACCESS_LEVELS}")
    return LabelFile(
        path=path, lang=single["lang"].lower(), walls=walls, truncated=truncated == "yes",
        access=access, rules=tuple(rules), must=tuple(must), must_not=tuple(must_not),
    )


def apply_labels(root: etree._Element, blocks: Sequence[Block], labels: LabelFile) -> Labelling:
    """Give every block the label of the innermost element (itself or an ancestor) a rule selects."""
    problems: list[str] = []
    marked: dict[etree._Element, Label] = {}
    for rule in labels.rules:
        try:
            hits = select(root, rule.selector)
        except SelectorError as exc:
            problems.append(f"line {rule.line}: {exc}")
            continue
        if not hits:
            problems.append(f"line {rule.line}: {rule.label.value}: {rule.selector!r} matches nothing")
        for el in hits:
            prior = marked.get(el)
            if prior is not None and prior is not rule.label:
                problems.append(
                    f"line {rule.line}: {root.getroottree().getpath(el)} labelled both "
                    f"{prior.value} and {rule.label.value}")
            marked[el] = rule.label
    out: list[Label] = []
    for block in blocks:
        label = Label.OTHER
        el = block.element
        while el is not None:
            found = marked.get(el)
            if found is not None:
                label = found
                break
            el = el.getparent()
        out.append(label)
    return Labelling(tuple(out), tuple(problems))


def check_snippets(blocks: Sequence[Block], labelling: Labelling, labels: LabelFile) -> list[str]:
    """Problems with ``must``/``must_not`` snippets against the labelled article text."""
    article = fold(" ".join(b.text for b, lab in zip(blocks, labelling.labels) if lab is Label.ARTICLE))
    problems = [f"must snippet not in article blocks: {s!r}" for s in labels.must if fold(s) not in article]
    problems += [f"must_not snippet in article blocks: {s!r}" for s in labels.must_not if fold(s) in article]
    return problems


def find_label_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every ``.labels`` file named or found below the given paths, sorted."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(p.rglob("*.labels")))
        elif p.suffix == ".html":
            found.append(p.with_suffix(".labels"))
        else:
            found.append(p)
    return found


def validate(path: Path) -> tuple[dict[str, int], list[str]]:
    """Check one label file against its page: per-label block counts and the problems found."""
    from .decode import decode
    from .parse import parse
    from .segment import segment

    labels = parse_label_file(path)
    if not labels.page.exists():
        return {}, [f"page {labels.page} does not exist"]
    root = parse(decode(labels.page.read_bytes()))
    blocks = segment(root)
    labelling = apply_labels(root, blocks, labels)
    problems = list(labelling.problems) + check_snippets(blocks, labelling, labels)
    page_lang = (root.get("lang") or "").split("-")[0].lower()
    if page_lang != labels.lang:
        problems.append(f"lang {labels.lang!r} but <html lang> is {page_lang!r}")
    for kind in labels.walls:
        if Label(kind) not in labelling.labels:
            problems.append(f"walls lists {kind} but no block is labelled {kind}")
    for lab in set(labelling.labels) - {Label.ARTICLE, Label.OTHER}:
        if lab.value not in labels.walls:
            problems.append(f"blocks labelled {lab.value} but walls does not list it")
    counts: dict[str, int] = {}
    for lab in labelling.labels:
        counts[lab.value] = counts.get(lab.value, 0) + 1
    return counts, problems


def main(argv: Sequence[str] | None = None) -> int:
    """Validate label files; print counts and problems; exit 1 when any file has a problem."""
    args = list(sys.argv[1:] if argv is None else argv) or ["fixtures"]
    failed = 0
    for path in find_label_files(args):
        try:
            counts, problems = validate(path)
        except Exception as exc:  # noqa: BLE001 - report and go on with the other files
            counts, problems = {}, [str(exc)]
        summary = " ".join(f"{k}={v}" for k, v in sorted(counts.items()))
        print(f"{'FAIL' if problems else 'ok  '} {path}  {summary}")
        for p in problems:
            print(f"     - {p}")
        failed += bool(problems)
    print(f"{failed} file(s) with problems")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
