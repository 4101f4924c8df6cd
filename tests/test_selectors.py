import pytest
from lxml import html

from wallsense.selectors import SelectorError, select

DOC = html.fromstring(
    '<html><body><div id="main" class="story story--wide"><h1 class="title">T</h1>'
    '<div class="body"><p>a</p><p class="x" data-role="lead">b</p></div></div>'
    '<aside class="sp_message_container_123"><p>c</p></aside></body></html>')


@pytest.mark.parametrize("selector,texts", [
    ("p", ["a", "b", "c"]),
    ("div.story p", ["a", "b"]),
    ("#main > h1", ["T"]),
    ("#main > p", []),
    (".body > p.x", ["b"]),
    ("[data-role=lead]", ["b"]),
    ('[data-role="lead"]', ["b"]),
    ("[class^=sp_message] p", ["c"]),
    ("[class*=wide] h1", ["T"]),
    ("[class$=123] p", ["c"]),
    ("[class~=story] h1, aside p", ["T", "c"]),
    ("div.story.story--wide h1", ["T"]),
], ids=lambda v: v if isinstance(v, str) else None)
def test_select(selector, texts):
    assert [e.text_content() for e in select(DOC, selector)] == texts


@pytest.mark.parametrize("bad", ["p:first-child", "div >", "", "a,,b", "> p"])
def test_unsupported_syntax_raises(bad):
    with pytest.raises(SelectorError):
        select(DOC, bad)
