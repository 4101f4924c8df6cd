import codecs

import pytest

from wallsense.decode import decode, declared_encoding
from wallsense.errors import InputError

TEXT = "Grüße aus Köln – naïve café"


@pytest.mark.parametrize("data,expected", [
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), TEXT),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), TEXT),
    (f'<meta charset="iso-8859-1"><p>{TEXT}'.encode("cp1252", "replace"), None),
    (f'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>{TEXT}'.encode("cp1252"), None),
    # Declares latin-1 but is UTF-8: the bytes win.
    (f'<meta charset="iso-8859-1"><p>{TEXT}'.encode("utf-8"), None),
    # Declares UTF-8 but is cp1252: falls back instead of mojibake-free garbage.
    (f'<meta charset="utf-8"><p>{TEXT}'.encode("cp1252"), None),
    (f"<p>{TEXT}".encode("utf-8"), None),
], ids=["bom-utf8", "bom-utf16le", "bom-utf16be", "meta-latin1", "http-equiv-cp1252", "lying-latin1",
        "lying-utf8", "undeclared-utf8"])
def test_decode_recovers_text(data, expected):
    out = decode(data)
    assert (expected or TEXT) in out


def test_encoding_argument_overrides():
    assert decode("é".encode("utf-8"), encoding="latin-1") == "Ã©"


def test_unknown_encoding_argument():
    with pytest.raises(InputError):
        decode(b"x", encoding="no-such-codec")


@pytest.mark.parametrize("data", [b"%PDF-1.7 ...", b"\x89PNG\r\n\x1a\n", b"\x1f\x8b\x08\x00", b"\xff\xd8\xff\xe0"],
                         ids=["pdf", "png", "gzip", "jpeg"])
def test_binary_payloads_are_refused(data):
    with pytest.raises(InputError):
        decode(data)


@pytest.mark.parametrize("value", [None, 12, ["<p>x</p>"]], ids=["none", "int", "list"])
def test_non_text_types(value):
    with pytest.raises(TypeError):
        decode(value)


def test_declared_encoding_reads_xml_declaration():
    assert declared_encoding(b'<?xml version="1.0" encoding="ISO-8859-15"?><html/>') == "iso8859-15"
