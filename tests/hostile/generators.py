"""Generators of the hostile inputs too big to commit (a 20 MB literal, JSON-LD 100 000 deep…).

Each writes one file and is named in tests/hostile/cases.json by its function name; they stream to
disk, so the test process itself stays small.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

MIB = 1024 * 1024
EX = "http://example.org/"


def huge_literal(path: Path, megabytes: int, syntax: str) -> None:
    """One triple whose literal is ``megabytes`` MiB of 'a', on one line, in the given syntax."""
    body = "a" * (megabytes * MIB)
    if syntax == "turtle":
        text = f'@prefix ex: <{EX}> .\nex:s ex:p "{body}" .\n'
    elif syntax == "ntriples":
        text = f'<{EX}s> <{EX}p> "{body}" .\n'
    elif syntax == "jsonld":
        text = f'{{"@id": "{EX}s", "{EX}p": "{body}"}}\n'
    else:
        text = (
            '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            f'xmlns:ex="{EX}">\n<rdf:Description rdf:about="{EX}s"><ex:p>{body}</ex:p></rdf:Description>\n</rdf:RDF>\n'
        )
    path.write_text(text, encoding="utf-8")


def long_iri(path: Path, megabytes: int) -> None:
    """One triple whose object IRI is ``megabytes`` MiB long."""
    path.write_text(f"<{EX}s> <{EX}p> <{EX}{'x' * (megabytes * MIB)}> .\n", encoding="utf-8")


def many_prefixes(path: Path, count: int) -> None:
    """``count`` prefix declarations, each used once."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            out.write(f"@prefix p{i}: <{EX}ns{i}/> .\n")
        for i in range(0, count, 100):
            out.write(f"p{i}:s p{i}:p p{i}:o .\n")


def deep_jsonld(path: Path, depth: int) -> None:
    """Node objects nested ``depth`` deep through one property."""
    with path.open("w", encoding="utf-8") as out:
        out.write(
            f'{{"@id": "{EX}root", ' + f'"{EX}p": {{' * depth + '"@id": "' + EX + 'leaf"' + "}" * (depth + 1) + "\n"
        )


def deep_json_arrays(path: Path, depth: int) -> None:
    """A value nested in ``depth`` arrays."""
    path.write_text(f'{{"@id": "{EX}root", "{EX}p": ' + "[" * depth + '"x"' + "]" * depth + "}\n", encoding="utf-8")


def deep_jsonld_context(path: Path, depth: int) -> None:
    """An ``@context`` nested ``depth`` deep in scoped term definitions."""
    scoped = '{"t": {"@id": "' + EX + 't", "@context": ' * depth + "{}" + "}}" * depth
    path.write_text(f'{{"@context": {scoped}, "@id": "{EX}root"}}\n', encoding="utf-8")


def deep_turtle(path: Path, depth: int) -> None:
    """Blank-node property lists nested ``depth`` deep."""
    path.write_text(f"@prefix ex: <{EX}> .\nex:s ex:p " + "[ ex:p " * depth + "ex:o" + " ]" * depth + " .\n", "utf-8")


def deep_turtle_collections(path: Path, depth: int) -> None:
    """Collections nested ``depth`` deep."""
    path.write_text(f"@prefix ex: <{EX}> .\nex:s ex:p " + "( " * depth + "ex:o" + " )" * depth + " .\n", "utf-8")


def deep_rdfxml(path: Path, depth: int) -> None:
    """Striped RDF/XML nested ``depth`` deep (node element, property element, node element…)."""
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            f'xmlns:ex="{EX}">\n'
        )
        out.write("<rdf:Description><ex:p>" * depth)
        out.write("</ex:p></rdf:Description>" * depth)
        out.write("\n</rdf:RDF>\n")


def many_triples(path: Path, count: int) -> None:
    """``count`` distinct N-Triples."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            out.write(f"<{EX}s{i}> <{EX}p> <{EX}o{i}> .\n")


def sameas_chain(path: Path, length: int) -> None:
    """``length`` individuals linked by owl:sameAs in a chain: the closure is length² links."""
    with path.open("w", encoding="utf-8") as out:
        out.write(f"@prefix ex: <{EX}> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n")
        for i in range(length - 1):
            out.write(f'ex:n{i} owl:sameAs ex:n{i + 1} ; ex:label "{i}" .\n')


def transitive_chain(path: Path, length: int) -> None:
    """A chain over a transitive property: the closure holds length²/2 triples."""
    with path.open("w", encoding="utf-8") as out:
        out.write(f"@prefix ex: <{EX}> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n")
        out.write("ex:partOf a owl:TransitiveProperty .\n")
        for i in range(length - 1):
            out.write(f"ex:n{i} ex:partOf ex:n{i + 1} .\n")


def symmetric_transitive_chain(path: Path, length: int) -> None:
    """A chain over a symmetric and transitive property: the closure is a clique of length² triples."""
    with path.open("w", encoding="utf-8") as out:
        out.write(f"@prefix ex: <{EX}> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n")
        out.write("ex:linked a owl:TransitiveProperty , owl:SymmetricProperty .\n")
        for i in range(length - 1):
            out.write(f"ex:n{i} ex:linked ex:n{i + 1} .\n")


def alternating_prefixes(path: Path, count: int) -> None:
    """``count`` prefix declarations, each followed by a statement using it (a scope per statement)."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            out.write(f"@prefix p{i}: <{EX}ns{i}/> .\np{i}:s p{i}:p p{i}:o .\n")


GENERATORS: dict[str, Callable[..., Any]] = {
    function.__name__: function
    for function in (
        huge_literal,
        long_iri,
        many_prefixes,
        alternating_prefixes,
        deep_jsonld,
        deep_json_arrays,
        deep_jsonld_context,
        deep_turtle,
        deep_turtle_collections,
        deep_rdfxml,
        many_triples,
        sameas_chain,
        transitive_chain,
        symmetric_transitive_chain,
    )
}
