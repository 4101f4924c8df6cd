"""Block features: one row per block, columns named by ``FEATURE_NAMES``.

A model records the names it was trained on; loading checks them against this list.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
from lxml import etree

from . import lexicons
from .blockstats import LEX_KINDS, WALL_LEX, WALL_LEX_K, TextStats, text_stats
from .blocktree import (CHECK_EVERY, CONTEXT_KEYS, GROUPS, STYLE_CUES, BlockTree, Totals, block_tree, chains,
                        chunks, container_totals, main_root, paywalled_elements)
from .records import Block
from .text import fold

GOOD_BLOCK_CHARS = 80
TAG_CLASSES = {"p": "p", "h1": "h1", "h2": "hx", "h3": "hx", "h4": "hx", "h5": "hx", "h6": "hx",
               "li": "li", "td": "cell", "th": "cell", "dt": "li", "dd": "li", "div": "div",
               "section": "div", "article": "div", "main": "div", "button": "button",
               "blockquote": "quote", "figcaption": "caption", "caption": "caption", "pre": "pre",
               "label": "label", "a": "a", "span": "span"}
TAG_NAMES = ("p", "h1", "hx", "li", "cell", "div", "button", "quote", "caption", "pre", "label", "tagother")


def _build_names() -> tuple[str, ...]:
    names = ["log_chars", "log_words", "mean_word_len", "sentence_marks", "ends_with_mark",
             "comma_rate", "digit_share", "upper_share", "titlecase_share", "link_density",
             "stopword_share", "consonant_run_share", "is_ui_text", "starts_lower", "has_date_or_time",
             "has_currency", "has_email_or_at", "has_bullet_or_pipe"]
    names += [f"tag_{t}" for t in TAG_NAMES]
    names += ["depth", "rel_depth"]
    names += [f"in_{t}" for t in lexicons.CONTEXT_TAGS]
    names += [f"cls_self_{g}" for g in GROUPS] + [f"cls_anc_{g}" for g in GROUPS]
    names += [f"style_{c}" for c in STYLE_CUES]
    names += [f"lex_{k}" for k in LEX_KINDS] + [f"lex_{k}_density" for k in WALL_LEX]
    names += [f"container_lex_{k}" for k in WALL_LEX]
    for level in (1, 2, 3):
        names += [f"anc{level}_text_share", f"anc{level}_link_density", f"anc{level}_log_blocks",
                  f"anc{level}_good_share"]
    names += ["in_main_root", "main_root_depth_gap", "in_paywalled_part", "page_locked", "page_free"]
    names += ["rel_index", "rel_char_pos", "after_h1", "blocks_from_h1", "is_title", "in_title",
              "in_description", "log_page_blocks", "chars_after_share"]
    for side in ("prev", "next"):
        names += [f"{side}_log_chars", f"{side}_link_density", f"{side}_stopword_share",
                  f"{side}_same_parent", f"{side}_is_p"]
    return tuple(names)


FEATURE_NAMES: tuple[str, ...] = _build_names()
_INDEX = {n: i for i, n in enumerate(FEATURE_NAMES)}
# Column of each context bit, and of each group bit for the block's own groups.
_CONTEXT_COLS = [_INDEX[{"group": f"cls_anc_{name}", "style": f"style_{name}", "tag": f"in_{name}",
                         "paywalled": "in_paywalled_part"}[kind]] for kind, name in CONTEXT_KEYS]
_SELF_COLS = [_INDEX[f"cls_self_{g}"] for g in GROUPS]


@dataclass(frozen=True, slots=True)
class PageContext:
    """Page-level facts the features need besides the blocks."""

    title: str = ""
    description: str = ""
    paywalled_selectors: tuple[str, ...] = ()
    accessible_for_free: bool | None = None


def _put(X: np.ndarray, name: str, values: object) -> None:
    X[:, _INDEX[name]] = values


def _shifted(values: np.ndarray, by: int) -> np.ndarray:
    """``values[i - by]`` at row ``i`` (0 where that is outside), for the prev/next columns."""
    out = np.zeros_like(values)
    if by > 0:
        out[by:] = values[:-by]
    else:
        out[:by] = values[-by:]
    return out


def featurize(root: etree._Element, blocks: Sequence[Block], page: PageContext,
              check: Callable[[], None] | None = None) -> np.ndarray:
    """Return the feature matrix (``len(blocks)`` × ``len(FEATURE_NAMES)``, float32).

    ``check`` is called every ``CHECK_EVERY`` blocks (a deadline raises from it).
    """
    n = len(blocks)
    X = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float32)
    if n == 0:
        return X
    tree = block_tree(blocks, paywalled_elements(root, page.paywalled_selectors), check)
    texts = [b.text for b in blocks]
    tags = [b.tag for b in blocks]
    link_chars = np.array([b.link_chars for b in blocks], dtype=np.int64)
    depths = np.array([b.depth for b in blocks], dtype=np.int64)
    stats = text_stats(texts, link_chars, check)
    _text_columns(X, stats, tags, depths)
    _context_columns(X, tree)
    chars = stats.chars
    total_chars = int(chars.sum())
    good = (chars >= GOOD_BLOCK_CHARS) & (stats.link_density < 0.3)
    totals = container_totals(tree, chars, link_chars, good, stats.lex[:, list(WALL_LEX_K)], check)
    good_total = float(totals.good[:tree.size].max())
    root_id = main_root(tree, totals, good_total)
    _container_columns(X, tree, totals, total_chars, good_total, root_id, depths, check)
    _position_columns(X, blocks, texts, page, chars, total_chars, depths)
    _neighbour_columns(X, tree, stats, tags)
    return X


def _text_columns(X: np.ndarray, s: TextStats, tags: list[str], depths: np.ndarray) -> None:
    _put(X, "log_chars", s.log_chars)
    _put(X, "log_words", np.fromiter(map(math.log1p, s.words.tolist()), dtype=np.float64, count=len(s.words)))
    _put(X, "mean_word_len", s.mean_word_len)
    _put(X, "sentence_marks", s.sentence_marks)
    _put(X, "ends_with_mark", s.ends_with_mark)
    _put(X, "comma_rate", s.comma_rate)
    _put(X, "digit_share", s.digit_share)
    _put(X, "upper_share", s.upper_share)
    _put(X, "titlecase_share", s.titlecase_share)
    _put(X, "link_density", s.link_density)
    _put(X, "stopword_share", s.stop_share)
    _put(X, "consonant_run_share", s.consonant_run_share)
    _put(X, "is_ui_text", s.is_ui_text)
    _put(X, "starts_lower", s.starts_lower)
    _put(X, "has_date_or_time", s.has_date_or_time)
    _put(X, "has_currency", s.has_currency)
    _put(X, "has_email_or_at", s.has_email_or_at)
    _put(X, "has_bullet_or_pipe", s.has_bullet_or_pipe)
    tag_cols = {t: _INDEX[f"tag_{TAG_CLASSES.get(t, 'tagother')}"] for t in set(tags)}
    X[np.arange(len(tags)), [tag_cols[t] for t in tags]] = 1
    _put(X, "depth", np.minimum(depths, 60) / 10.0)
    X[:, [_INDEX[f"lex_{k}"] for k in LEX_KINDS]] = s.lex
    some_words = np.maximum(s.words, 1)
    for kind, k in zip(WALL_LEX, WALL_LEX_K):
        _put(X, f"lex_{kind}_density", s.lex[:, k] / some_words)


def _unpack(bits: np.ndarray, width: int) -> np.ndarray:
    """Rows of 0/1, bit ``j`` of ``bits[i]`` at ``[i, j]``."""
    return np.unpackbits(bits.astype("<u8").view(np.uint8).reshape(len(bits), 8), axis=1,
                         bitorder="little")[:, :width]


def _context_columns(X: np.ndarray, tree: BlockTree) -> None:
    ids = tree.block_ids
    X[:, _CONTEXT_COLS] = _unpack(tree.context[ids], len(_CONTEXT_COLS))
    up1 = tree.parent[ids]
    own = tree.groups[ids] | tree.groups[up1] | tree.groups[tree.parent[up1]]  # the block and 2 ancestors
    X[:, _SELF_COLS] = _unpack(own, len(GROUPS))


def _container_columns(X: np.ndarray, tree: BlockTree, totals: Totals, total_chars: int, good_total: float,
                       main_root: int | None, depths: np.ndarray, check: Callable[[], None] | None) -> None:
    """Features of the containers around each block: the first three ancestors, the wall words in
    small containers, and the main content root."""
    n = len(tree.block_ids)
    log_blocks = np.fromiter(map(math.log1p, totals.blocks.tolist()), dtype=np.float64, count=len(totals.blocks))
    in_main = np.zeros(n, dtype=bool)
    half = 0.5 * total_chars
    best = np.zeros((n, len(WALL_LEX)), dtype=np.float64)
    for start, stop in chunks(n):
        if check is not None and start:
            check()
        levels = chains(tree, start, stop)
        rows = slice(start, stop)
        anc = levels[0]
        for level in (1, 2, 3):
            if level < len(levels):
                anc = np.where(levels[level] != tree.size, levels[level], anc)
            _put_rows(X, rows, f"anc{level}_text_share", totals.chars[anc] / total_chars)
            _put_rows(X, rows, f"anc{level}_link_density", totals.links[anc] / np.maximum(totals.chars[anc], 1))
            _put_rows(X, rows, f"anc{level}_log_blocks", log_blocks[anc])
            _put_rows(X, rows, f"anc{level}_good_share", totals.good[anc] / good_total if good_total else 0.0)
        alive = np.ones(stop - start, dtype=bool)
        for level in range(1, min(5, len(levels))):
            anc = levels[level]
            alive &= (anc != tree.size) & ~(totals.chars[anc] > half)
            value = totals.lex[anc] / np.sqrt(totals.blocks[anc])[:, None]
            np.maximum(best[rows], value, out=best[rows], where=alive[:, None])
        if main_root is not None:
            in_main[rows] = (levels == main_root).any(axis=0)
    for k, kind in enumerate(WALL_LEX):
        _put(X, f"container_lex_{kind}", best[:, k])
    if main_root is not None:
        main_depth = min(int(tree.depth[main_root]), 10_000)
        _put(X, "in_main_root", in_main)
        _put(X, "main_root_depth_gap", np.where(in_main, (depths - main_depth) / 10.0, 0.0))


def _put_rows(X: np.ndarray, rows: slice, name: str, values: object) -> None:
    X[rows, _INDEX[name]] = values


def _position_columns(X: np.ndarray, blocks: Sequence[Block], texts: list[str], page: PageContext,
                      chars: np.ndarray, total_chars: int, depths: np.ndarray) -> None:
    """Where each block sits on the page, and how it relates to the title, h1 and description."""
    n = len(blocks)
    max_depth = int(depths.max()) or 1
    _put(X, "rel_depth", depths / max_depth)
    _put(X, "page_locked", page.accessible_for_free is False)
    _put(X, "page_free", page.accessible_for_free is True)
    _put(X, "rel_index", np.arange(n) / n)
    after = np.cumsum(chars)
    _put(X, "rel_char_pos", (after - chars) / total_chars)
    _put(X, "chars_after_share", 1.0 - after / total_chars)
    _put(X, "log_page_blocks", math.log1p(n))
    title = fold(page.title)
    description = fold(page.description)
    h1_index = next((b.index for b in blocks if b.tag == "h1"), None)
    if h1_index is None and title:
        h1_index = next((b.index for b in blocks if b.tag in ("h2", "h3") and fold(b.text) in title), None)
    if h1_index is not None:
        i = np.arange(n)
        _put(X, "after_h1", np.where(i > h1_index, 1.0, np.where(i == h1_index, 0.5, 0.0)))
        _put(X, "blocks_from_h1", np.clip(i - h1_index, -50, 50) / 50.0)
    if title or description:
        folded = list(map(str.casefold, texts))  # block texts are whitespace-normalized: as fold()
        if title:
            _put(X, "is_title", [ft == title or (len(ft) > 15 and ft in title) for ft in folded])
            _put(X, "in_title", [len(ft) > 15 and title in ft for ft in folded])
        if description:
            _put(X, "in_description", [len(ft) > 25 and (ft in description or description in ft) for ft in folded])


def _neighbour_columns(X: np.ndarray, tree: BlockTree, s: TextStats, tags: list[str]) -> None:
    parent = tree.parent[tree.block_ids]
    is_p = np.array([t == "p" for t in tags], dtype=bool)
    for side, by in (("prev", 1), ("next", -1)):
        exists = _shifted(np.ones(len(tags), dtype=bool), by)
        _put(X, f"{side}_log_chars", _shifted(s.log_chars, by))
        _put(X, f"{side}_link_density", _shifted(s.link_density, by))
        _put(X, f"{side}_stopword_share", _shifted(s.stop_share, by))
        _put(X, f"{side}_same_parent", exists & (_shifted(parent, by) == parent))
        _put(X, f"{side}_is_p", _shifted(is_p, by))
