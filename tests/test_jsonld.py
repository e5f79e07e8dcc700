"""The release's JSON-LD: a generated context, compacted data and framed views that read back, with
PyLD and two other implementations (pyoxigraph, rdflib), as exactly the triples of the Turtle release."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from pyld import jsonld

from conftest import ROOT
from ipco.build import PARTS, infer, release_parts
from ipco.convert import to_oxigraph_term
from ipco.errors import RemoteResourceRefused
from ipco.export import canonical
from ipco.load import load, parse_bytes
from ipco.namespaces import DCTERMS, FOAF, IPCO, IPCO_ID, ORG, OWL, PREFIXES, PROV, RDF, SCHEMA, XSD
from ipco.project import Project, load_reference
from ipco.publish.context import CONTEXT_FILE, build_context, term_names
from ipco.publish.jsonld import compact, dumps, expanded, offline_loader
from ipco.publish.views import COMPACTED_PARTS, EMBEDDED, NAVIGATION, ORGANISATIONS_FILE, SOURCES_FILE, jsonld_files
from ipco.syntaxes import TURTLE

#: Every JSON-LD file that holds one part, with the Turtle file of the same triples.
SAME_AS_TURTLE = (
    [(f"{part}.jsonld", f"{part}.ttl") for part in PARTS]
    + [(f"{part}.compact.jsonld", f"{part}.ttl") for part in COMPACTED_PARTS]
    + [("void.jsonld", "void.ttl")]
)
#: The files a reader without RDF is meant to open: they reference context.jsonld.
READABLE = [f"{part}.compact.jsonld" for part in COMPACTED_PARTS] + [ORGANISATIONS_FILE, SOURCES_FILE]
#: Vocabularies IPCO reuses (docs/modelling.md), and those of them vendored in ontology/imports/.
REUSED = ("org", "skos", "prov", "dcterms", "schema", "foaf", "rdf", "rdfs", "owl")
VENDORED = ("org", "prov")
TYPE = RDF + "type"


def _pyld(path: Path) -> list[ox.Quad]:
    """The quads of a JSON-LD file as PyLD reads it, contexts served from the file's folder only."""
    options = {"base": path.resolve().as_uri(), "documentLoader": offline_loader(path.parent)}
    nquads = jsonld.to_rdf(json.loads(path.read_text(encoding="utf-8")), {**options, "format": "application/n-quads"})
    return list(ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS))


def _pyoxigraph(path: Path) -> list[ox.Quad]:
    """The quads as IPCO's loader reads them (pyoxigraph, the sibling context inlined)."""
    holder = "urn:ipco:test:default"
    return [
        ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph() if q.graph_name.value == holder else q.graph_name)  # type: ignore[union-attr]
        for q in load([path], graph_for=lambda _: holder).quads
    ]


def _rdflib(path: Path) -> list[ox.Quad]:
    """The quads as rdflib's own JSON-LD parser reads them (it loads the context from file:)."""
    dataset = rdflib.Dataset()
    dataset.parse(path.resolve().as_uri(), format="json-ld")
    quads = []
    for s, p, o, graph in dataset.quads((None, None, None, None)):
        name = graph.identifier if isinstance(graph, rdflib.Graph) else graph
        graph_name = ox.DefaultGraph() if name in (None, rdflib.graph.DATASET_DEFAULT_GRAPH_ID) else ox.NamedNode(name)
        quads.append(ox.Quad(to_oxigraph_term(s), to_oxigraph_term(p), to_oxigraph_term(o), graph_name))  # type: ignore[arg-type]
    return quads


def _canonical(quads: list[ox.Quad]) -> list[str]:
    return [str(quad) for quad in canonical(quads)]


def _in_default_graph(triples: set[ox.Triple]) -> list[ox.Quad]:
    return [ox.Quad(t.subject, t.predicate, t.object) for t in triples]


def _triples(path: Path) -> set[ox.Triple]:
    return {quad.triple for quad in ox.parse(path=str(path))}


def _context(release: Path) -> dict[str, Any]:
    context: dict[str, Any] = json.loads((release / CONTEXT_FILE).read_text(encoding="utf-8"))["@context"]
    return context


@pytest.mark.parametrize(("name", "turtle"), SAME_AS_TURTLE)
def test_every_jsonld_file_of_a_part_expands_with_pyld_to_its_turtle(
    release: Path, name: str, turtle: str, no_network: None
) -> None:
    expected = _in_default_graph(_triples(release / turtle))
    assert _canonical(_pyld(release / name)) == _canonical(expected)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib 7's JSON-LD parser uses its own old API
@pytest.mark.parametrize("name", READABLE)
def test_pyld_pyoxigraph_and_rdflib_read_the_same_triples(release: Path, name: str, no_network: None) -> None:
    reference = _canonical(_pyld(release / name))
    assert reference
    assert _canonical(_pyoxigraph(release / name)) == reference
    assert _canonical(_rdflib(release / name)) == reference


@pytest.mark.parametrize("name", READABLE)
def test_readable_files_reference_the_context_relatively(release: Path, name: str) -> None:
    document = json.loads((release / name).read_text(encoding="utf-8"))
    assert document["@context"] == CONTEXT_FILE
    assert isinstance(document["@graph"], list)


def test_organisations_hold_everything_about_each_organisation_and_what_it_embeds(release: Path) -> None:
    data, inferred = _triples(release / "data.nt"), _triples(release / "inferred.nt")
    organisations = {
        t.subject for t in data | inferred if t.predicate.value == TYPE and t.object.value == ORG + "Organization"
    }  # type: ignore[union-attr]
    # The navigation links: inferred along the inverse properties named, opposite an asserted link.
    asserted_pairs = {(t.subject, t.object) for t in data}
    navigation = {t for t in inferred if t.predicate.value in NAVIGATION and (t.object, t.subject) in asserted_pairs}
    material = data | navigation
    embedded = {t.object for t in material if t.subject in organisations and t.predicate.value in EMBEDDED}
    expected = {t for t in material if t.subject in organisations | embedded}

    view = _pyld(release / ORGANISATIONS_FILE)
    assert {quad.triple for quad in view} == expected
    records = json.loads((release / ORGANISATIONS_FILE).read_text(encoding="utf-8"))["@graph"]
    assert [record["id"] for record in records] == sorted(str(node.value) for node in organisations)  # type: ignore[union-attr]
    assert {ORG + "hasUnit", ORG + "hasPost", ORG + "hasMembership", IPCO + "involvedIn"} == set(EMBEDDED)
    assert {t.predicate.value for t in navigation} == set(NAVIGATION)  # each one is used


def _canonical(triples: set[ox.Triple]) -> set[ox.Quad]:
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


def test_sources_hold_each_documents_named_graph_exactly(release: Path) -> None:
    data = _triples(release / "data.nt")
    stated = {t.subject: t.object for t in data if t.predicate.value == IPCO + "statedInGraph"}
    release_graphs: dict[str, set[ox.Triple]] = {}
    for quad in ox.parse(path=str(release / "ipco.nq")):
        release_graphs.setdefault(str(quad.graph_name), set()).add(quad.triple)
    view_graphs: dict[str, set[ox.Triple]] = {}
    for quad in _pyld(release / SOURCES_FILE):
        view_graphs.setdefault(str(quad.graph_name), set()).add(quad.triple)

    assert len(stated) == 5
    assert set(view_graphs) == {str(graph) for graph in stated.values()} | {str(ox.DefaultGraph())}
    for graph in stated.values():  # the evidence's blank nodes: compared after RDFC-1.0 labelling
        assert _canonical(view_graphs[str(graph)]) == _canonical(release_graphs[str(graph)])
    assert view_graphs[str(ox.DefaultGraph())] == {t for t in data if t.subject in stated}


def test_a_web_developer_finds_who_represents_france_in_natos_cic(release: Path) -> None:
    """Competency question 01, answered from organisations.jsonld as plain JSON (docs/jsonld.md)."""
    records = {r["id"]: r for r in json.loads((release / ORGANISATIONS_FILE).read_text(encoding="utf-8"))["@graph"]}
    dgsi = records[IPCO_ID + "dgsi"]
    assert dgsi["type"] == "InternalIntelligenceService"
    assert dgsi["prefLabel"] == {
        "en": "General Directorate for Internal Security",
        "fr": "Direction générale de la sécurité intérieure",
    }
    in_cic = [m for m in _values(dgsi, "hasMembership") if m["organization"] == IPCO_ID + "nato-cic"]
    assert [(m["onBehalfOf"], m["role"]) for m in in_cic] == [
        (IPCO_ID + "france", IPCO_ID + "role-national-representative")
    ]
    relationship = next(r for r in _values(dgsi, "involvedIn") if r["id"] == IPCO_ID + "coop-dgsi-nato-cic")
    assert _values(relationship, "channel") == [IPCO_ID + "nato-cic"]
    assert IPCO_ID + "nato" in _values(relationship, "party")
    assert _values(records[IPCO_ID + "nato-cic"], "subOrganizationOf") == [IPCO_ID + "nato"]


def _values(record: dict[str, Any], key: str) -> list[Any]:
    """A key's values as a list, as JavaScript's ``[].concat(record[key] ?? [])``."""
    value = record.get(key, [])
    return value if isinstance(value, list) else [value]


def _node_objects(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _node_objects(item)
    elif isinstance(value, dict) and "@value" not in value:
        yield value
        for key, item in value.items():
            if key != "@context":
                yield from _node_objects(item)


@pytest.mark.parametrize("name", READABLE)
def test_keys_hold_an_array_exactly_when_the_context_says_set(release: Path, name: str) -> None:
    """The contract docs/jsonld.md gives web developers: ``@set`` keys are always arrays, the others never."""
    context = _context(release)
    checked = 0
    for node in _node_objects(json.loads((release / name).read_text(encoding="utf-8"))):
        for key, value in node.items():
            definition = context.get(key)
            if not isinstance(definition, dict):
                continue
            container = definition.get("@container")
            checked += 1
            if container == "@set":
                assert isinstance(value, list), (name, key)
            elif container == "@language":
                assert isinstance(value, dict) and not any(isinstance(v, list) for v in value.values()), (name, key)
            elif container == ["@language", "@set"]:
                assert isinstance(value, dict) and all(isinstance(v, list) for v in value.values()), (name, key)
            else:
                assert container is None and not isinstance(value, list), (name, key)
    assert checked > 100


def test_context_keys_name_terms_of_the_ontology_or_of_a_reused_vocabulary(release: Path) -> None:
    ontology = _triples(release / "ontology.nt")
    declared = {str(t.subject.value) for t in ontology if t.predicate.value == TYPE}  # type: ignore[union-attr]
    vendored = {
        str(t.subject.value)
        for t in load(sorted((ROOT / "ontology" / "imports").glob("*.ttl"))).quads
        if t.predicate.value == TYPE
    }  # type: ignore[union-attr]
    used = {
        str(term.value)
        for t in _triples(release / "data.nt") | _triples(release / "inferred.nt") | ontology
        for term in (t.predicate, t.object)
        if isinstance(term, ox.NamedNode)
    }
    context = _context(release)
    assert (context["@version"], context["@protected"], context["id"], context["type"], context["xsd"]) == (
        1.1,
        True,
        "@id",
        "@type",
        XSD,
    )
    for key, definition in context.items():
        if key.startswith("@") or key in ("id", "type", "xsd"):
            continue
        iri = definition if isinstance(definition, str) else definition["@id"]
        prefix = next(p for p in ("ipco", *REUSED) if iri.startswith(PREFIXES[p]))
        if prefix == "ipco":
            assert iri in declared, key
        elif prefix in VENDORED:
            assert iri in vendored, key
        else:
            assert iri in used, key
        assert key in (iri[len(PREFIXES[prefix]) :], f"{prefix}_{iri[len(PREFIXES[prefix]) :]}"), key


def test_the_context_is_self_contained(release: Path) -> None:
    document = json.loads((release / CONTEXT_FILE).read_text(encoding="utf-8"))
    assert list(document) == ["@context"]

    def keys(value: Any) -> Iterator[tuple[str, Any]]:
        if isinstance(value, dict):
            for key, item in value.items():
                yield key, item
                yield from keys(item)
        elif isinstance(value, list):
            for item in value:
                yield from keys(item)

    assert not [key for key, _ in keys(document) if key == "@import"]
    assert all(isinstance(value, dict) for key, value in keys(document) if key == "@context")


def test_shared_local_names_go_to_the_vocabulary_first_in_priority() -> None:
    iris = [SCHEMA + "Country", IPCO + "Country", FOAF + "member", ORG + "member", DCTERMS + "type"]
    iris += [FOAF + "Agent", PROV + "Agent", IPCO_ID + "dgsi", SCHEMA + "odd-name", OWL + "sameAs"]
    expected = {
        IPCO + "Country": "Country",
        SCHEMA + "Country": "schema_Country",
        ORG + "member": "member",
        FOAF + "member": "foaf_member",
        DCTERMS + "type": "dcterms_type",  # "type" is the alias of @type
        PROV + "Agent": "Agent",
        FOAF + "Agent": "foaf_Agent",
        OWL + "sameAs": "sameAs",
    }
    assert term_names(iris) == expected
    for seed in range(5):
        random.Random(seed).shuffle(iris)
        assert term_names(iris) == expected


def test_the_release_context_resolves_its_real_clashes(release: Path) -> None:
    context = _context(release)
    assert (context["Country"], context["schema_Country"]) == (IPCO + "Country", SCHEMA + "Country")
    assert (context["Organization"], context["foaf_Organization"]) == (ORG + "Organization", FOAF + "Organization")
    assert context["foundingDate"]["@id"] == IPCO + "foundingDate"
    assert context["schema_foundingDate"]["@id"] == SCHEMA + "foundingDate"


ODD_ONTOLOGY = b"""@prefix ipco: <https://w3id.org/ipco/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ipco:Country a owl:Class .
ipco:personnelCount a owl:DatatypeProperty ; rdfs:range xsd:integer .
ipco:country a owl:ObjectProperty .
ipco:principle a owl:DatatypeProperty ; rdfs:range rdf:langString .
ipco:inForce a owl:DatatypeProperty ; rdfs:range xsd:boolean .
"""
ODD_DATA = b"""@prefix ipco: <https://w3id.org/ipco/> . @prefix ipcoid: <https://w3id.org/ipco/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ipcoid:x a ipco:Country ;
    ipco:personnelCount 7000, "07000"^^xsd:integer, 1234567890123456789012345, "about 7000", 7000.5 ;
    ipco:country ipcoid:france, "France"@en ;
    ipco:principle "p"@en, "q"@fr, "untagged", "2020"^^xsd:gYear ;
    ipco:inForce true, "1"^^xsd:boolean ;
    ipco:undeclaredDate "2020-01-01"^^xsd:date ;
    skos:prefLabel "X"@en, "Y"@EN-gb ;
    <http://example.org/elsewhere> [ <http://example.org/b> "blank" ] .
ipcoid:y ipco:undeclaredDate "2021-02-03"^^xsd:date ; ipco:personnelCount -12 .
"""


def test_values_that_do_not_fit_their_key_still_round_trip(tmp_path: Path) -> None:
    ontology = canonical(parse_bytes(ODD_ONTOLOGY, TURTLE, "ontology.ttl", "urn:ontology"))
    data = canonical(parse_bytes(ODD_DATA, TURTLE, "data.ttl", "urn:data"))
    context = build_context(ontology, data)
    (tmp_path / CONTEXT_FILE).write_bytes(dumps({"@context": context}))
    (tmp_path / "odd.jsonld").write_bytes(dumps(compact(expanded(data, keep_graphs=False), context)))

    triples = _in_default_graph({quad.triple for quad in data})
    assert _canonical(_pyld(tmp_path / "odd.jsonld")) == _canonical(triples)
    assert _canonical(_pyoxigraph(tmp_path / "odd.jsonld")) == _canonical(triples)
    records = json.loads((tmp_path / "odd.jsonld").read_text(encoding="utf-8"))["@graph"]
    x = next(record for record in records if record["id"] == IPCO_ID + "x")
    assert sorted(x["personnelCount"], key=str) == ["07000", "1234567890123456789012345", 7000]
    assert sorted(x[IPCO + "personnelCount"], key=str) == ["about 7000", {"@value": "7000.5", "type": "xsd:decimal"}]
    assert (x["country"], x[IPCO + "country"]) == ([IPCO_ID + "france"], {"@value": "France", "@language": "en"})
    assert x["principle"] == {"en": "p", "fr": "q", "@none": "untagged"}
    assert x[IPCO + "principle"] == {"@value": "2020", "type": "xsd:gYear"}
    assert x["inForce"] == ["1", True]  # "1" is a boolean too, in a non-canonical form JSON cannot hold
    assert x["prefLabel"] == {"en": "X", "en-gb": "Y"}
    assert x["undeclaredDate"] == "2020-01-01"
    assert context["undeclaredDate"] == {"@id": IPCO + "undeclaredDate", "@type": XSD + "date"}
    assert x["http://example.org/elsewhere"]["id"].startswith("_:")


def test_the_offline_loader_serves_the_context_and_refuses_everything_else(release: Path, no_network: None) -> None:
    loader = offline_loader(release)
    served = loader((release / CONTEXT_FILE).resolve().as_uri(), {})
    assert served["document"] == json.loads((release / CONTEXT_FILE).read_text(encoding="utf-8"))
    for url in ("https://w3id.org/ipco/context.jsonld", "https://schema.org/", (release / "data.ttl").as_uri()):
        with pytest.raises(RemoteResourceRefused, match="refused"):
            loader(url, {})
    document = {"@context": "https://schema.org/", "@id": "https://example.org/x", "name": "x"}
    with pytest.raises(jsonld.JsonLdError) as caught:
        jsonld.expand(document, {"documentLoader": loader})
    causes = []
    error: BaseException | None = caught.value
    while error is not None:
        causes.append(error)
        error = error.__cause__
    assert any(isinstance(cause, RemoteResourceRefused) for cause in causes)


@pytest.fixture(scope="module")
def parts() -> dict[str, list[ox.Quad]]:
    project = Project.checkout(ROOT)
    reference, data = load_reference(project), project.load_data()
    return release_parts(reference, data, infer(reference, data))


def test_jsonld_files_do_not_depend_on_the_order_of_the_quads(parts: dict[str, list[ox.Quad]]) -> None:
    shuffled = {}
    for name, quads in parts.items():
        copy = list(quads)
        random.Random(7).shuffle(copy)
        shuffled[name] = copy
    assert jsonld_files(shuffled) == jsonld_files(parts)
