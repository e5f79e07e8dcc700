"""The compiled-schema engine (``ipco.engines.reason_abox``, the default) closes to what the general
engine (``reasonable`` + ``missing_rules`` over the whole input, tested equal to owlrl in
test_engine_reason.py) gives: every rule family, every example with IPCO's ontology and imports,
generated data. Both the published triples and the whole closure (read by the consistency checks and
``ipco explain``) must agree, and the fast path must really be taken where no equality is involved."""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDFS

from ipco.convert import to_oxigraph_triples
from ipco.engines import reason_fast
from ipco.engines.reason_fast import reasoned
from ipco.load import load
from ipco.project import Project, Reference, load_reference
from test_engine_reason import CASES, EXAMPLES, ORG_EXCERPT, PREFIXES, TBOX, ipco_style_data

ROOT = Path(__file__).resolve().parents[1]
Quads = Sequence[ox.Quad | ox.Triple]
#: The rule families whose closure equates two resources: the whole input goes to the general engine.
EQUALITY = {
    "functional properties and sameAs",
    "sameAs between properties and between classes",
    "inverse functional properties",
    "max cardinality one",
    "keys",
    "inferred metaclass",  # not equality: the data makes a class of the schema, which also falls back
}


@pytest.fixture
def general_runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The sizes of the inputs the general engine was given (one run: the schema alone)."""
    sizes: list[int] = []
    original = reason_fast._closure

    def counted(triples: set[tuple[str, str, str]], *args: object) -> set[tuple[str, str, str]]:
        sizes.append(len(triples))
        return original(triples, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(reason_fast, "_closure", counted)
    monkeypatch.setattr(reason_fast, "_SCHEMA_CLOSURES", OrderedDict())  # each test closes its schema
    yield sizes


def _same(asserted: Quads, background: Quads | None, general_runs: list[int]) -> bool:
    """Assert both engines agree; True when the compiled schema did the work (no fallback)."""
    compiled = reasoned(asserted, background)
    fast_path = len(general_runs) == 1
    general = reasoned(asserted, background, engine=reason_fast._run_reasonable)
    assert set(compiled.inferred) == set(general.inferred)
    assert set(compiled.closure()) == set(general.closure())
    return fast_path


def _parsed(text: str) -> list[ox.Quad]:
    return list(ox.parse(PREFIXES + text, format=ox.RdfFormat.TURTLE))


@pytest.mark.parametrize(("name", "asserted", "background"), CASES, ids=[case[0] for case in CASES])
def test_each_rule_family_closes_as_the_general_engine(
    name: str, asserted: str, background: str, general_runs: list[int]
) -> None:
    fast_path = _same(_parsed(asserted), _parsed(background) if background else None, general_runs)
    assert fast_path == (name not in EQUALITY)


def test_individuals_typed_named_individual_stay_on_the_fast_path(general_runs: list[int]) -> None:
    """Ontology editors type every individual owl:NamedIndividual: not a schema triple, so the
    general engine still sees the schema alone (its input stays small)."""
    individuals = " ".join(f"ex:x{i} a owl:NamedIndividual, ex:Unit ; ex:partOf ex:s ." for i in range(200))
    text = "ex:Unit rdfs:subClassOf ex:Agent . ex:partOf rdfs:range ex:Service . " + individuals
    assert _same(_parsed(text), None, general_runs)
    assert general_runs[0] < 100  # the two axioms and the one-time seeds, not the 200 individuals


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # A data property declared a sub-property of a schema property: its triples become axioms.
        (
            "data becomes an axiom",
            "ex:narrower rdfs:subPropertyOf rdfs:subClassOf . ex:A ex:narrower ex:B . ex:x a ex:A .",
        ),
        # A range that is a meta-class: the data's objects become classes.
        (
            "range is a meta-class",
            "ex:kind rdfs:range owl:Class . ex:x ex:kind ex:K . ex:K rdfs:subClassOf ex:L . ex:y a ex:K .",
        ),
        # A domain on rdf:type itself.
        ("axiom about rdf:type", "rdf:type rdfs:domain ex:Typed . ex:x a ex:C ."),
    ],
)
def test_data_that_reaches_the_schema_goes_to_the_general_engine(name: str, text: str, general_runs: list[int]) -> None:
    assert not _same(_parsed(text), None, general_runs)


def test_transitive_chains_and_restrictions_together(general_runs: list[int]) -> None:
    """Rules feeding each other across rounds: a chain over a transitive property over inverses,
    restrictions on the results, and an intersection of them."""
    text = """
    ex:partOf a owl:TransitiveProperty ; owl:inverseOf ex:hasPart .
    ex:inCountry owl:propertyChainAxiom ( ex:partOf ex:locatedIn ) .
    ex:Unit owl:equivalentClass [ a owl:Restriction ; owl:onProperty ex:partOf ; owl:someValuesFrom ex:Service ] .
    ex:French owl:equivalentClass [ a owl:Restriction ; owl:onProperty ex:inCountry ; owl:hasValue ex:fr ] .
    ex:FrenchUnit owl:intersectionOf ( ex:Unit ex:French ) .
    ex:Service owl:equivalentClass [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:allValuesFrom ex:Part ] .
    ex:s a ex:Service ; ex:locatedIn ex:fr . ex:d ex:partOf ex:s . ex:o ex:partOf ex:d . ex:t ex:partOf ex:o .
    """
    assert _same(_parsed(text), None, general_runs)
    inferred = {str(t) for t in reasoned(_parsed(text), None).inferred}
    assert (
        "<http://example.org/t> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/FrenchUnit>"
        in inferred
    )


@pytest.fixture(scope="module")
def ipco_reference() -> Reference:
    return load_reference(Project.bundled())


@pytest.mark.slow
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_example_closes_as_the_general_engine(
    path: Path, ipco_reference: Reference, general_runs: list[int]
) -> None:
    data = load([path])
    assert _same(data.quads + ipco_reference.ontology.quads, ipco_reference.imports.quads, general_runs)


@pytest.mark.slow
def test_generated_ipco_style_data_closes_as_the_general_engine(general_runs: list[int]) -> None:
    asserted = to_oxigraph_triples(ipco_style_data(3000)) + _parsed(TBOX + ORG_EXCERPT)
    assert _same(asserted, None, general_runs)


@pytest.mark.slow
def test_benchmark_data_closes_as_the_general_engine(ipco_reference: Reference, general_runs: list[int]) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from benchmark import generate  # type: ignore[import-not-found]

    data = list(ox.parse("".join(generate(20_000)), format=ox.RdfFormat.TURTLE))
    assert _same(data + ipco_reference.ontology.quads, ipco_reference.imports.quads, general_runs)


def test_a_schema_is_closed_once_per_process(ipco_reference: Reference, general_runs: list[int]) -> None:
    """The ontology's closure is cached under its terms: reasoning again over the same ontology with
    other data runs no general engine, with the same result as a fresh run; another schema misses."""
    first = load([EXAMPLES[0]])
    again = load([EXAMPLES[1]])
    ontology, imports = ipco_reference.ontology.quads, ipco_reference.imports.quads
    reasoned(first.quads + ontology, imports)
    assert len(general_runs) == 1
    cached = reasoned(again.quads + ontology, imports)
    assert len(general_runs) == 1  # the schema was not closed again
    reason_fast._SCHEMA_CLOSURES.clear()
    fresh = reasoned(again.quads + ontology, imports)
    assert len(general_runs) == 2
    assert set(cached.inferred) == set(fresh.inferred) and set(cached.closure()) == set(fresh.closure())
    axiom = next(q for q in ontology if q.predicate.value == str(RDFS.subClassOf))
    reasoned(again.quads + [q for q in ontology if q != axiom], imports)  # one axiom less: another schema
    assert len(general_runs) == 3
