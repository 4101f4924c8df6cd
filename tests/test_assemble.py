"""Assembly rules: furniture text never reaches the clean text, whatever the model says."""

import numpy as np
import pytest

from wallsense.assemble import _is_furniture, article_text, block_results
from wallsense.features import FEATURE_NAMES
from wallsense.records import LABELS, Block, Label
from wallsense.training.weak import UNKNOWN, _wall_label


@pytest.mark.parametrize("text", [
    "Lesen Sie auch: Der Rat stimmt über die Brücke ab",
    "Mehr zum Thema",
    "Das könnte Dich auch interessieren …",
    "Le puede interesar: JEP abrirá tres nuevos macrocasos",
    "Leia também: Governo anuncia novo pacote",
    "Czytaj także: Sejm przyjął ustawę",
    "Bild: Jahr Media",
    "Foto: dpa",
    "Abbildung 4: klassische Schwachschicht.",
    "Fig. 2 The bridge at night",
    "© Oli Scarff/Getty Images",
    "Die Brücke bei Nacht. (Foto: Shutterstock)",
    "Vergrößern Eine kleine runde Aussparung für die Kamera",
    "Anzeige",
    "+",
])
def test_furniture(text):
    assert _is_furniture(text)


@pytest.mark.parametrize("text", [
    "Hamburg (dpa) - Der Senat hat am Dienstag den Bau einer neuen Brücke beschlossen.",
    "Figure skating returns to the old town rink this winter.",
    "Abbildungen zeigen die Brücke nur von Süden.",
    "Related work on bridges is rare in this city.",
    "Leserinnen und Leser haben uns geschrieben, dass sie die Brücke vermissen.",
    "Lesen Sie auch die folgenden Absätze genau: " + "Der Rat hat lange beraten und am Ende zugestimmt. " * 6,
])
def test_not_furniture(text):
    assert not _is_furniture(text)


def test_furniture_blocks_never_reach_the_text():
    texts = ["Council approves the bridge", "Mehr zum Thema", "The vote was close and long."]
    blocks = [Block(index=i, text=t, tag="p", path=f"/p[{i}]", depth=3, link_chars=0, element=None)
              for i, t in enumerate(texts)]
    proba = np.zeros((3, len(LABELS)))
    proba[:, LABELS.index(Label.ARTICLE)] = 0.9
    results = block_results(blocks, proba, np.zeros((3, len(FEATURE_NAMES))))
    assert [r.label for r in results] == [Label.ARTICLE, Label.OTHER, Label.ARTICLE]
    assert article_text(results) == "Council approves the bridge\n\nThe vote was close and long."


def _row(**on):
    row = np.zeros(len(FEATURE_NAMES), dtype=np.float32)
    for name, value in on.items():
        row[FEATURE_NAMES.index(name)] = value
    return row


@pytest.mark.parametrize("cues, expected", [
    ({}, None),
    ({"lex_comments": 1, "log_words": 3.0}, LABELS.index(Label.COMMENTS)),
    ({"lex_comments": 1, "log_words": 1.0}, UNKNOWN),                     # a "Kommentare" link
    ({"cls_anc_comment": 1}, LABELS.index(Label.COMMENTS)),
    ({"lex_consent": 2, "log_words": 3.0}, LABELS.index(Label.CONSENT)),
    ({"lex_consent": 1, "log_words": 3.0, "link_density": 1.0}, UNKNOWN),  # a footer privacy link
    ({"lex_adblock": 1, "cls_anc_adblock": 1}, LABELS.index(Label.ADBLOCK)),
    ({"lex_paywall": 1}, UNKNOWN),                      # a donation box says "unterstützen" too
    ({"lex_paywall": 1, "cls_anc_paywall": 1}, LABELS.index(Label.PAYWALL)),
    ({"lex_comments": 1, "lex_consent": 1}, UNKNOWN),   # two kinds: the corpus cannot say which
    ({"lex_comments": 1, "lex_newsletter": 1}, UNKNOWN),
    ({"lex_paywall": 1, "cls_anc_paywall": 1, "cls_anc_newsletter": 1}, UNKNOWN),  # "Blog per E-Mail abonnieren"
])
def test_weak_label_for_not_article_blocks_with_wall_cues(cues, expected):
    assert _wall_label(_row(**cues)) == expected



def test_truncation_reads_the_wall_text():
    from wallsense.walls import _CONTINUE, _METERED

    assert _CONTINUE.search("Register free to keep reading and get two more free stories each month")
    assert _METERED.search("Register free to keep reading and get two more free stories each month")
    assert _METERED.search("Dieser Artikel ist für Sie freigeschaltet.")
    assert not _CONTINUE.search("You have 2 free stories left this month.")


def _verdict_page(texts, label, p=0.99, link_chars=0):
    """Block results of one page whose blocks all carry ``label`` at probability ``p``."""
    from wallsense.records import BlockResult

    blocks = [Block(i, t, "div", f"/html/body/div[{i + 1}]", 3, link_chars if i == 0 else 0, None)
              for i, t in enumerate(texts)]
    results = [BlockResult(index=i, text=t, label=label, probability=p, path=b.path, tag="div", signals=())
               for i, (b, t) in enumerate(zip(blocks, texts))]
    proba = np.zeros((len(texts), len(LABELS)))
    proba[:, LABELS.index(label)] = p
    return blocks, results, proba


def _verdicts_of_page(html, label, labelled=lambda text: True):
    """Verdicts for a segmented page whose blocks (those ``labelled`` says, by text) carry ``label``
    at p=0.99, the others ``other``."""
    from wallsense.metadata import page_facts
    from wallsense.parse import parse
    from wallsense.records import BlockResult
    from wallsense.segment import segment
    from wallsense.walls import verdicts

    root = parse(html)
    blocks = segment(root)
    labels = [label if labelled(b.text) else Label.OTHER for b in blocks]
    results = [BlockResult(index=b.index, text=b.text, label=lab, probability=0.99, path=b.path, tag=b.tag,
                           signals=()) for b, lab in zip(blocks, labels)]
    proba = np.zeros((len(blocks), len(LABELS)))
    proba[np.arange(len(blocks)), [LABELS.index(lab) for lab in labels]] = 0.99
    return verdicts(results, proba, page_facts(root), (), blocks)


@pytest.mark.parametrize("texts, label, link_chars, present", [
    (["Kommentare (3)", "Schreibe einen Kommentar"], Label.COMMENTS, 0, True),
    (["Anna sagt:", "Sehr guter Text, danke!"], Label.COMMENTS, 0, True),
    (["Station Info", "Contact Us", "Careers"], Label.COMMENTS, 0, False),       # nav under a "community" class
    (["Wir verwenden Cookies, um Ihnen die beste Erfahrung zu bieten. Akzeptieren"], Label.CONSENT, 0, True),
    (["Copyright 2019. Example Ltd Privacy Statement | Data Subject Access Request"], Label.CONSENT, 0, False),
    (["Impressum | Datenschutz | Cookie-Einstellungen | Barrierefreiheit"], Label.CONSENT, 60, False),  # footer links
    (["Blog per E-Mail abonnieren und keinen Beitrag verpassen"], Label.PAYWALL, 0, False),
    (["Abonnieren Sie unseren Newsletter und bleiben Sie informiert"], Label.PAYWALL, 0, False),
    (["Sie nutzen einen Ad-Blocker. Bitte deaktivieren Sie ihn, um weiterzulesen."], Label.ADBLOCK, 0, True),
    (["Kommentieren & diskutieren auf Twitter"], Label.ADBLOCK, 0, False),
    (["Bitte gib Deinen Benutzernamen ein, du erhältst einen Link für ein neues Passwort"], Label.PAYWALL, 0, False),
    (["Dieser Artikel ist nur für Abonnenten. Jetzt für 1 Euro testen"], Label.PAYWALL, 0, True),
    (["This post is for paid subscribers", "Already a paid subscriber? Sign in"], Label.PAYWALL, 0, True),
    (["Ready to ditch your analytics tool? Start your free trial today."], Label.PAYWALL, 0, False),
    (["Subscribe: Apple Podcasts | Spotify | Android | RSS"], Label.PAYWALL, 0, False),
    (["By entering your email address you consent to receive emails from us"], Label.CONSENT, 0, False),
    (["© 2025 Example Media. All rights reserved. Privacy | Terms | Cookies"], Label.CONSENT, 0, False),
    (["The store will not work correctly when cookies are disabled."], Label.CONSENT, 0, False),
    (["By continuing to use this website you consent to our privacy policy"], Label.CONSENT, 0, True),
    (["This website uses cookies.", "More", "OK"], Label.CONSENT, 0, True),  # a small bar
    (["Commentary", "Kernel patches and their commit messages"], Label.COMMENTS, 0, False),
])
def test_adblock_consent_and_comment_walls_must_be_named_in_a_confident_block(texts, label, link_chars, present):
    from wallsense.metadata import page_facts
    from wallsense.parse import parse
    from wallsense.walls import verdicts

    blocks, results, proba = _verdict_page(texts, label, link_chars=link_chars)
    facts = page_facts(parse("<html><body><p>x</p></body></html>"))  # no structured data
    got = verdicts(results, proba, facts, (), blocks)
    assert got[label.value].present is present


@pytest.mark.parametrize("where, present", [("footer", False), ("nav", False), ("form", False), ("ul><li", False),
                                            ("div", True), ("aside", True)])
def test_a_paywall_statement_is_not_page_furniture(where, present):
    close = "></".join(reversed(where.split("><")))
    html = (f"<html><body><{where}><p>Dieser Artikel ist nur für Abonnenten. Jetzt für 1 Euro testen"
            f"</p></{close}></body></html>")
    assert _verdicts_of_page(html, Label.PAYWALL)["paywall"].present is present


@pytest.mark.parametrize("lang, text, present", [
    ("fr", "Comment choisir sa plancha", False),  # "how"
    ("fr", "Commentaires (3)", True),
    ("en", "Comment on this story", True),
])
def test_comment_words_are_read_in_the_page_language(lang, text, present):
    from wallsense.metadata import page_facts
    from wallsense.parse import parse
    from wallsense.walls import verdicts

    blocks, results, proba = _verdict_page([text], Label.COMMENTS)
    facts = page_facts(parse(f"<html lang='{lang}'><body><p>x</p></body></html>"))
    assert verdicts(results, proba, facts, (), blocks)["comments"].present is present


@pytest.mark.parametrize("paragraphs_outside, present", [(20, False), (0, True)])
def test_a_comment_item_of_a_nav_menu_is_no_comment_section(paragraphs_outside, present):
    """A <nav> menu item names no wall; a <nav> that never closed and holds the page is no menu."""
    items = "".join(f"<li><a href='/r{i}'>Ressort Nummer {i}</a></li>" for i in range(5))
    main = "".join(f"<p>Der Gemeinderat hat am Dienstag lange über den Haushalt beraten, Absatz {i}.</p>"
                   for i in range(paragraphs_outside))
    html = (f"<html><body><nav><ul>{items}<li><a href='/k'>Kommentare</a></li></ul></nav>"
            f"<main>{main}</main></body></html>")
    got = _verdicts_of_page(html, Label.COMMENTS, labelled=lambda text: text == "Kommentare")
    assert got["comments"].present is present


@pytest.mark.parametrize("paragraphs, truncated", [(3, True), (70, False)])
def test_a_long_article_before_a_subscription_appeal_is_not_truncated(paragraphs, truncated):
    from wallsense.metadata import page_facts
    from wallsense.parse import parse
    from wallsense.records import BlockResult, Verdict
    from wallsense.walls import truncation

    body = ["Der Gemeinderat hat am Dienstag über den Haushalt beraten und vieles vertagt, sagt man."] * paragraphs
    wall = ["Jetzt abonnieren und alle Artikel lesen. Im ersten Monat für 1 Euro, jederzeit kündbar."]
    results = [BlockResult(index=i, text=t, label=Label.ARTICLE if i < paragraphs else Label.PAYWALL,
                           probability=0.99, path=f"/html/body/p[{i + 1}]", tag="p", signals=())
               for i, t in enumerate(body + wall)]
    walls = {kind: Verdict(present=kind == "paywall", confidence=0.99, evidence=())
             for kind in ("paywall", "adblock", "consent", "comments")}
    facts = page_facts(parse("<html><body><p>x</p></body></html>"))
    assert truncation(results, walls, facts) is truncated


def test_the_block_that_states_the_wall_is_the_first_evidence():
    from wallsense.metadata import page_facts
    from wallsense.parse import parse
    from wallsense.records import BlockResult
    from wallsense.walls import verdicts

    blocks, results, proba = _verdict_page(["Station Info Contact Us", "Kommentare (3)"], Label.COMMENTS)
    results[1] = BlockResult(index=1, text=results[1].text, label=Label.COMMENTS, probability=0.85,
                             path=results[1].path, tag="div", signals=())
    proba[1] *= 0.85 / 0.99
    got = verdicts(results, proba, page_facts(parse("<html><body><p>x</p></body></html>")), (), blocks)
    evidence = got["comments"].evidence
    assert got["comments"].present
    assert evidence[0].text == "Kommentare (3)" and "states the wall" in evidence[0].detail
    assert "states the wall" not in evidence[1].detail


@pytest.mark.parametrize("section_id, present", [("respond", True), ("sidebar", False)])
def test_a_comment_form_in_the_pages_comment_section_states_the_wall(section_id, present):
    """The form's words are weak, its place (the page's own comment section) is not."""
    html = (f"<html><body><div id='{section_id}'><h3>Say your words</h3><p>Your name</p>"
            "<p>Submit</p></div></body></html>")
    assert _verdicts_of_page(html, Label.COMMENTS)["comments"].present is present


@pytest.mark.parametrize("wall, access", [
    ("Sie haben Ihr Limit von 3 kostenlosen Artikeln in diesem Monat erreicht. Jetzt weiterlesen.", "metered"),
    ("Dieser Artikel ist nur für Abonnenten. Jetzt für 1 Euro weiterlesen.", "locked"),
])
def test_a_spent_meter_that_cuts_the_article_is_metered_access(wall, access):
    from wallsense.metadata import page_facts
    from wallsense.parse import parse
    from wallsense.records import BlockResult, Verdict
    from wallsense.walls import access_level

    results = [BlockResult(index=0, text=wall, label=Label.PAYWALL, probability=0.99, path="/html/body/div",
                           tag="div", signals=())]
    walls = {kind: Verdict(present=kind == "paywall", confidence=0.99, evidence=())
             for kind in ("paywall", "adblock", "consent", "comments")}
    facts = page_facts(parse("<html><body><p>x</p></body></html>"))
    assert access_level(walls, True, facts, results, has_text=True) == access


@pytest.mark.parametrize("cards, present", [(1, True), (3, False)])
def test_comment_counters_on_teaser_cards_of_other_posts_state_no_wall(cards, present):
    teasers = "".join(f"<article><h2>Beitrag {i}</h2><div>December {i}, 2025 No Comments</div></article>"
                      for i in range(cards))
    html = f"<html><body><main>{teasers}</main></body></html>"
    assert _verdicts_of_page(html, Label.COMMENTS)["comments"].present is present

@pytest.mark.parametrize("label, text, p, present", [
    (Label.CONSENT, "Diese Website benutzt Cookies. Wenn Sie die Website weiter nutzen, stimmen Sie zu.", 0.75, True),
    (Label.CONSENT, "Diese Website benutzt Cookies. Wenn Sie die Website weiter nutzen, stimmen Sie zu.", 0.65, False),
    (Label.COMMENTS, "Kommentare (3)", 0.75, False),
])
def test_a_plain_cookie_notice_counts_at_a_lower_probability(label, text, p, present):
    from wallsense.metadata import page_facts
    from wallsense.parse import parse
    from wallsense.walls import verdicts

    blocks, results, proba = _verdict_page([text], label, p=p)
    got = verdicts(results, proba, page_facts(parse("<html><body><p>x</p></body></html>")), (), blocks)
    assert got[label.value].present is present
