"""Hostile inputs: each is refused at the line and column where a limit is crossed, in bounded time
and memory, or accepted when it is legitimate (plain XML entities, a byte order mark)."""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pyoxigraph as ox
import pytest

from ipco.errors import InputLimitExceeded, InputNotFound, InputUnreadable, LoadError, RemoteResourceRefused
from ipco.input_limits import MAX_JSON_DEPTH, MAX_TERM_BYTES
from ipco.load import load, parse_file
from ipco.syntaxes import NTRIPLES, TURTLE
from ipco.xml_checks import MAX_XML_DEPTH, check_xml_depth

RDF_OPEN = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
    '<rdf:Description rdf:about="http://example.org/a"><ex:p>{body}</ex:p></rdf:Description>\n'
    "</rdf:RDF>\n"
)
PREFIX = "@prefix ex: <http://example.org/> .\n"
MiB = 1024 * 1024


def billion_laughs() -> str:
    """The classic: ten entities, each ten references to the previous one; 3 GB once expanded."""
    declarations = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n'
        + "\n".join(declarations)
        + "\n]>\n"
        + RDF_OPEN.format(body="&lol9;")
    )


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def _refusal(path: Path, syntax: object = None) -> LoadError:
    with pytest.raises(LoadError) as caught:
        load([path], syntax=syntax)  # type: ignore[arg-type]
    return caught.value


# -- RDF/XML with no root element -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("", (1, 1)),  # a truncated download: pyoxigraph reads an empty graph
        ('<?xml version="1.0"?>\n<!-- nothing else -->\n', (3, 1)),
        ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n<!ENTITY a "x">\n]>\n', (5, 1)),
    ],
)
def test_rdfxml_without_a_root_element_is_refused(tmp_path: Path, text: str, position: tuple[int, int]) -> None:
    error = _refusal(write(tmp_path / "empty.rdf", text))
    assert (error.line, error.column) == position
    assert "no root element" in error.reason


def test_rdfxml_with_a_root_element_after_a_dtd_loads(tmp_path: Path) -> None:
    text = (
        '<!DOCTYPE rdf:RDF [ <!ENTITY a "x"> ]>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n'
    )
    assert load([write(tmp_path / "ok.rdf", text)]).quads == []


# -- RDF/XML entities -------------------------------------------------------------------------------


def test_billion_laughs_is_refused_at_the_first_nested_entity(tmp_path: Path) -> None:
    path = write(tmp_path / "laughs.rdf", billion_laughs())
    started = time.monotonic()
    error = _refusal(path)
    assert time.monotonic() - started < 1
    assert isinstance(error, InputLimitExceeded)
    assert (error.line, error.column) == (4, 1)  # <!ENTITY lol1 "&lol0;…">
    assert "billion laughs" in error.reason


def test_billion_laughs_is_refused_by_the_cli_under_a_memory_cap(tmp_path: Path) -> None:
    """End to end, in a child process whose address space is capped at 1 GB: before the fix, it
    aborted there (and took 13.8 GB uncapped)."""
    path = write(tmp_path / "laughs.rdf", billion_laughs())

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1_000_000_000, 1_000_000_000))

    # The child reports its own high-water mark (VmHWM belongs to the exec'd image); wait4's
    # ru_maxrss would also count the forked copy of this test session before the exec.
    script = (
        "import sys, pathlib\n"
        "from ipco.cli import main\n"
        "try:\n"
        "    code = main(['validate', '-q', sys.argv[1]])\n"
        "finally:\n"
        "    status = pathlib.Path('/proc/self/status').read_text()\n"
        "    pathlib.Path(sys.argv[2]).write_text(status.split('VmHWM:')[1].split()[0])\n"
        "sys.exit(code)\n"
    )
    err = tmp_path / "stderr.txt"
    peak = tmp_path / "peak-kib.txt"
    with err.open("w") as stderr:
        child = subprocess.run(
            [sys.executable, "-c", script, str(path), str(peak)], stderr=stderr, preexec_fn=cap, check=False
        )
    message = err.read_text()
    assert child.returncode == 2, message
    assert message.startswith(f"{path}:4:1: entity lol1 refers to other entities")
    assert "Traceback" not in message
    assert int(peak.read_text()) < 150 * 1024  # KiB: the interpreter and IPCO's imports (~60 MB), no expansion


def laughs_dtd() -> str:
    return billion_laughs().split("<rdf:RDF", 1)[0].removeprefix('<?xml version="1.0"?>\n')


@pytest.mark.parametrize(
    ("name", "position", "words"),
    [
        ("late", (2, 1), "outside the document's prolog"),  # pyoxigraph reads a DOCTYPE after the root
        ("lower-case", (3, 1), "billion laughs"),  # and <!doctype in lower case
        ("junk", (1, 21), "a DTD IPCO cannot read"),  # and skips text it does not know in the DTD
    ],
)
def test_dtd_tricks_that_pyoxigraph_expands_are_refused(
    tmp_path: Path, name: str, position: tuple[int, int], words: str
) -> None:
    root, rest = RDF_OPEN.format(body="&lol9;").split("\n", 1)
    text = {
        "late": root + "\n" + laughs_dtd() + rest,
        "lower-case": laughs_dtd().replace("<!DOCTYPE", "<!doctype") + root + "\n" + rest,
        "junk": laughs_dtd().replace("[\n", "[ junk\n", 1) + root + "\n" + rest,
    }[name]
    error = _refusal(write(tmp_path / f"{name}.rdf", text))
    assert (error.line, error.column) == position
    assert words in error.reason


def test_dtd_words_in_comments_and_cdata_are_only_text(tmp_path: Path) -> None:
    body = "<![CDATA[<!DOCTYPE x [<!ENTITY y 'z'>]>]]><!-- <!ENTITY in a comment -->"
    quads = load([write(tmp_path / "text.rdf", RDF_OPEN.format(body=body))]).quads
    assert [q.object.value for q in quads] == ["<!DOCTYPE x [<!ENTITY y 'z'>]>"]


def test_external_entity_is_refused_with_its_position(tmp_path: Path) -> None:
    path = write(
        tmp_path / "xxe.rdf",
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
        + RDF_OPEN.format(body="&xxe;"),
    )
    error = _refusal(path)
    assert isinstance(error, RemoteResourceRefused)
    assert (error.line, error.column) == (3, 3)
    assert "external entity xxe" in error.reason


def test_plain_entities_as_ontology_editors_write_them_still_load(tmp_path: Path) -> None:
    path = write(
        tmp_path / "editor.owl",
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n  <!-- prefixes -->\n  <!ENTITY ex "http://example.org/" >\n]>\n'
        + RDF_OPEN.format(body="x").replace('"http://example.org/a"', '"&ex;a"'),
    )
    quads = load([path]).quads
    assert [(q.subject.value, q.object.value) for q in quads] == [("http://example.org/a", "x")]


def test_a_long_dtd_declaration_is_read_in_memory_proportional_to_it(tmp_path: Path) -> None:
    """The DTD pattern matched unquoted text a character per step: 1.7 GB for a 10 MB declaration."""
    text = "<!DOCTYPE rdf:RDF [<!ELEMENT " + "x" * (10 * MiB) + ">]>\n" + RDF_OPEN.format(body="x")
    path = write(tmp_path / "long-dtd.rdf", text)
    tracemalloc.start()
    try:
        quads = load([path]).quads
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [q.object.value for q in quads] == ["x"]
    assert peak < 60 * MiB


def test_many_entities_are_checked_in_linear_time(tmp_path: Path) -> None:
    """Each declaration's line and column were computed from the file's start: 55 s for 50,000."""
    count = 20_000
    declarations = "\n".join(f'<!ENTITY e{i} "http://example.org/{i}/">' for i in range(count))
    text = f"<!DOCTYPE rdf:RDF [\n{declarations}\n]>\n" + RDF_OPEN.format(body="&e1;&e19999;")
    started = time.monotonic()
    quads = load([write(tmp_path / "many.rdf", text)]).quads
    assert time.monotonic() - started < 3
    assert [q.object.value for q in quads] == ["http://example.org/1/http://example.org/19999/"]


def test_many_references_to_a_large_entity_are_refused_where_the_cap_is_crossed(tmp_path: Path) -> None:
    """The 'quadratic blowup': no nesting, but 5,000 references to a 4 KiB entity (20 MB)."""
    body = "&big;" * 5000
    text = f'<!DOCTYPE rdf:RDF [<!ENTITY big "{"x" * 4096}">]>\n' + RDF_OPEN.format(body=body)
    error = _refusal(write(tmp_path / "quadratic.rdf", text))
    assert isinstance(error, InputLimitExceeded)
    crossing = 16 * MiB // 4096  # the reference that takes the expansion past 16 MiB
    assert (error.line, error.column) == (
        3,
        len('<rdf:Description rdf:about="http://example.org/a"><ex:p>') + 5 * crossing + 1,
    )


# -- terms over the parser's buffer -----------------------------------------------------------------


@pytest.mark.parametrize("syntax", [TURTLE, NTRIPLES])
def test_a_term_over_the_parser_buffer_is_a_located_error(tmp_path: Path, syntax: object) -> None:
    lines = '<http://example.org/a> <http://example.org/p> "small" .\n' * 2
    path = write(
        tmp_path / "big.txt", lines + '<http://example.org/a> <http://example.org/p> "' + "x" * (17 * MiB) + '" .\n'
    )
    error = _refusal(path, syntax)
    assert isinstance(error, InputLimitExceeded)
    assert (error.line, error.column) == (3, 47)
    assert "16 MiB" in error.reason


def test_a_term_just_under_the_limit_loads(tmp_path: Path) -> None:
    value = "é" * ((MAX_TERM_BYTES - 4096) // 2)
    path = write(tmp_path / "large.ttl", PREFIX + f'ex:a ex:p """{value}""" .\n')
    assert [len(q.object.value) for q in load([path]).quads] == [len(value)]


def test_a_jsonld_string_over_the_parser_buffer_is_a_located_error(tmp_path: Path) -> None:
    path = write(
        tmp_path / "big.jsonld", '{"@id": "http://example.org/a",\n "http://example.org/p": "' + "x" * (9 * MiB) + '"}'
    )
    error = _refusal(path)
    assert isinstance(error, InputLimitExceeded)
    assert (error.line, error.column) == (2, 26)
    assert "8 MiB" in error.reason


def test_a_local_jsonld_context_does_not_inflate_non_ascii_strings(tmp_path: Path) -> None:
    """Inlining the context re-serialised the document with "é" as "\\u00e9": 3x over the buffer."""
    write(tmp_path / "ctx.jsonld", '{"@context": {"p": "http://example.org/p"}}')
    value = "é" * (3 * MiB)
    path = write(
        tmp_path / "accents.jsonld", '{"@context": "ctx.jsonld", "@id": "http://example.org/a", "p": "' + value + '"}'
    )
    assert [q.object.value == value for q in load([path]).quads] == [True]


# -- JSON-LD nesting --------------------------------------------------------------------------------

HEAD = '{"@id": "http://example.org/a", "http://example.org/p": '


@pytest.mark.parametrize(("opening", "closing"), [("[", "]"), ('{"http://example.org/q": ', "}")])
def test_jsonld_nested_too_deep_is_refused_where_the_limit_is_crossed(
    tmp_path: Path, opening: str, closing: str
) -> None:
    depth = 100_000
    path = write(tmp_path / "deep.jsonld", HEAD + opening * depth + "1" + closing * depth + "}")
    error = _refusal(path)
    assert isinstance(error, InputLimitExceeded)
    assert (error.line, error.column) == (1, len(HEAD) + len(opening) * (MAX_JSON_DEPTH - 1) + 1)


def test_jsonld_brackets_inside_strings_do_not_count(tmp_path: Path) -> None:
    nested = '{"http://example.org/q": ' * 100 + '"[[[{{{\\"]]]"' + "}" * 100
    path = write(tmp_path / "ok.jsonld", HEAD + nested + ', "http://example.org/r": "' + "[" * 1000 + '"}')
    assert len(load([path]).quads) == 102


def test_a_local_jsonld_context_nested_too_deep_is_refused_in_that_file(tmp_path: Path) -> None:
    context = write(tmp_path / "ctx.jsonld", '{"@context": {"p": ' + "[" * 5000 + "]" * 5000 + "}}")
    path = write(tmp_path / "data.jsonld", '{"@context": "ctx.jsonld", "@id": "http://example.org/a", "p": "x"}')
    error = _refusal(path)
    assert isinstance(error, InputLimitExceeded)
    assert (error.file, error.line, error.column) == (
        str(context),
        1,
        len('{"@context": {"p": ') + 255,
    )  # the 255th [ is level 257


def test_brackets_in_strings_cannot_hide_real_nesting(tmp_path: Path) -> None:
    """Each level holds a string "]" and ends with a string "[": without strings, the brackets
    read "[][][]…", one level deep; the real depth is 300."""
    depth = 300
    body = '["]", ' * depth + "1" + ', "["]' * depth
    error = _refusal(write(tmp_path / "hidden.jsonld", HEAD + body + "}"))
    assert isinstance(error, InputLimitExceeded)
    assert (error.line, error.column) == (1, len(HEAD) + len('["]", ') * (MAX_JSON_DEPTH - 1) + 1)


# -- what is not a regular file ---------------------------------------------------------------------


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    with pytest.raises(InputUnreadable, match=r"pipe\.ttl: not a regular file \(a FIFO\)"):
        load([fifo])


def test_a_device_is_refused() -> None:
    with pytest.raises(InputUnreadable, match=r"/dev/zero: not a regular file \(a device\)"):
        load(["/dev/zero"], syntax=TURTLE)


def test_a_directory_where_a_file_is_expected_is_named_so(tmp_path: Path) -> None:
    with pytest.raises(InputUnreadable, match="is a directory"):
        parse_file(tmp_path, TURTLE, "urn:g")


def test_a_directory_without_rdf_files_is_not_an_empty_success(tmp_path: Path) -> None:
    folder = tmp_path / "data.ttl"
    folder.mkdir()
    (folder / "notes.md").write_text("not RDF")
    with pytest.raises(InputNotFound, match=r"data\.ttl: is a directory with no RDF file in it"):
        load([folder])


def test_permission_denied_is_named_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "secret.ttl", PREFIX)

    def refuse(*_: object, **__: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)  # root reads anything: simulate what others get
    with pytest.raises(InputUnreadable, match=r"secret\.ttl: permission denied") as caught:
        load([path])
    assert isinstance(caught.value, InputNotFound)  # still caught by handlers of missing inputs


# -- byte order marks and NUL bytes -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("bom.ttl", PREFIX + 'ex:a ex:p "x" .\n'),
        ("bom.nt", '<http://example.org/a> <http://example.org/p> "x" .\n'),
        ("bom.jsonld", '{"@id": "http://example.org/a", "http://example.org/p": "x"}'),
        ("bom.rdf", RDF_OPEN.format(body="x")),
    ],
)
def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path, name: str, text: str) -> None:
    path = write(tmp_path / name, b"\xef\xbb\xbf" + text.encode())
    assert [(q.subject.value, q.object.value) for q in load([path]).quads] == [("http://example.org/a", "x")]


def test_columns_after_a_byte_order_mark_are_those_an_editor_shows(tmp_path: Path) -> None:
    error = _refusal(write(tmp_path / "bom-bad.ttl", b"\xef\xbb\xbfex:a ex:p 1 .\n"))
    assert (error.line, error.column) == (1, 1)


def test_a_nul_byte_outside_a_string_is_a_located_syntax_error(tmp_path: Path) -> None:
    error = _refusal(write(tmp_path / "nul.ttl", PREFIX.encode() + b'ex:a ex:p\x00 "xy" .\n'))
    assert (error.line, error.column) == (2, 10)
    assert error.reason == "a NUL byte is not allowed outside a string"


def test_a_raw_nul_inside_a_turtle_string_is_valid_as_the_w3c_suite_says(tmp_path: Path) -> None:
    path = write(tmp_path / "nul-in-string.ttl", PREFIX.encode() + b'ex:a ex:p "x\x00y" .\n')
    assert [q.object.value for q in load([path]).quads] == ["x\x00y"]


def test_a_nul_byte_in_rdf_xml_is_refused_where_it_is(tmp_path: Path) -> None:
    """XML forbids it anywhere; pyoxigraph let it into a literal."""
    error = _refusal(write(tmp_path / "nul.rdf", RDF_OPEN.format(body="x\x00y")))
    assert (error.line, error.column) == (2, len('<rdf:Description rdf:about="http://example.org/a"><ex:p>x') + 1)
    assert "NUL byte" in error.reason


def test_nul_bytes_on_stdin_stop_the_read_at_the_first_chunk() -> None:
    class Zeros(io.RawIOBase):
        """Like /dev/zero: never ends, so reading it all would never return."""

        reads = 0

        def read(self, size: int = -1) -> bytes:
            if size < 0:
                raise AssertionError("the whole of an endless stream was asked for")
            self.reads += 1
            return b"\x00" * size

    stream = Zeros()
    with pytest.raises(LoadError, match="NUL byte") as caught:
        load(["-"], stdin=stream)
    assert (caught.value.file, caught.value.line, caught.value.column) == ("<stdin>", 1, 1)
    assert stream.reads == 1


# -- memory proportional to the input ---------------------------------------------------------------


def test_a_10_mb_literal_is_stored_for_validation_in_memory_proportional_to_it() -> None:
    """The typed-literal scan of ``load_verbatim`` took 1.2 GB for one 10 MB literal."""
    from ipco.engines.shacl_terms import load_verbatim

    literal = ox.Literal("x" * (10 * MiB), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#token"))
    quad = ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"), literal)
    store = ox.Store()
    tracemalloc.start()
    try:
        load_verbatim(store, [quad])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(store) == 1
    assert peak < 60 * MiB


def _nested_rdfxml(depth: int, filler: str = "") -> bytes:
    head = '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
    # the root is one level: depth - 1 more, alternating node and property elements
    opening = "".join("<rdf:Description>" if i % 2 == 0 else "<ex:p>" for i in range(depth - 1))
    closing = "".join("</rdf:Description>" if i % 2 == 0 else "</ex:p>" for i in reversed(range(depth - 1)))
    return (head + filler + opening + closing + "\n</rdf:RDF>\n").encode()


def test_rdfxml_nesting_is_limited_and_refused_at_the_element_too_deep(tmp_path: Path) -> None:
    check_xml_depth(_nested_rdfxml(MAX_XML_DEPTH), "ok.rdf")
    # tags inside comments, CDATA and attribute values are not elements
    noise = "<!-- <a><b><c> -->" * 300 + "<![CDATA[<x><y>]]>" * 300
    check_xml_depth(_nested_rdfxml(MAX_XML_DEPTH, noise), "ok.rdf")
    too_deep = _nested_rdfxml(MAX_XML_DEPTH + 1)
    with pytest.raises(InputLimitExceeded) as refused:
        check_xml_depth(too_deep, "deep.rdf")
    assert f"nested more than {MAX_XML_DEPTH} elements" in refused.value.reason
    line = too_deep.decode().splitlines()[refused.value.line - 1]
    assert line[refused.value.column - 1 :].startswith(("<rdf:Description>", "<ex:p>"))
    path = tmp_path / "deep.rdf"
    path.write_bytes(too_deep)
    with pytest.raises(InputLimitExceeded):
        load([path])


def test_rdfxml_control_characters_are_refused_where_they_are(tmp_path: Path) -> None:
    path = tmp_path / "bell.rdf"
    path.write_bytes(_nested_rdfxml(3).replace(b"<ex:p>", b"<ex:p>ring \x07", 1))
    with pytest.raises(LoadError) as refused:
        load([path])
    assert "control character U+0007" in refused.value.reason
    assert (refused.value.line, refused.value.column) == (3, len("<rdf:Description><ex:p>ring ") + 1)
