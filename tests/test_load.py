"""Load: strict parsing with positions, every syntax, folders, stdin, provenance, no network."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from conftest import CliRunner
from ipco.errors import InputLimitExceeded, InputNotFound, LoadError, RemoteResourceRefused, UsageError
from ipco.load import STDIN_GRAPH, file_graph, load, read_stream, resolve_imports
from ipco.syntaxes import JSONLD, NTRIPLES, TURTLE, syntax_for_path, syntax_named

BAD = Path(__file__).parent / "fixtures" / "bad-syntax"

# file → (line, column, words of the reason); positions checked by hand against the files.
SYNTAX_ERRORS = {
    "turtle.ttl": (7, 34, "dot is expected"),
    "ntriples.nt": (3, 51, "dot"),
    "nquads.nq": (2, 47, "object of a triple"),
    "trig.trig": (5, 15, "end of file"),
    "rdfxml.rdf": (4, 18, "</ex:p>"),
    "jsonld.jsonld": (3, 35, "property name"),
}


@pytest.mark.parametrize("name", sorted(SYNTAX_ERRORS))
def test_syntax_error_reports_file_line_and_column(name: str) -> None:
    line, column, words = SYNTAX_ERRORS[name]
    with pytest.raises(LoadError) as caught:
        load([BAD / name])
    error = caught.value
    assert (error.file, error.line, error.column) == (str(BAD / name), line, column)
    assert words in error.reason
    assert error.render().startswith(f"{BAD / name}:{line}:{column}: ")
    assert "\n" not in error.render()


def test_columns_count_characters_not_bytes(tmp_path: Path) -> None:
    path = tmp_path / "accents.ttl"
    path.write_text('@prefix ex: <http://example.org/> .\nex:a ex:p "Sûreté de l’État" ex:b .\n', encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load([path])
    assert (caught.value.line, caught.value.column) == (2, 30)


def test_each_file_gets_its_own_graph(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ttl", tmp_path / "b.nt"
    first.write_text("<http://example.org/a> <http://example.org/p> 1 .\n")
    second.write_text("<http://example.org/b> <http://example.org/p> <http://example.org/c> .\n")
    loaded = load([first, second])
    graphs = {q.subject.value: q.graph_name.value for q in loaded.quads}
    assert graphs == {"http://example.org/a": file_graph(first), "http://example.org/b": file_graph(second)}
    assert [f.syntax for f in loaded.files] == [TURTLE, NTRIPLES]
    assert loaded.file_of_graph(file_graph(second)).display == str(second)


def test_named_graphs_of_dataset_files_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "d.trig"
    path.write_text(
        "<http://example.org/g> { <http://example.org/a> <http://example.org/p> 1 . }\n"
        "<http://example.org/b> <http://example.org/p> 2 .\n"
    )
    graphs = {q.subject.value: q.graph_name.value for q in load([path]).quads}
    assert graphs == {"http://example.org/a": "http://example.org/g", "http://example.org/b": file_graph(path)}


def test_folders_are_read_recursively_by_extension(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.ttl").write_text("<http://example.org/x> <http://example.org/p> 1 .\n")
    (tmp_path / "y.nt").write_text('<http://example.org/y> <http://example.org/p> "2" .\n')
    (tmp_path / "notes.md").write_text("not RDF")
    loaded = load([tmp_path])
    assert sorted(Path(f.display).name for f in loaded.files) == ["x.ttl", "y.nt"]


def test_stdin_is_read_with_the_given_format() -> None:
    data = b'{"@id": "http://example.org/a", "http://example.org/p": "x"}'
    loaded = load(["-"], syntax=JSONLD, stdin=io.BytesIO(data))
    assert [q.graph_name.value for q in loaded.quads] == [STDIN_GRAPH]
    assert loaded.files[0].display == "<stdin>"


def test_stdin_is_read_up_to_a_limit_and_refused_past_it_where_it_is_crossed() -> None:
    stream = io.BytesIO("<a:s> <a:p> 'é…é' .\nxyzé".encode())
    assert read_stream(stream, "<stdin>", chunk_size=3, limit=100).endswith("xyzé".encode())
    with pytest.raises(InputLimitExceeded) as refused:
        read_stream(io.BytesIO("<a:s> <a:p> 'é…é' .\nxyzé".encode()), "<stdin>", chunk_size=3, limit=27)
    assert (refused.value.line, refused.value.column) == (2, 4)  # 26 bytes, then "xyz": the limit is at "é"
    assert "standard input goes on past" in refused.value.message and refused.value.file == "<stdin>"


def test_an_endless_stdin_is_refused_in_the_cli(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_stream, "__defaults__", (1 << 20, 1000))
    run = cli("query", "ASK {}", "-", stdin=b"<http://example.org/s> <http://example.org/p> 1 .\n" * 100)
    assert run.code == 2 and run.err.startswith("<stdin>:21:1: standard input goes on past"), run.err


def test_format_option_overrides_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_text('<http://example.org/a> <http://example.org/p> "1" .\n')
    assert len(load([path], syntax=NTRIPLES).quads) == 1
    with pytest.raises(UsageError, match="cannot tell the RDF format"):
        load([path])


def test_missing_file_is_reported() -> None:
    with pytest.raises(InputNotFound, match="no such file"):
        load(["does/not/exist.ttl"])


@pytest.mark.parametrize("alias", ["ttl", "turtle", "text/turtle", "TTL"])
def test_syntax_aliases(alias: str) -> None:
    assert syntax_named(alias) is TURTLE


def test_unknown_syntax_name_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown RDF format"):
        syntax_named("n3000")


def test_extensions() -> None:
    assert syntax_for_path("a/b.owl").name == "rdfxml"
    assert syntax_for_path("a/b.jsonld") is JSONLD
    assert syntax_for_path("a/b.csv") is None


def test_remote_jsonld_context_is_refused_without_network(tmp_path: Path, no_network: None) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text('{\n  "@context": "https://schema.org/",\n  "@id": "http://example.org/a", "name": "x"\n}\n')
    with pytest.raises(RemoteResourceRefused) as caught:
        load([path])
    assert (caught.value.line, caught.value.column) == (2, 15)
    assert "not fetched" in caught.value.reason


def test_remote_jsonld_context_mapped_to_a_local_copy(tmp_path: Path, no_network: None) -> None:
    local = tmp_path / "schema-context.jsonld"
    local.write_text(json.dumps({"@context": {"name": "https://schema.org/name"}}))
    path = tmp_path / "remote.jsonld"
    path.write_text('{"@context": "https://schema.org/", "@id": "http://example.org/a", "name": "x"}')
    loaded = load([path], contexts={"https://schema.org/": local})
    assert [(q.predicate.value, q.object.value) for q in loaded.quads] == [("https://schema.org/name", "x")]


def test_relative_jsonld_context_next_to_the_file_is_used(tmp_path: Path, no_network: None) -> None:
    (tmp_path / "ctx.jsonld").write_text(json.dumps({"@context": {"p": "http://example.org/p"}}))
    path = tmp_path / "data.jsonld"
    path.write_text('{"@context": "ctx.jsonld", "@id": "http://example.org/a", "p": "x"}')
    assert [q.predicate.value for q in load([path]).quads] == ["http://example.org/p"]


def test_owl_imports_resolve_locally_or_are_reported_not_fetched(tmp_path: Path, no_network: None) -> None:
    vocabulary = tmp_path / "vocab.ttl"
    vocabulary.write_text("<http://example.org/vocab> a <http://www.w3.org/2002/07/owl#Ontology> .\n")
    data = tmp_path / "data.ttl"
    data.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<http://example.org/mine> a owl:Ontology ;\n"
        "  owl:imports <http://example.org/vocab>, <http://example.org/remote> .\n"
    )
    loaded = load([data])
    unresolved = resolve_imports(loaded, {"http://example.org/vocab": vocabulary}, file_graph)
    assert unresolved == ["http://example.org/remote"]
    assert str(vocabulary) in [f.display for f in loaded.files]


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "--engine", "reference"],
        ["validate", "--inference", "owlrl"],
        ["reason", "--engine", "reference"],
        ["query", "ASK { ?s ?p <http://example.org/leaked> }"],
    ],
)
def test_owl_imports_of_the_data_are_never_fetched_nor_read(
    cli: CliRunner, tmp_path: Path, no_network: None, argv: list[str]
) -> None:
    """Remote, missing and even present local imports of the user's data stay unread: no stage follows them."""
    present = tmp_path / "present.nt"
    present.write_text("<http://example.org/leak> <http://example.org/p> <http://example.org/leaked> .\n")
    data = tmp_path / "data.ttl"
    missing = (tmp_path / "missing.ttl").as_uri()
    data.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<http://example.org/mine> a owl:Ontology ;\n"
        f"  owl:imports <https://example.com/remote.ttl>, <{missing}>, <{present.as_uri()}> .\n"
    )
    run = cli(*argv, str(data))
    assert run.code == 0, run.err
    assert "leaked" not in run.out
    if argv[0] == "query":
        assert run.out.strip() == "false"
