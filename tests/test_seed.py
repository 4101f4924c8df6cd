"""The page that started the project: its clean text is exactly the journalism, in order."""

import wallsense
from wallsense.decode import decode
from wallsense.labelfile import apply_labels, parse_label_file
from wallsense.parse import parse
from wallsense.records import Label
from wallsense.segment import segment
from conftest import FIXTURES

SEED = FIXTURES / "de-rheinbote" / "nordkorea-waffen-russland.labels"


def test_seed_clean_text_is_exactly_the_labelled_article(model):
    lf = parse_label_file(SEED)
    root = parse(decode(lf.page.read_bytes()))
    blocks = segment(root)
    labels = apply_labels(root, blocks, lf).labels
    expected = "\n\n".join(b.text for b, lab in zip(blocks, labels) if lab is Label.ARTICLE)
    assert wallsense.clean_text(lf.page.read_bytes(), model=model) == expected


def test_seed_text_order_and_exclusions(model):
    text = wallsense.clean_text((FIXTURES / "de-rheinbote" / "nordkorea-waffen-russland.html").read_bytes(),
                                model=model)
    paragraphs = text.split("\n\n")
    assert "Nordkorea ist der emsige Waffen-Versorger" in paragraphs[0]
    assert paragraphs[-1].startswith("Nordkorea hat zunehmend seine Rhetorik")
    order = ["Es scheint, als wolle Nordkorea", "Pjöngjang/Moskau", "Nordkorea befeuert Russlands Kriegswirtschaft",
             "Russlands Wirtschaft braucht Munition", "Stärkere Zusammenarbeit zwischen",
             "Spannungen zwischen Nord- und Südkorea"]
    positions = [text.find(s) for s in order]
    assert -1 not in positions and positions == sorted(positions)
    for gone in ("Bitte deaktivieren Sie Ihren Ad-Blocker", "Jederzeit kündbar", "0,99€",
                 "Sie haben das Produkt bereits gekauft", "Russlands Präsident Wladimir Putin", "Kommentare"):
        assert gone not in text
    assert "+" not in paragraphs


def test_seed_report_names_the_adblock_wall(model):
    report = wallsense.analyze((FIXTURES / "de-rheinbote" / "nordkorea-waffen-russland.html").read_bytes(),
                               model=model)
    assert report.walls["adblock"].present
    assert not report.walls["paywall"].present
    assert not report.truncated
    assert report.lang == "de"
