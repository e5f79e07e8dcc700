"""Bounds on what one input may ask of the parser, checked on the bytes before pyoxigraph reads them.

pyoxigraph expands XML internal entities without limit (a 1 KB "billion laughs" file takes
gigabytes), stops at 16 MiB per term with a bare ``MemoryError``, and its JSON-LD parser needs
memory quadratic in the nesting depth and overflows the stack a few thousand levels down. Each
check here is one pass (or less) over bytes already in memory, and refuses at the ``line:col``
where the limit is crossed, so a hostile file costs milliseconds, not the machine.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ipco.errors import InputLimitExceeded, LoadError, RemoteResourceRefused, SourcePosition

#: The largest term (string literal with its quotes, IRI) pyoxigraph's Turtle-family parsers hold:
#: their buffer's maximal size. RDF/XML has no such limit.
MAX_TERM_BYTES = 16 * 1024 * 1024
#: The largest JSON string pyoxigraph's JSON-LD parser holds (measured: 8 MiB less 2 bytes).
MAX_JSON_STRING_BYTES = 8 * 1024 * 1024
#: JSON-LD nesting (objects and arrays): pyoxigraph needs ~35 MB at 256 levels, 1.7 GB at 3000.
MAX_JSON_DEPTH = 256
#: Bytes that references to XML internal entities may add to a document, all references together.
MAX_ENTITY_EXPANSION = 16 * 1024 * 1024

UTF8_BOM = b"\xef\xbb\xbf"

_JSON_TOKEN = re.compile(rb'"[^"\\]*(?:\\[\s\S][^"\\]*)*"|[\[\]{}]')
_NOT_BRACKETS_OR_QUOTES = bytes(b for b in range(256) if b not in b'[]{}"')
# Written as "run, then (escape, run)*" so that a 10 MB literal is one step, not ten million.
_TERM = re.compile(
    rb'"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""'
    rb"|'''[^'\\]*(?:(?:\\[\s\S]|'(?!''))[^'\\]*)*'''"
    rb'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
    rb"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'"
    rb"|<[^<>\s]*>"
    rb"|\#[^\n]*"
)
_XML_MISC = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)
_DOCTYPE = re.compile(
    rb"<!(?i:DOCTYPE)\s+[^\s\[>]+(?:\s+(?i:SYSTEM|PUBLIC)(?:\s+(?:\"[^\"]*\"|'[^']*'))+)?\s*(?P<subset>\[)?"
)
_SUBSET_ITEM = re.compile(
    rb"\s+|<!--.*?-->|<\?.*?\?>|%[^;\s]*;|\]|<!(?P<kind>ENTITY|ELEMENT|ATTLIST|NOTATION)\b(?:[^\"'>]+|\"[^\"]*\"|'[^']*')*>",
    re.S,
)
_ENTITY = re.compile(
    rb"<!ENTITY\s+(?P<parameter>%\s+)?(?P<name>[^\s\"'>]+)\s+"
    rb"(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)'|(?P<external>SYSTEM|PUBLIC)\b)"
)
_ENTITY_REFERENCE = re.compile(rb"[&%][^\s#;&%]+;")
#: ``&name;`` (not ``&#…;``): one pattern whatever the names, never an alternation of thousands.
_NAMED_REFERENCE = re.compile(rb"&([^\s#;&<>\"']+);")


def position_at(data: bytes, offset: int, display: str) -> SourcePosition:
    """Line and column (in characters, as editors count) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return SourcePosition(display, data.count(b"\n", 0, offset) + 1, column)


def char_at(data: bytes, line: int, column: int) -> str | None:
    """The character at a 1-based line and column (in characters), None past the end."""
    start = 0
    for _ in range(line - 1):
        start = data.find(b"\n", start) + 1
        if start == 0:
            return None
    end = data.find(b"\n", start)
    text = data[start : end if end >= 0 else len(data)].decode("utf-8", errors="replace")
    return text[column - 1] if 0 < column <= len(text) else None


def without_bom(data: bytes) -> bytes:
    """The bytes without a leading UTF-8 byte order mark, which editors write and hide."""
    return data[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else data


def check_no_nul(data: bytes, display: str) -> None:
    """Refuse a NUL byte where the syntax forbids it everywhere (XML; the start of any input).

    Turtle and N-Triples allow a raw NUL inside a string (the W3C suites test it); pyoxigraph
    refuses it elsewhere, at its position."""
    offset = data.find(b"\x00")
    if offset >= 0:
        raise LoadError(
            position_at(data, offset, display),
            "a NUL byte is not allowed here",
            hint="the input looks binary, corrupted or UTF-16 (IPCO reads UTF-8)",
        )


def check_json_depth(data: bytes, display: str, limit: int = MAX_JSON_DEPTH) -> None:
    """Refuse JSON nested deeper than ``limit``, at the bracket that goes one level too deep."""
    if data.count(b"[") + data.count(b"{") <= limit:
        return
    if _shallow(_brackets_outside_strings(data), limit):
        return
    depth = 0
    for match in _JSON_TOKEN.finditer(data):
        byte = data[match.start()]
        if byte in b"[{":
            depth += 1
            if depth > limit:
                raise InputLimitExceeded(
                    position_at(data, match.start(), display),
                    f"JSON nested more than {limit} levels deep",
                    hint="flatten the document: give nested nodes an @id and list them at the top level",
                )
        elif byte in b"]}":
            depth -= 1


def _brackets_outside_strings(data: bytes) -> bytes:
    """The brackets of a JSON text that are not inside strings, in order, with C-speed steps only:
    escapes dropped (left to right, as JSON reads them), then every second run between quotes."""
    if b"\\" in data:
        data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    return b"".join(data.translate(None, _NOT_BRACKETS_OR_QUOTES).split(b'"')[0::2])


def _shallow(brackets: bytes, limit: int) -> bool:
    """True when the brackets nest at most ``limit`` deep, for certain; False when unsure.

    Each pass deletes the innermost pairs, one or two levels, at C speed: a document ``limit // 2``
    passes empty is shallow enough, without a Python step per bracket."""
    for _ in range(limit // 2):
        if not brackets:
            return True
        brackets = brackets.replace(b"[]", b"").replace(b"{}", b"")
    return not brackets


def oversized_term(data: bytes, display: str, limit: int = MAX_TERM_BYTES) -> InputLimitExceeded:
    """The error for a term over the parser's buffer (``limit`` bytes), at the longest term of the
    file: the culprit."""
    longest_start, longest_length = 0, -1
    for match in _TERM.finditer(data):
        length = match.end() - match.start()
        if length > longest_length and not data.startswith(b"#", match.start()):
            longest_start, longest_length = match.start(), length
    return InputLimitExceeded(
        position_at(data, longest_start, display),
        f"a term (string or IRI) over {limit // (1024 * 1024)} MiB, the most the parser holds",
        hint="store large content in a file and link to it, or use RDF/XML, which has no such limit",
    )


def check_xml_entities(data: bytes, display: str) -> None:
    """Refuse the DTD entities that make an XML file expand without bound or read other files.

    Plain entities (``<!ENTITY owl "http://www.w3.org/2002/07/owl#">``, as ontology editors write)
    are allowed while all their references together add at most ``MAX_ENTITY_EXPANSION`` bytes;
    entities built from other entities ("billion laughs"), parameter and external entities are not.
    The check fails closed: pyoxigraph also reads a DOCTYPE in lower case, after the root element
    or with text it skips, so a DTD this module cannot read is refused, and so is any DOCTYPE or
    ENTITY declaration outside the one DTD it read.
    """
    position = _skip(_XML_MISC, data, 0)
    doctype = _DOCTYPE.match(data, position)
    sizes: dict[bytes, int] = {}
    if doctype is not None:
        position = doctype.end()
        if doctype.group("subset") is not None:
            position = _read_subset(data, position, sizes, display)
        end = re.compile(rb"\s*>").match(data, position)
        if end is None:
            raise _unreadable_dtd(data, position, display)
        position = end.end()
    _refuse_stray_declarations(data, position, display)
    if sizes:
        _check_expansion(data, position, sizes, display)


def check_xml_root(data: bytes, display: str) -> None:
    """Refuse an RDF/XML file with no element at all (empty, or only a prolog and comments): XML
    requires a root element, and pyoxigraph would read it as an empty graph, a silent green."""
    position = _skip(_XML_MISC, data, 0)
    doctype = _DOCTYPE.match(data, position)
    if doctype is not None:  # its content was read by check_xml_entities
        position = _skip(_XML_MISC, data, _after(data, b">", _skip_subset(data, doctype)))
    if position >= len(data):
        raise LoadError(
            position_at(data, position, display),
            "no root element: an RDF/XML document holds at least <rdf:RDF> or a node element",
            hint="check that the file was written completely",
        )


def _skip_subset(data: bytes, doctype: re.Match[bytes]) -> int:
    return data.find(b"]", doctype.end()) if doctype.group("subset") is not None else doctype.end()


def _read_subset(data: bytes, position: int, sizes: dict[bytes, int], display: str) -> int:
    """Read the DTD's internal subset, noting each entity's size; the offset after its ``]``."""
    while True:
        item = _SUBSET_ITEM.match(data, position)
        if item is None:
            raise _unreadable_dtd(data, position, display)
        if item.group() == b"]":
            return item.end()
        if item.group("kind") == b"ENTITY":
            name, size = _entity_size(data, item.start(), display)
            sizes[name] = size
        position = item.end()


def _refuse_stray_declarations(data: bytes, position: int, display: str) -> None:
    """Refuse a DOCTYPE or ENTITY declaration after the DTD (comments and CDATA are only text)."""
    while (position := data.find(b"<!", position)) >= 0:
        if data.startswith(b"<!--", position):
            position = _after(data, b"-->", position)
        elif data.startswith(b"<![CDATA[", position):
            position = _after(data, b"]]>", position)
        else:
            keyword = data[position + 2 : position + 9].upper()
            if keyword.startswith((b"DOCTYPE", b"ENTITY")):
                raise LoadError(
                    position_at(data, position, display),
                    "a DTD declaration outside the document's prolog",
                    hint="declare entities only in the DOCTYPE before the root element",
                )
            position += 2


def _after(data: bytes, end: bytes, position: int) -> int:
    found = data.find(end, position)
    return len(data) if found < 0 else found + len(end)


def _unreadable_dtd(data: bytes, position: int, display: str) -> LoadError:
    return LoadError(
        position_at(data, position, display),
        "a DTD IPCO cannot read (it reads ENTITY, ELEMENT, ATTLIST and NOTATION declarations, comments)",
        hint="remove the DOCTYPE, or write the entities' text in place",
    )


def _skip(pattern: re.Pattern[bytes], data: bytes, position: int) -> int:
    while (match := pattern.match(data, position)) is not None and match.end() > position:
        position = match.end()
    return position


def _entity_size(data: bytes, start: int, display: str) -> tuple[bytes, int]:
    """Name and size of an allowed entity declaration; an error for the others."""
    entity = _ENTITY.match(data, start)
    plain = entity is not None and entity.group("double") is not None
    if plain and entity is not None and _ENTITY_REFERENCE.search(entity.group("double")) is None:
        return entity.group("name"), len(entity.group("double"))  # the usual case, kept linear
    where = position_at(data, start, display)
    if entity is None:
        raise LoadError(where, "an <!ENTITY declaration IPCO cannot read")
    name = entity.group("name").decode("utf-8", errors="replace")
    if entity.group("external") is not None:
        raise RemoteResourceRefused(
            where,
            f"external entity {name} is not read (IPCO never reads files or URLs an input points to)",
            hint="replace the entity reference by the text it stands for",
        )
    if entity.group("parameter") is not None:
        raise InputLimitExceeded(where, f"parameter entity %{name}; is refused", hint="remove it from the DTD")
    value = entity.group("double") if entity.group("double") is not None else entity.group("single")
    if _ENTITY_REFERENCE.search(value) is not None:
        raise InputLimitExceeded(
            where,
            f"entity {name} refers to other entities: nested entities are refused (they can expand "
            "exponentially, the 'billion laughs' attack)",
            hint="write the entity's full text in its declaration",
        )
    return entity.group("name"), len(value)


def _check_expansion(data: bytes, body: int, sizes: Mapping[bytes, int], display: str) -> None:
    """Refuse when the references to entities would add more than MAX_ENTITY_EXPANSION bytes."""
    if sum(sizes.get(name, 0) for name in _NAMED_REFERENCE.findall(data, body)) <= MAX_ENTITY_EXPANSION:
        return
    total = 0
    for match in _NAMED_REFERENCE.finditer(data, body):
        total += sizes.get(match.group(1), 0)
        if total > MAX_ENTITY_EXPANSION:
            raise InputLimitExceeded(
                position_at(data, match.start(), display),
                f"entity references expand the document by more than {MAX_ENTITY_EXPANSION // (1024 * 1024)} MiB",
                hint="write the text in place of the entity references",
            )
