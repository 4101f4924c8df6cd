"""The Markdown table and the PNG chart, from the plain-data results of ``benchmarks.run``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

_COLUMNS = (
    ("snippet P", "snippet_precision"), ("snippet R", "snippet_recall"), ("snippet F1", "snippet_f1"),
    ("leak", "leak"), ("wall-text leak", "wall_text_leak"),
    ("token P", "token_precision"), ("token R", "token_recall"), ("token F1", "token_f1"),
)


def _num(x: float | None, digits: int = 3) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _ranked(tools: dict[str, dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return sorted(tools.items(), key=lambda kv: -(kv[1]["snippet_f1"] or -1.0))


def _failed(row: dict[str, Any]) -> bool:
    return row["errors"] >= row["pages"] > 0


def corpus_section(c: dict[str, Any]) -> list[str]:
    langs = ", ".join(f"{lang} {n}" for lang, n in c["langs"].items())
    lines = [f"## {c['corpus']}", "", f"{c['pages']} pages ({langs}); all tools ran in "
             f"{c['elapsed_s']:.0f} s.", ""]
    head = ["tool", *(h for h, _ in _COLUMNS), "empty", "errors (timeouts)", "pages/s", "peak MiB"]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    notes = []
    for tool, r in _ranked(c["tools"]):
        name = f"**{tool}**" if tool == "wallsense" else tool
        if _failed(r):
            cells = [name, *("–" for _ in _COLUMNS), "–", f"{r['errors']} ({r['timeouts']})", "–", "–"]
        else:
            cells = [name, *(_num(r[k]) for _, k in _COLUMNS), str(r["empty"]), f"{r['errors']} ({r['timeouts']})",
                     _num(r["pages_per_s"], 1), _num(r["peak_rss_mib"], 0)]
        lines.append("| " + " | ".join(cells) + " |")
        if r["errors"]:
            kinds = ", ".join(f"{k} ×{n}" for k, n in r["error_types"].items())
            notes.append(f"- {tool}: {kinds}" + (" (every page: not available in this run)" if _failed(r) else ""))
    if notes:
        lines += ["", "Errors:", *notes]
    lines += ["", *lang_table(c)]
    return lines


def lang_table(c: dict[str, Any]) -> list[str]:
    langs = list(c["langs"])
    token = any(r["token_f1"] is not None for r in c["tools"].values())
    what = "snippet F1 / leak" + (" / token F1" if token else "")
    lines = [f"Per language ({what}):", "",
             "| tool | " + " | ".join(f"{lang} ({c['langs'][lang]})" for lang in langs) + " |",
             "|" + "---|" * (len(langs) + 1)]
    for tool, r in _ranked(c["tools"]):
        if _failed(r):
            continue
        cells = []
        for lang in langs:
            s = r["by_lang"].get(lang)
            parts = [_num(s["snippet_f1"]), _num(s["leak"])] if s else ["–", "–"]
            if token:
                parts.append(_num(s["token_f1"]) if s else "–")
            cells.append(" / ".join(parts))
        lines.append(f"| {tool} | " + " | ".join(cells) + " |")
    return lines


def write_markdown(results: dict[str, Any], path: Path) -> None:
    vers = ", ".join(f"{t} {v or 'not installed'}" for t, v in results["versions"].items())
    lines = [
        "# Benchmark results", "",
        f"- command: `{results['command']}`",
        f"- date: {results['date']}; Python {results['python']}, {results['cpus']} CPUs; "
        f"per-page limit {results['timeout_s']:g} s" + (f"; first {results['limit']} pages per corpus"
                                                         if results["limit"] else ""),
        f"- versions: {vers}; wallsense model: {results.get('wallsense_model', 'bundled')}",
        "- snippet P/R/F1 and leak over all `with`/`without` snippets of the corpus; token P/R/F1 averaged "
        "over pages with gold text; wall-text leak = share of the text of blocks wallsense labels "
        "paywall/adblock/consent/comments that appears in the output; an error or timeout counts as an "
        "empty output; pages/s from time spent inside the extractor; peak MiB = peak RSS of the tool's "
        "worker process (interpreter and libraries included)", "",
    ]
    for c in results["corpora"]:
        lines += corpus_section(c) + [""]
    path.write_text("\n".join(lines), encoding="utf-8")


def write_chart(results: dict[str, Any], path: Path) -> None:
    """Snippet F1 against pages/s, one point per tool, one panel per corpus."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    corpora = results["corpora"]
    fig, axes = plt.subplots(1, len(corpora), figsize=(5.5 * len(corpora), 4.6), squeeze=False)
    for ax, c in zip(axes[0], corpora):
        for tool, r in c["tools"].items():
            if _failed(r) or not r["pages_per_s"] or r["snippet_f1"] is None:
                continue
            own = tool == "wallsense"
            ax.scatter(r["pages_per_s"], r["snippet_f1"], s=70 if own else 40, zorder=3,
                       color="tab:red" if own else "tab:blue", marker="*" if own else "o")
            ax.annotate(tool, (r["pages_per_s"], r["snippet_f1"]), textcoords="offset points",
                        xytext=(5, 4), fontsize=8, fontweight="bold" if own else "normal")
        ax.set_xscale("log")
        ax.set_xlabel("pages per second (log scale)")
        ax.set_ylabel("snippet F1")
        ax.set_title(f"{c['corpus']} ({c['pages']} pages)")
        ax.grid(True, which="both", alpha=0.3)
    fig.suptitle(f"Accuracy against speed, {results['date']}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    """Re-render ``results.md`` and ``chart.png`` beside a ``results.json``."""
    import argparse
    import json

    ap = argparse.ArgumentParser(prog="python -m benchmarks.report", description=main.__doc__)
    ap.add_argument("results_json")
    src = Path(ap.parse_args(argv).results_json)
    results = json.loads(src.read_text(encoding="utf-8"))
    write_markdown(results, src.with_name("results.md"))
    write_chart(results, src.with_name("chart.png"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
