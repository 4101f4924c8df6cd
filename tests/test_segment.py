from wallsense.parse import parse
from wallsense.segment import segment
from conftest import page


def texts(body: str) -> list[str]:
    return [b.text for b in segment(parse(page(body)))]


def test_inline_markup_stays_inside_its_block():
    assert texts("<p>One <b>bold</b> and <a href='#'>linked</a> word.</p>") == ["One bold and linked word."]


def test_div_text_is_split_where_child_blocks_start():
    assert texts("<div>Intro<p>Para</p>Tail</div>") == ["Intro", "Para", "Tail"]


def test_double_br_ends_a_block():
    assert texts("<div>First line<br>same block<br><br>Second block</div>") == [
        "First line same block", "Second block"]


def test_scripts_styles_and_templates_give_no_text():
    assert texts("<script>var x = 1;</script><style>p{}</style><template><p>t</p></template><p>kept</p>") == ["kept"]


def test_link_chars_are_counted():
    (b,) = segment(parse(page("<p>Read <a href='#'>more here</a></p>")))
    assert b.link_chars == len("more here")


def test_paths_point_at_the_block_elements():
    root = parse(page("<main><p>a</p><p>b</p></main>"))
    assert [b.path for b in segment(root)] == ["/html/body/main/p[1]", "/html/body/main/p[2]"]


_POSTS = "".join(f"<div class='post'><p>Reply {i}: " + "the agent restarts after the update " * 4 + "</p></div>"
                 for i in range(5))


def test_noscript_is_read_when_the_page_shows_nothing_else():
    got = texts(f"<div id='app'></div><noscript><h1>Agent crashes</h1>{_POSTS}</noscript>")
    assert got[0] == "Agent crashes" and len(got) == 6


def test_noscript_stays_skipped_next_to_a_readable_page():
    body = "<p>" + "An ordinary article paragraph with words. " * 20 + "</p>"
    assert texts(f"{body}<noscript>{_POSTS}</noscript>") == [texts(body)[0]]


def test_a_short_noscript_notice_is_not_read():
    assert texts("<div id='app'></div><noscript><p>Please enable JavaScript to use this site.</p></noscript>") == []
