"""Turn the caller's ``str`` or ``bytes`` into text: BOM, the page's own declaration, a sound fallback."""

from __future__ import annotations

import codecs
import re

from .errors import InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{1,40})"""
    rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([a-zA-Z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)
_SNIFF_BYTES = 8192
_SINGLE_BYTE = {"latin-1", "iso8859-1", "cp1252", "ascii", "iso8859-15"}
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data (decompress it first)"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"RIFF", "a RIFF media file"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"\x7fELF", "an executable"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"\x1a\x45\xdf\xa3", "a WebM/Matroska media file"),
    (b"\xfd7zXZ\x00", "xz-compressed data (decompress it first)"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data (decompress it first)"),
    (b"BZh", "bzip2-compressed data (decompress it first)"),
    (b"\x00asm", "a WebAssembly module"),
)
# Decoded text whose head is mostly control characters or undecodable bytes is not a page.
_BINARY_CHARS = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")
_BINARY_HEAD = 4096
_BINARY_SHARE = 0.10
# A page whose bytes carry an ASCII-compatible declaration cannot really be UTF-16/32 (WHATWG).
_WIDE = ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be")


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def declared_encoding(data: bytes) -> str | None:
    """The encoding the page declares in its first bytes, normalised, or None."""
    m = _DECLARED.search(data[:_SNIFF_BYTES])
    if not m:
        return None
    return _codec((m.group(1) or m.group(2)).decode("ascii", "replace"))


def _refuse_binary(text: str) -> str:
    head = text[:_BINARY_HEAD]
    if head and len(_BINARY_CHARS.findall(head)) > _BINARY_SHARE * len(head):
        raise InputError("input looks like binary data, not an HTML page")
    return text


def decode(data: str | bytes, encoding: str | None = None) -> str:
    """Return the page as text. ``encoding`` overrides everything the bytes say.

    Raises ``InputError`` for known binary formats (PDF, images, compressed data, ...) and for
    text whose first 4096 characters are more than 10 % control characters or undecodable bytes.
    """
    return _refuse_binary(_decode(data, encoding))


def _decode(data: str | bytes, encoding: str | None) -> str:
    if isinstance(data, str):
        return data
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"html must be str or bytes, not {type(data).__name__}")
    data = bytes(data)
    if encoding is not None:
        codec = _codec(encoding)
        if codec is None:
            raise InputError(f"unknown encoding {encoding!r}")
        return data.decode(codec, errors="replace")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise InputError(f"input is {what}, not an HTML page")
    declared = declared_encoding(data)
    if declared in _WIDE:
        declared = "utf-8"
    if declared is None or declared in _SINGLE_BYTE or declared == "utf-8":
        # Valid UTF-8 with non-ASCII bytes is UTF-8 whatever a single-byte declaration claims.
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    if declared in ("latin-1", "iso8859-1", "ascii"):
        declared = "cp1252"  # as browsers do (WHATWG encoding labels)
    if declared is not None and declared != "utf-8":
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    if _looks_utf16(data):
        return data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be", errors="replace")
    return data.decode("cp1252", errors="replace")


def _looks_utf16(data: bytes) -> bool:
    head = data[:200]
    return len(head) >= 8 and head.count(b"\x00") >= len(head) // 3
