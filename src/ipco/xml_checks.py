"""RDF/XML checks pyoxigraph does not make, or makes too slowly: characters XML forbids, and
nesting depth (pyoxigraph's RDF/XML parser takes time growing faster than the square of the depth:
0.6 s at 4000 levels, 13 s at 16 000, minutes at 100 000).

Both run at C speed on bytes already in memory; only a document that may be too deep is walked
element by element (by expat, stopping at the first element past the limit), to say where.
"""

from __future__ import annotations

import re
import xml.parsers.expat

from ipco.errors import InputLimitExceeded, LoadError, SourcePosition
from ipco.input_limits import position_at

#: RDF/XML nesting (elements inside elements): documents as written nest a dozen levels or so.
MAX_XML_DEPTH = 256

#: C0 controls XML 1.0's Char production forbids (tab, line feed and carriage return are allowed;
#: NUL is refused before, as a sign of binary or UTF-16 input).
_CONTROL = re.compile(rb"[\x01-\x08\x0b\x0c\x0e-\x1f]")
#: What is not an element tag: comments, CDATA sections, processing instructions, the DOCTYPE.
_NOT_TAGS = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!(?:[^\[>]|\[[^\]]*\])*>", re.S)
_EMPTY_TAG = re.compile(rb"<(?:[^<>\"'/]|\"[^\"]*\"|'[^']*'|/(?!>))*/>")
_END_TAG = re.compile(rb"</[^<>]*>")
_START_TAG = re.compile(rb"<(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>")
#: Bytes XML text never holds once controls are refused: stand-ins for start and end tags.
_OPEN, _CLOSE = b"\x01", b"\x02"
_TAG_MARKS = bytes(range(256)).replace(_OPEN, b"").replace(_CLOSE, b"")


def check_xml_chars(data: bytes, display: str) -> None:
    """Refuse a control character XML forbids, at its position (pyoxigraph reads it as text)."""
    found = _CONTROL.search(data)
    if found is not None:
        raise LoadError(
            position_at(data, found.start(), display),
            f"control character U+{data[found.start()]:04X} is not allowed in XML",
            hint="remove it, or write the text in Turtle, where a string may hold it escaped",
        )


def check_xml_depth(data: bytes, display: str, limit: int = MAX_XML_DEPTH) -> None:
    """Refuse XML nested deeper than ``limit`` elements, at the start tag one level too deep.
    Expects ``check_xml_chars`` to have passed (its stand-in bytes must not occur in the text)."""
    if data.count(b"<") <= limit or _shallow(_tag_marks(data), limit):
        return
    depth = 0

    def start(name: str, attributes: object) -> None:
        nonlocal depth
        depth += 1
        if depth > limit:
            line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
            raise InputLimitExceeded(
                SourcePosition(display, line, column),
                f"XML nested more than {limit} elements deep",
                hint="flatten the document: describe nested nodes at the top level and refer to them by IRI",
            )

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    parser = xml.parsers.expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as error:  # fails closed: what expat cannot read is refused
        raise LoadError(
            SourcePosition(display, error.lineno, error.offset + 1),
            f"not well-formed XML ({xml.parsers.expat.ErrorString(error.code)})",
        ) from None


def _tag_marks(data: bytes) -> bytes:
    """The document's element tags as one byte each (start, end; empty elements dropped)."""
    data = _NOT_TAGS.sub(b"", data)
    data = _EMPTY_TAG.sub(b"", data)
    data = _END_TAG.sub(_CLOSE, data)
    data = _START_TAG.sub(_OPEN, data)
    return data.translate(None, _TAG_MARKS)


def _shallow(marks: bytes, limit: int) -> bool:
    """True when the tags nest at most ``limit`` deep, for certain; False when unsure. Each pass
    deletes the innermost pairs at C speed."""
    pair = _OPEN + _CLOSE
    for _ in range(limit):
        if not marks:
            return True
        shorter = marks.replace(pair, b"")
        if len(shorter) == len(marks):
            return False
        marks = shorter
    return not marks
