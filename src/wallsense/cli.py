"""The ``wallsense`` command: clean, detect, show, label, train, eval, convert-model."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .errors import WallsenseError
from .output import EXTENSIONS, FORMATS, render

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input: the rendered output or the one-line error."""

    name: str
    output: str | None
    error: str | None


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    return Path(name).read_bytes()


def _one(name: str, fmt: str, model_path: str | None, timeout: float | None, blocks: bool) -> Outcome:
    from .model import load_model
    from .pipeline import analyze

    try:
        model = load_model(model_path)
        report = analyze(_read(name), model=model, timeout=timeout)
        return Outcome(name, render(report, fmt, blocks=blocks), None)
    except (WallsenseError, OSError, TypeError, ValueError) as exc:
        return Outcome(name, None, f"{type(exc).__name__}: {exc}")
    except RecursionError:
        return Outcome(name, None, "InputError: the page is nested too deeply to analyse")


def _run_all(names: Sequence[str], fmt: str, args: argparse.Namespace, *, blocks: bool = False):  # type: ignore[no-untyped-def]
    jobs = max(1, getattr(args, "jobs", 1) or 1)
    show_progress = (not getattr(args, "quiet", False) and sys.stderr.isatty() and len(names) > 20)
    if jobs == 1 or len(names) < 2:
        for i, name in enumerate(names, 1):
            if show_progress:
                print(f"\r{i}/{len(names)}", end="", file=sys.stderr, flush=True)
            yield _one(name, fmt, args.model, args.timeout, blocks)
    else:
        from joblib import Parallel, delayed

        chunk = Parallel(n_jobs=jobs, return_as="generator", batch_size="auto")
        for i, outcome in enumerate(chunk(delayed(_one)(n, fmt, args.model, args.timeout, blocks)
                                          for n in names), 1):
            if show_progress:
                print(f"\r{i}/{len(names)}", end="", file=sys.stderr, flush=True)
            yield outcome
    if show_progress:
        print(file=sys.stderr)


def _emit(outcomes, args: argparse.Namespace, n_inputs: int, fmt: str) -> int:  # type: ignore[no-untyped-def]
    out = args.output
    to_dir = out is not None and (n_inputs > 1 or out.endswith(os.sep) or Path(out).is_dir())
    if to_dir:
        Path(out).mkdir(parents=True, exist_ok=True)
    failed = 0
    single = None
    if out is not None and not to_dir:
        single = open(out, "w", encoding="utf-8")
    try:
        for o in outcomes:
            if o.error is not None:
                failed += 1
                print(f"wallsense: {o.name}: {o.error}", file=sys.stderr)
                continue
            text = o.output or ""
            if to_dir:
                stem = "stdin" if o.name == "-" else Path(o.name).name.rsplit(".", 1)[0]
                (Path(out) / (stem + EXTENSIONS[fmt])).write_text(text + "\n", encoding="utf-8")
            elif single is not None:
                single.write(text + "\n")
            else:
                if n_inputs > 1 and fmt != "json":
                    sys.stdout.write(f"==> {o.name} <==\n")
                sys.stdout.write(text + "\n")
                if n_inputs > 1 and fmt != "json":
                    sys.stdout.write("\n")
    finally:
        if single is not None:
            single.close()
    return EXIT_FAILED if failed else EXIT_OK


def cmd_clean(args: argparse.Namespace) -> int:
    if args.warc:
        from .warc import run_warc
        from .model import load_model

        return run_warc(list(args.inputs), args.output, args.jobs, load_model(args.model), timeout=args.timeout)
    if not args.inputs:
        raise _Usage("clean needs at least one PATH or -")
    return _emit(_run_all(args.inputs, args.format, args), args, len(args.inputs), args.format)


def cmd_detect(args: argparse.Namespace) -> int:
    return _emit(_run_all(args.inputs, "json", args, blocks=True), args, len(args.inputs), "json")


def cmd_show(args: argparse.Namespace) -> int:
    from .model import load_model
    from .pipeline import analyze
    from .show import annotate

    try:
        raw = _read(args.input)
        report = analyze(raw, model=load_model(args.model), timeout=args.timeout)
        html = annotate(raw, report)
    except (WallsenseError, OSError, ValueError) as exc:
        print(f"wallsense: {args.input}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    Path(args.output).write_text(html, encoding="utf-8")
    return EXIT_OK


def cmd_label(args: argparse.Namespace) -> int:
    from .draft import draft_labels
    from .model import load_model

    failed = 0
    for name in args.inputs:
        try:
            text = draft_labels(Path(name).read_bytes(), model=load_model(args.model))
        except (WallsenseError, OSError) as exc:
            print(f"wallsense: {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            failed += 1
            continue
        target = Path(args.output) if args.output and len(args.inputs) == 1 else Path(name).with_suffix(".labels")
        if target.exists() and not args.force:
            print(f"wallsense: {target} exists (use --force to overwrite)", file=sys.stderr)
            failed += 1
            continue
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def cmd_train(args: argparse.Namespace) -> int:
    from .training.fit import default_inputs, train

    fixtures, corpora, out = default_inputs()
    if args.fixtures or args.corpus:
        fixtures, corpora = list(args.fixtures), list(args.corpus or [])
    out = args.output or out
    print(f"inputs: fixtures {[str(f) for f in fixtures]}, corpora {[str(c) for c in corpora]}")
    result = train(fixtures, corpora, out, folds=args.folds, cv=not args.no_cv, jobs=args.jobs)
    from .training.metrics import table

    if result.cv_fixtures is not None:
        fx = result.cv_fixtures
        print(f"\nfixtures, publishers held out: block macro F1 {fx.macro_f1:.3f}, token F1 "
              f"{fx.tokens.f1:.3f}, snippet F1 {fx.snippets.f1:.3f}, leak {fx.snippets.leak:.3f}")
        print(table(fx.blocks))
        print("\npage-level walls, publishers held out:")
        print(table(fx.walls))
    if result.cv_corpus_blocks:
        print("\nreal corpus blocks (weak labels), publishers held out:")
        print(table([s for s in result.cv_corpus_blocks if s.support]))
    print(f"\ntrained in {result.seconds:.0f}s -> {result.path}")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    import json

    from .labelfile import main as check_main
    from .model import load_model
    from .training.evaluate import as_json, evaluate_corpus, evaluate_fixtures, fixture_label_files
    from .training.fit import default_inputs
    from .training.metrics import table

    fixtures = list(args.fixtures)
    corpora = list(args.corpus or [])
    if not fixtures and not corpora:
        fixtures, _, _ = default_inputs()
        dev = fixtures[0].parent.parent / "shared" / "corpus" / "traf_dev.jsonl.gz"
        corpora = [dev] if dev.is_file() else []
    if args.check:
        return check_main([str(f) for f in fixtures])
    model = load_model(args.model)
    results = []
    if fixtures:
        files = fixture_label_files(fixtures)
        results.append(evaluate_fixtures(files, [model] * len(files)))
    for c in corpora:
        results.append(evaluate_corpus(c, model, limit=args.limit))
    if args.json:
        print(json.dumps([as_json(r) for r in results], indent=2))
        return EXIT_OK
    for r in results:
        s = r.snippets
        if hasattr(r, "blocks"):
            print(f"fixtures ({r.pages} pages; the shipped model was trained on them: use "
                  "`wallsense train` for held-out figures)")
            print(table(r.blocks))
            print(f"block macro F1 {r.macro_f1:.3f}  token F1 {r.tokens.f1:.3f}  snippet P/R/F1 "
                  f"{s.precision:.3f}/{s.recall:.3f}/{s.f1:.3f}  leak {s.leak:.3f}")
            print(table(r.walls))
        else:
            tok = f"token P/R/F1 {r.tokens.precision:.3f}/{r.tokens.recall:.3f}/{r.tokens.f1:.3f}  " if r.tokens else ""
            print(f"{r.corpus}: {r.pages} pages  {tok}snippet P/R/F1 {s.precision:.3f}/{s.recall:.3f}/"
                  f"{s.f1:.3f}  leak {s.leak:.3f}  empty {r.empty}  errors {r.errors}")
        print()
    return EXIT_OK


def cmd_convert_model(args: argparse.Namespace) -> int:
    from .model import convert_model

    card = convert_model(args.input, args.output)
    print(f"wrote {args.output or args.input} (format {card.format}, sha256 {card.model_sha256[:12]})",
          file=sys.stderr)
    return EXIT_OK


class _Usage(Exception):
    pass


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"not a positive number of seconds: {value!r}")
    return seconds


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Usage(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="wallsense", description="The journalism of saved news pages, and why the rest was dropped.")
    from . import __version__

    p.add_argument("--version", action="version", version=f"wallsense {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--model", help="a model file to use instead of the bundled one")
        sp.add_argument("--timeout", type=_seconds, help="seconds per page before it counts as failed")
        sp.add_argument("-j", "--jobs", type=int, default=1, help="worker processes")
        sp.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
        sp.add_argument("-o", "--output", help="output FILE, or DIR for several inputs")

    c = sub.add_parser("clean", help="print the clean article text of saved pages")
    c.add_argument("inputs", nargs="*", metavar="PATH", help="saved pages; - reads standard input")
    c.add_argument("--format", choices=FORMATS, default="text")
    c.add_argument("--warc", action="store_true", help="inputs are WARC files; writes JSON Lines")
    common(c)
    c.set_defaults(func=cmd_clean)

    d = sub.add_parser("detect", help="print a JSON wall report per page (JSON Lines for several)")
    d.add_argument("inputs", nargs="+", metavar="PATH")
    common(d)
    d.set_defaults(func=cmd_detect)

    s = sub.add_parser("show", help="write the page with every block outlined by its label")
    s.add_argument("input", metavar="PAGE")
    s.add_argument("-o", "--output", required=True)
    s.add_argument("--model")
    s.add_argument("--timeout", type=_seconds)
    s.set_defaults(func=cmd_show)

    lab = sub.add_parser("label", help="write a draft .labels file from the model's predictions")
    lab.add_argument("inputs", nargs="+", metavar="PAGE")
    lab.add_argument("-o", "--output")
    lab.add_argument("--model")
    lab.add_argument("--force", action="store_true", help="overwrite existing label files")
    lab.set_defaults(func=cmd_label)

    t = sub.add_parser("train", help="train a model on labelled fixtures and corpora")
    t.add_argument("fixtures", nargs="*", metavar="FIXTURE_DIR")
    t.add_argument("--corpus", action="append", metavar="JSONL")
    t.add_argument("-o", "--output", help="model path (default: the repository's models/)")
    t.add_argument("--folds", type=int, default=4)
    t.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    t.add_argument("-j", "--jobs", type=int, default=2)
    t.set_defaults(func=cmd_train)

    e = sub.add_parser("eval", help="score the model on labelled fixtures and corpora")
    e.add_argument("fixtures", nargs="*", metavar="FIXTURE_DIR")
    e.add_argument("--corpus", action="append", metavar="JSONL")
    e.add_argument("--model")
    e.add_argument("--json", action="store_true")
    e.add_argument("--limit", type=int)
    e.add_argument("--check", action="store_true", help="only validate the label files")
    e.set_defaults(func=cmd_eval)

    cm = sub.add_parser("convert-model", help="rewrite an old-format (format 1) model without retraining")
    cm.add_argument("input", metavar="MODEL")
    cm.add_argument("-o", "--output", help="where to write it (default: over MODEL and its card)")
    cm.set_defaults(func=cmd_convert_model)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns 0 when every input succeeded, 1 when some failed, 2 for usage errors."""
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except _Usage as exc:
        print(f"wallsense: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except WallsenseError as exc:
        print(f"wallsense: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
