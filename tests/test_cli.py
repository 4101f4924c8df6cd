"""The command line, through ``main([...])`` and once through the installed command."""

import json
import shutil
import subprocess
import sys

import pytest

from wallsense.cli import main
from conftest import FIXTURES

PAGES = sorted(FIXTURES.rglob("*.html"))[:3]


@pytest.fixture
def pages():
    if len(PAGES) < 2:
        pytest.skip("needs fixture pages")
    return PAGES


def test_clean_one_page(pages, capsys):
    assert main(["clean", str(pages[0])]) == 0
    out = capsys.readouterr().out
    assert len(out.strip()) > 100


def test_clean_json(pages, capsys):
    assert main(["clean", "--format", "json", str(pages[0])]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"text", "walls", "access", "truncated", "title"}


def test_markdown_headline(pages, capsys):
    assert main(["clean", "--format", "markdown", str(pages[0])]) == 0
    assert capsys.readouterr().out.lstrip().startswith("#")


def test_batch_goes_on_after_a_failure(pages, tmp_path, capsys):
    bad = tmp_path / "broken.html"
    bad.write_bytes(b"%PDF-1.5 not a page")
    missing = tmp_path / "missing.html"
    out = tmp_path / "out"
    code = main(["clean", str(pages[0]), str(bad), str(missing), str(pages[1]), "-o", str(out)])
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("wallsense: ") for line in err)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.stem + ".txt" for p in pages[:2])


def test_several_inputs_on_stdout_are_separated(pages, capsys):
    assert main(["clean", str(pages[0]), str(pages[1])]) == 0
    out = capsys.readouterr().out
    assert out.count("==> ") == 2


def test_detect_json_lines(pages, capsys):
    assert main(["detect", str(pages[0]), str(pages[1])]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    report = json.loads(lines[0])
    assert "blocks" in report and "signals" in report["blocks"][0]


def test_stdin(pages, monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(pages[0].read_bytes())))
    assert main(["clean", "-"]) == 0
    assert capsys.readouterr().out.strip()


@pytest.mark.parametrize("argv", [[], ["clean"], ["bogus"], ["clean", "--format", "yaml", "x.html"]],
                         ids=["nothing", "no-input", "unknown-command", "bad-format"])
def test_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("wallsense: ")


def test_label_writes_a_draft_that_validates(pages, tmp_path, capsys):
    from wallsense.labelfile import validate

    page = tmp_path / "pub" / "page.html"
    page.parent.mkdir()
    shutil.copy(pages[0], page)
    assert main(["label", str(page)]) == 0
    counts, problems = validate(page.with_suffix(".labels"))
    assert counts.get("article", 0) > 0
    assert not [p for p in problems if "labelled both" in p or "matches nothing" in p]
    assert main(["label", str(page)]) == 1  # refuses to overwrite


def test_installed_command_runs(pages):
    exe = shutil.which("wallsense")
    if exe is None:
        pytest.skip("wallsense is not installed as a command")
    done = subprocess.run([exe, "clean", str(pages[0])], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip()
    done = subprocess.run([sys.executable, "-m", "wallsense", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and "wallsense" in done.stdout
