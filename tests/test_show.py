"""``wallsense show``: the annotated page is inert, labels every block, and renders as meant in Chromium."""

import shutil
import struct
import subprocess
import zlib

import pytest
from lxml import html as lxml_html

from wallsense import analyze
from wallsense.cli import main
from wallsense.decode import decode
from wallsense.parse import parse
from wallsense.records import WALL_KINDS, BlockResult, Label, Metadata, Report, Verdict
from wallsense.segment import segment
from wallsense.show import COLORS, TINTS, annotate
from conftest import FIXTURES, page

HOSTILE = page(
    '<div style="position:fixed !important;inset:0;z-index:2147483647;background:rgba(0,0,0,.8)">'
    '<div class="consent"><h2>We value your privacy</h2><p>We and our partners use cookies to store and'
    ' access information on your device.</p><button onclick="accept()">Accept</button></div></div>'
    '<h1 class="article" onmouseover="steal()">Council approves the new harbour bridge</h1>'
    '<p class="article">The council voted on Tuesday to approve the bridge after two years of debate'
    ' about its cost and its effect on the harbour.</p>'
    '<p class="paywall" style="filter:blur(4px);user-select:none;pointer-events:none">Subscribe to'
    ' continue reading: the rest of this story is for subscribers only.</p>'
    '<div class="adblock">Please disable your ad blocker to keep reading this site.</div>'
    '<div class="comments">Readers have left 12 comments on this story.</div>'
    '<p class="other"><a href=" jav&#x61;&#09;script:alert(1)">Home</a> <a href="vbscript:x">Sport</a>'
    ' <a href="data:text/html,<script>alert(1)</script>">Weather</a></p>'
    '<script>alert(1)</script><SCRIPT src="https://evil.example/x.js"></SCRIPT><noscript>no js</noscript>'
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe><iframe src="https://x.example"></iframe>'
    '<object data="x.swf"></object><embed src="x.swf"><img src="x.png" onerror="alert(1)">'
    '<form action="javascript:alert(1)"><button formaction="JAVASCRIPT:alert(1)">Go</button></form>'
    '<svg onload="alert(1)"><a xlink:href="javascript:alert(1)"><animate attributeName="href"'
    ' to="javascript:alert(1)"/><text>x</text></a></svg><math href="javascript:alert(1)"><mi>x</mi></math>'
    '<div style="background:url(javascript:alert(1))">styled</div>',
    head='<meta http-equiv="Refresh" content="0;url=https://evil.example"><base href="https://evil.example/">'
         '<link rel="import" href="x.html"><script>alert(2)</script>',
).replace("<body>", '<body onload="alert(3)" style="overflow:hidden">')


def _hand_report(html: str) -> Report:
    """A report that labels each block by its element's class, so no model is involved."""
    blocks = segment(parse(decode(html)))
    results = tuple(
        BlockResult(index=b.index, text=b.text, tag=b.tag, path=b.path, probability=0.9, signals=("hand",),
                    label=next((lab for el in (b.element, *b.element.iterancestors())
                                for lab in Label if lab.value in (el.get("class") or "").split()), Label.OTHER))
        for b in blocks)
    return Report(text="", title=None, lang="en", metadata=Metadata(), blocks=results,
                  walls={k: Verdict(True, 0.9) for k in WALL_KINDS}, access="locked", truncated=True)


def _assert_inert(out: str) -> None:
    tree = lxml_html.fromstring(out)
    gone = ("script", "iframe", "frame", "object", "embed", "base", "noscript", "animate", "set")
    assert not tree.xpath("|".join(f"//{t}" for t in gone))
    assert not tree.xpath("//meta[@http-equiv]")
    assert "<script" not in out.lower() and "srcdoc" not in out.lower()
    for el in tree.iter():
        for name, value in el.attrib.items():
            squashed = "".join(ch for ch in value if ch > " ").lower()
            assert not name.lower().startswith("on"), (el.tag, name)
            assert not squashed.startswith(("javascript:", "vbscript:", "data:text/html")), (el.tag, name)
            assert "javascript:" not in squashed and "position:fixed" not in squashed, (el.tag, name)


def _assert_every_block_labelled(html: str, report: Report, out: str) -> None:
    elements = list(dict.fromkeys(b.element for b in segment(parse(decode(html)))))
    labelled = lxml_html.fromstring(out).xpath("//*[@data-ws-label]")
    assert [el.tag for el in labelled] == [el.tag for el in elements]
    assert {el.get("data-ws-label") for el in labelled} <= {lab.value for lab in Label}
    assert all(el.get("title", "").split()[0] == el.get("data-ws-label") for el in labelled)
    assert len(report.blocks) >= len(elements) > 0


def test_hostile_page_is_inert_and_labelled(model):
    report = analyze(HOSTILE, model=model)
    out = annotate(HOSTILE, report)
    _assert_inert(out)
    assert "javascript:" not in out.lower() and "vbscript:" not in out.lower()
    _assert_every_block_labelled(HOSTILE, report, out)
    assert 'id="wallsense-summary"' in out and "Council approves" in out


def test_hand_labels_reach_the_page():
    out = annotate(HOSTILE, _hand_report(HOSTILE))
    labels = {el.get("data-ws-label") for el in lxml_html.fromstring(out).xpath("//*[@data-ws-label]")}
    assert labels == {lab.value for lab in Label}


def test_fixture_page_through_the_cli(tmp_path):
    src = FIXTURES / "en-daily-clarion" / "lottery-winner-buys-village-pub-free-pints.html"
    if not src.is_file():
        pytest.skip(f"{src} is absent")
    target = tmp_path / "annotated.html"
    assert main(["show", str(src), "-o", str(target)]) == 0
    out = target.read_text(encoding="utf-8")
    _assert_inert(out)
    _assert_every_block_labelled(src.read_text(encoding="utf-8"), analyze(src.read_bytes()), out)


def _read_png(path) -> tuple[int, int, list[list[tuple[int, int, int]]]]:
    """Width, height and RGB rows of an 8-bit, non-interlaced RGB/RGBA PNG (what Chromium writes)."""
    data, pos, idat = path.read_bytes(), 8, b""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", data[pos + 8:pos + 21])
        elif kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    assert depth == 8 and ctype in (2, 6) and not interlace
    bpp = 3 if ctype == 2 else 4
    raw, stride, prev, rows = zlib.decompress(idat), width * bpp, bytearray(width * bpp), []
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in (range(stride) if kind else ()):  # filters 1-4: Sub, Up, Average, Paeth
            a, b, c = (line[i - bpp], prev[i], prev[i - bpp]) if i >= bpp else (0, prev[i], 0)
            if kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                a = a if pa <= pb and pa <= pc else b if pb <= pc else c
            line[i] = (line[i] + (a, b, (a + b) // 2, a)[kind - 1]) & 255
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, bpp)])
        prev = line
    return width, height, rows


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed")
def test_screenshot_in_chromium(tmp_path):
    annotated = tmp_path / "annotated.html"
    annotated.write_text(annotate(HOSTILE, _hand_report(HOSTILE)), encoding="utf-8")
    png = tmp_path / "shot.png"
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1",
         f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}", "--window-size=900,700",
         annotated.as_uri()],
        capture_output=True, timeout=60, check=False)
    assert png.is_file(), "Chromium wrote no screenshot"
    width, height, rows = _read_png(png)
    assert (width, height) == (900, 700)
    bar, border = (17, 17, 17), (68, 68, 68)
    top = [px for row in rows[9:13] for px in row[20:width - 20]]
    assert top.count(bar) / len(top) > 0.99, "the summary bar is not on top"
    bottom = next(y for y in range(9, height) if rows[y][12] not in (bar, border))
    assert 40 < bottom < 200
    seen = {px for row in rows[bottom:] for px in row}
    for lab in Label:
        tint = tuple(int(v) for v in TINTS[lab].split(","))
        outline = tuple(int(v) for v in COLORS[lab].split(","))
        assert tint in seen and outline in seen, f"{lab.value} blocks are not tinted and outlined"
