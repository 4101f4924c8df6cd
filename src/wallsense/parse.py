"""Parse page text into an lxml tree, safely: no network, no entities from outside, no DTDs."""

from __future__ import annotations

import re

from lxml import etree, html as lxml_html

from .errors import InputError

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _parser() -> lxml_html.HTMLParser:
    return lxml_html.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        recover=True,
        huge_tree=True,
        default_doctype=False,
    )


_PARSER = _parser()


def parse(text: str) -> etree._Element:
    """Return the root ``<html>`` element of the page.

    The text is re-encoded to UTF-8 (lone surrogates replaced, control characters dropped),
    so an XML declaration inside a ``str`` and NUL bytes do not trip the parser.
    """
    if not text.strip():
        raise InputError("the page is empty")
    cleaned = _CONTROL.sub("", text)
    data = cleaned.encode("utf-8", errors="replace")
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"cannot parse the page: {exc}") from None
    if root is None:
        raise InputError("the page has no markup lxml can read")
    return root
