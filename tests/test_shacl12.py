"""SHACL 1.2 Core in the fast engine: sh:singleLine, sh:rootClass, sh:subsetOf, sh:someValue and
the list components, on the edge cases the draft's tests leave out (line breaks of each kind,
subclass chains through the ontology and blank nodes, ill-formed lists of every sort, nesting under
sh:or and sh:not, focus nodes without values); the shapes check on their parameters; and their
refusal (exit 3) where they would be skipped."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Literal

from conftest import CliRunner
from ipco.convert import to_rdflib_graph
from ipco.engines.shacl_sparql import load_store, validate_fast
from ipco.report import ValidationResult

PREFIXES = """@prefix ex: <http://example.com/ns#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
EX = "http://example.com/ns#"


def _parse(text: str) -> list[ox.Quad]:
    return list(ox.parse(PREFIXES + text, format=ox.RdfFormat.TURTLE))


def _results(data: str, shapes: str, ontology: str = "") -> list[ValidationResult]:
    """The fast engine's results; it must run every shape itself."""
    outcome = validate_fast(load_store(_parse(data), _parse(ontology)), to_rdflib_graph(_parse(shapes)))
    assert not outcome.unsupported, outcome.reasons
    return outcome.results


def _values(results: list[ValidationResult], component: str) -> list[str]:
    return sorted(str(r.value) for r in results if r.component.endswith(f"#{component}ConstraintComponent"))


def _on_list(parameters: str) -> str:
    return f"ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; {parameters} ] ."


# -- sh:singleLine ---------------------------------------------------------------------------------


def test_single_line_finds_each_kind_of_line_break() -> None:
    data = r"""ex:a ex:p "one line", "lf\nx", "cr\rx", "ff\fx", "vt\u000Bx", "tab\tx"@en, "crlf\r\n"@fr,
        "x\u2028y", <http://example.com/multi%0Aline>, [] ."""
    found = _values(_results(data, _on_list("sh:singleLine true")), "SingleLine")
    # U+2028 and the tab are no line break for [\f\r\n\v]; IRIs and blank nodes are not tested
    assert found == sorted(["lf\nx", "cr\rx", "ff\fx", "vt\x0bx", "crlf\r\n"])


def test_single_line_false_checks_nothing() -> None:
    assert _results(r'ex:a ex:p "two\nlines" .', _on_list("sh:singleLine false")) == []


def test_single_line_message_and_node_shape() -> None:
    shapes = "ex:S a sh:NodeShape ; sh:targetObjectsOf ex:p ; sh:singleLine true ."
    (result,) = _results(r'ex:a ex:p "a\nb", "ok" .', shapes)
    assert result.message() == "Value has more than one line"


# -- sh:rootClass --------------------------------------------------------------------------------


def test_root_class_follows_subclass_chains_in_data_and_ontology() -> None:
    ontology = "ex:Mammal rdfs:subClassOf ex:Animal . ex:Dog rdfs:subClassOf ex:Mammal ."
    data = """ex:Puppy rdfs:subClassOf ex:Dog .
        ex:a ex:p ex:Animal, ex:Mammal, ex:Dog, ex:Puppy, ex:Car, "ex:Dog", ex:Rex .
        ex:Rex a ex:Dog ."""
    found = _values(_results(data, _on_list("sh:rootClass ex:Animal"), ontology), "RootClass")
    # an instance (ex:Rex) is not a subclass; a literal spelling a class is not one either
    assert found == ["ex:Dog", EX + "Car", EX + "Rex"]


def test_root_class_through_a_blank_node_class_and_a_list_of_roots() -> None:
    data = """_:anon rdfs:subClassOf ex:Animal . ex:Odd rdfs:subClassOf _:anon .
        ex:a ex:p ex:Odd, ex:Rose, ex:Car ."""
    shapes = _on_list("sh:rootClass ( ex:Animal ex:Plant )") + " ex:Rose rdfs:subClassOf ex:Plant ."
    assert _values(_results(data + " ex:Rose rdfs:subClassOf ex:Plant .", shapes), "RootClass") == [EX + "Car"]


# -- list components -----------------------------------------------------------------------------

ILL_FORMED = """
ex:a ex:p ex:noTriples, "literal", _:cycle, _:twoFirsts, _:noRest, _:short, _:toLiteral, ( ex:x ex:y ) .
_:cycle rdf:first ex:x ; rdf:rest _:cycle .
_:twoFirsts rdf:first ex:x, ex:y ; rdf:rest rdf:nil .
_:noRest rdf:first ex:x .
_:short rdf:first ex:x ; rdf:rest rdf:nil .
_:toLiteral rdf:first ex:x ; rdf:rest "end" .
"""
BAD_NIL = "rdf:nil rdf:first ex:oops ."


@pytest.mark.parametrize(
    ("parameter", "component"),
    [
        ("sh:minListLength 0", "MinListLength"),
        ("sh:maxListLength 10", "MaxListLength"),
        ("sh:uniqueMembers false", "UniqueMembers"),
        ("sh:memberShape [ sh:nodeKind sh:IRI ]", "MemberShape"),
    ],
)
def test_every_list_component_reports_ill_formed_lists(parameter: str, component: str) -> None:
    results = _results(ILL_FORMED, _on_list(parameter))
    found = [r for r in results if r.component.endswith(f"#{component}ConstraintComponent")]
    # 6 ill-formed values; the well-formed ( ex:x ex:y ) passes whatever the bound
    assert len(found) == 6 and all(not r.details for r in found)
    assert "literal" in _values(results, component) and EX + "noTriples" in _values(results, component)


def test_rdf_nil_with_a_first_is_no_list() -> None:
    results = _results("ex:a ex:p rdf:nil, ( ex:x ) . " + BAD_NIL, _on_list("sh:minListLength 0"))
    assert len(results) == 2  # rdf:nil itself, and the list ending in it


def test_list_lengths_count_members_not_nodes() -> None:
    data = "ex:a ex:p rdf:nil, ( 1 ), ( 1 1 ), ( 1 2 3 ) ."
    results = _results(data, _on_list("sh:minListLength 1 ; sh:maxListLength 2"))
    assert _values(results, "MinListLength") == [str(RDF.nil)]
    assert len(_values(results, "MaxListLength")) == 1


def test_unique_members_details_name_each_repeated_member_once() -> None:
    (result,) = _results('ex:a ex:p ( "a" "b" "a" "a" 1 "1" ) .', _on_list("sh:uniqueMembers true"))
    assert sorted(str(d.value) for d in result.details) == ["a"]  # 1 and "1" are different terms
    assert result.details[0].message() == "Member occurs more than once in the list"


def test_member_shape_details_are_the_member_results() -> None:
    data = 'ex:a ex:p ( ex:x "b" "c" ), ( ex:y ) .'
    (result,) = _results(data, _on_list("sh:memberShape [ sh:nodeKind sh:IRI ]"))
    assert sorted(str(d.value) for d in result.details) == ["b", "c"]
    assert {d.component.rsplit("#", 1)[1] for d in result.details} == {"NodeKindConstraintComponent"}


def test_list_components_nest_under_logical_ones() -> None:
    shapes = """ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ;
        sh:or ( [ sh:minListLength 2 ] [ sh:datatype xsd:string ] ) ;
        sh:not [ sh:memberShape [ sh:nodeKind sh:Literal ] ] ] ."""
    results = _results('ex:a ex:p ( ex:x ex:y ), ( ex:x ), "s", ( "l" ) .', shapes)
    by_component = sorted(r.component.rsplit("#", 1)[1] for r in results)
    # ( ex:x ) and ( "l" ) are too short and no string; only ( "l" ) has all members literals
    assert by_component == ["NotConstraintComponent", "OrConstraintComponent", "OrConstraintComponent"]
    assert all(not isinstance(r.value, Literal) for r in results)


# -- sh:subsetOf and sh:someValue ------------------------------------------------------------------


def test_subset_of_takes_any_path_as_comparand() -> None:
    data = "ex:a ex:p ex:b, ex:c . ex:b ex:q ex:a ."
    assert _values(_results(data, _on_list("sh:subsetOf [ sh:inversePath ex:q ]")), "SubsetOf") == [EX + "c"]


def test_some_value_fails_focus_nodes_without_values_or_without_a_conforming_one() -> None:
    shapes = """ex:S a sh:NodeShape ; sh:targetNode ex:a, ex:b, ex:c ;
        sh:property [ sh:path ex:p ; sh:someValue [ sh:datatype xsd:integer ] ] ."""
    results = _results('ex:a ex:p "x", 1 . ex:b ex:p "x" .', shapes)
    assert sorted(str(r.focus) for r in results) == [EX + "b", EX + "c"]
    assert all(r.value is None and r.component.endswith("#SomeValueConstraintComponent") for r in results)


# -- the shapes check and the refusals ---------------------------------------------------------------


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    data, shapes = tmp_path / "data.ttl", tmp_path / "shapes.ttl"
    data.write_text(PREFIXES + r'ex:a ex:p "one\ntwo" .', encoding="utf-8")
    return data, shapes


@pytest.mark.parametrize(
    "parameter",
    [
        'sh:singleLine "yes"',
        "sh:uniqueMembers 1",
        "sh:minListLength -1",
        'sh:maxListLength "2"',
        'sh:rootClass "ex:A"',
        "sh:rootClass ()",
        'sh:rootClass ( ex:A "b" )',
        'sh:memberShape "s"',
        'sh:someValue "s"',
        'sh:subsetOf "p"',
    ],
)
def test_ill_formed_parameters_are_located_errors(cli: CliRunner, files: tuple[Path, Path], parameter: str) -> None:
    data, shapes = files
    shapes.write_text(
        PREFIXES + f"ex:S a sh:NodeShape ; sh:targetNode ex:a ;\n  sh:property [ sh:path ex:p ;\n    {parameter} ] .\n"
    )
    run = cli("validate", str(data), "--shapes", str(shapes))
    assert run.code == 2, run.err
    assert f"{shapes}:" in run.err and "invalid shape" in run.err and parameter.split()[0] in run.err


def test_fast_engine_reports_single_line(cli: CliRunner, files: tuple[Path, Path]) -> None:
    data, shapes = files
    shapes.write_text(PREFIXES + _on_list("sh:singleLine true"))
    run = cli("validate", str(data), "--shapes", str(shapes))
    assert run.code == 1 and "SingleLineConstraintComponent" in run.out


@pytest.mark.parametrize("options", [("--engine", "reference"), ("--inference", "rdfs")])
def test_reference_engine_refuses_shacl12_terms(
    cli: CliRunner, files: tuple[Path, Path], options: tuple[str, ...]
) -> None:
    data, shapes = files
    shapes.write_text(PREFIXES + "\n" + _on_list("sh:singleLine true"))
    run = cli("validate", str(data), "--shapes", str(shapes), *options)
    assert run.code == 3, run.err
    assert f"{shapes}:7:1:" in run.err and "sh:singleLine" in run.err and "pySHACL" in run.err


def test_shacl12_terms_no_engine_runs_are_refused(cli: CliRunner, files: tuple[Path, Path]) -> None:
    data, shapes = files
    shapes.write_text(PREFIXES + _on_list("sh:uniqueValuesFor ( ex:q )"))
    run = cli("validate", str(data), "--shapes", str(shapes))
    assert run.code == 3, run.err
    assert "sh:uniqueValuesFor" in run.err and "--engine reference" not in run.err
