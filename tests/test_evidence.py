"""Every asserted fact of data/<source>.ttl carries the passage of its source text that states it.

Which facts need evidence: every triple of a source data file except labels (skos:prefLabel,
skos:altLabel), descriptions (dcterms:description), the per-resource bookkeeping
(prov:wasDerivedFrom, dcterms:source), the evidence itself, and class assertions that follow from
the ontology's rdfs:domain / rdfs:range of the resource's other asserted facts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from conftest import ROOT, SHARED
from ipco.evidence import EvidenceError, locate, parse, regenerate, sources_of

OA = Namespace("http://www.w3.org/ns/oa#")
IPCO = Namespace("https://w3id.org/ipco/")
DATA = ROOT / "data"
SOURCES = ROOT / "sources"
NOT_FACTS = {SKOS.prefLabel, SKOS.altLabel, DCTERMS.description, PROV.wasDerivedFrom, DCTERMS.source}
STEMS = sorted(sources_of(ROOT))


def _text(stem: str) -> str:
    return (SOURCES / sources_of(ROOT)[stem][1]).read_text(encoding="utf-8")


def _document(stem: str) -> URIRef:
    return URIRef(f"https://w3id.org/ipco/id/source-{stem}")


def _ontology() -> Graph:
    graph = Graph()
    for path in sorted((ROOT / "ontology").rglob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def _superclasses(ontology: Graph, cls: URIRef) -> set[URIRef]:
    seen = {cls}
    todo = [cls]
    while todo:
        for parent in ontology.objects(todo.pop(), RDFS.subClassOf):
            if isinstance(parent, URIRef) and parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def _entailed_types(ontology: Graph, graph: Graph) -> set[tuple[URIRef, URIRef]]:
    """(resource, class) pairs that rdfs:domain / rdfs:range of asserted facts entail."""
    entailed: set[tuple[URIRef, URIRef]] = set()
    for s, p, o in graph:
        properties = {p} | set(ontology.transitive_objects(p, RDFS.subPropertyOf))
        for prop in properties:
            for domain in ontology.objects(prop, RDFS.domain):
                if isinstance(domain, URIRef) and isinstance(s, URIRef):
                    entailed |= {(s, c) for c in _superclasses(ontology, domain)}
            for range_ in ontology.objects(prop, RDFS.range):
                if isinstance(range_, URIRef) and isinstance(o, URIRef):
                    entailed |= {(o, c) for c in _superclasses(ontology, range_)}
    return entailed


def _statements(graph: Graph) -> dict[tuple[object, object, object], object]:
    return {
        (graph.value(n, IPCO.factSubject), graph.value(n, IPCO.factPredicate), graph.value(n, IPCO.factObject)): n
        for n in graph.subjects(RDF.type, IPCO.FactStatement)
    }


def test_source_texts_are_the_shared_copies() -> None:
    sidecar = json.loads((SOURCES / "sources.json").read_text(encoding="utf-8"))
    files = {d["file"] for d in sidecar["documents"]}
    assert files == {p.name for p in SOURCES.glob("*.txt")} == {f for _, f in sources_of(ROOT).values()}
    if not (SHARED / "sources").is_dir():
        pytest.skip("../shared/sources is absent: the vendored copies cannot be compared")
    for name in files:
        assert (SOURCES / name).read_bytes() == (SHARED / "sources" / name).read_bytes(), name


@pytest.mark.parametrize("stem", STEMS)
def test_evidence_block_is_generated_from_the_evidence_file(stem: str) -> None:
    data_file = DATA / f"{stem}.ttl"
    document = sources_of(ROOT)[stem][0]
    source = SOURCES / sources_of(ROOT)[stem][1]
    expected = regenerate(data_file, DATA / "evidence" / f"{stem}.txt", source, document)
    assert data_file.read_text(encoding="utf-8") == expected, "run: python -m ipco.evidence"


@pytest.mark.parametrize("stem", STEMS)
def test_every_selector_quotes_its_document_at_its_offsets(stem: str) -> None:
    graph = Graph().parse(DATA / f"{stem}.ttl", format="turtle")
    text = _text(stem)
    statements = _statements(graph)
    assert statements
    for (s, p, o), node in statements.items():
        assert (s, p, o) in graph, f"{node}: the fact it reifies is not asserted in {stem}.ttl"
        derivation = graph.value(node, PROV.qualifiedDerivation)
        target = graph.value(derivation, PROV.entity)
        assert graph.value(target, OA.hasSource) == _document(stem)
        selectors = {graph.value(sel, RDF.type): sel for sel in graph.objects(target, OA.hasSelector)}
        quote, position = selectors[OA.TextQuoteSelector], selectors[OA.TextPositionSelector]
        start, end = int(graph.value(position, OA.start)), int(graph.value(position, OA.end))
        exact = str(graph.value(quote, OA.exact))
        assert text[start:end] == exact, f"{node}: {exact!r} is not at {start}..{end}"
        assert text[:start].endswith(str(graph.value(quote, OA.prefix)))
        assert text[end:].startswith(str(graph.value(quote, OA.suffix)))


@pytest.mark.parametrize("stem", STEMS)
def test_every_asserted_fact_has_evidence(stem: str) -> None:
    graph = Graph().parse(DATA / f"{stem}.ttl", format="turtle")
    entailed = _entailed_types(_ontology(), graph)
    statements = _statements(graph)
    missing = sorted(
        f"{s.n3(graph.namespace_manager)} {p.n3(graph.namespace_manager)} {o.n3(graph.namespace_manager)}"
        for s, p, o in graph
        if p not in NOT_FACTS
        and isinstance(s, URIRef)  # the evidence nodes are blank
        and not (p == RDF.type and (s, o) in entailed)
        and (s, p, o) not in statements
    )
    assert missing == [], f"{stem}: {len(missing)} fact(s) without evidence"


def test_dates_and_class_assertions_are_among_the_facts_that_need_evidence() -> None:
    """The defects this guards against: a start date the text does not give (CTG 2017), a typing
    from outside knowledge (SGRS as a military service); both are facts the coverage test sees."""
    graph = Graph().parse(DATA / "sgrs-cooperation.ttl", format="turtle")
    sgrs = URIRef("https://w3id.org/ipco/id/sgrs")
    assert (sgrs, IPCO.IntelligenceService) not in _entailed_types(_ontology(), graph)
    assert (sgrs, RDF.type, IPCO.MilitaryIntelligenceService) not in graph
    ctg = Graph().parse(DATA / "dgsi-international.ttl", format="turtle")
    assert not list(ctg.objects(URIRef("https://w3id.org/ipco/id/coop-ctg-counter-terrorism"), IPCO.startDate))


def test_alternative_labels_are_spellings_of_the_texts_and_name_one_resource() -> None:
    owners: dict[str, set[URIRef]] = {}
    texts: dict[URIRef, str] = {}
    labels: set[tuple[URIRef, str]] = set()
    for stem in STEMS:
        graph = Graph().parse(DATA / f"{stem}.ttl", format="turtle")
        for s, label in graph.subject_objects(SKOS.altLabel):
            assert isinstance(label, Literal) and isinstance(s, URIRef)
            owners.setdefault(str(label), set()).add(s)
            labels.add((s, str(label)))
            texts[s] = texts.get(s, "") + _text(stem)
    unprinted = sorted(f"{s} {label!r}" for s, label in labels if label not in texts[s])
    assert unprinted == [], "alternative labels no text describing the resource uses"
    shared = {k: sorted(map(str, v)) for k, v in owners.items() if len(v) > 1}
    assert shared == {}


def test_source_documents_have_only_the_titles_their_texts_print() -> None:
    graph = Graph().parse(DATA / "sources.ttl", format="turtle")
    for stem, (document, name) in sources_of(ROOT).items():
        subject = _document(stem)
        assert document == f"ipcoid:source-{stem}"
        text = (SOURCES / name).read_text(encoding="utf-8")
        for title in graph.objects(subject, DCTERMS.title):
            assert str(title) in text, f"{name}: title {title!r} is not printed"


def test_a_quote_not_in_the_text_is_reported_with_its_position(tmp_path: Path) -> None:
    evidence = tmp_path / "x.txt"
    evidence.write_text("# c\nipcoid:a ipco:b ipcoid:c .\n> no such words\n", encoding="utf-8")
    with pytest.raises(EvidenceError, match=r"x\.txt:3:3: quote not in the source text"):
        parse(evidence, "some other words")


def test_an_ambiguous_quote_needs_braced_context() -> None:
    text = "the DGSE and the DGSE again"
    with pytest.raises(EvidenceError, match="more than once"):
        locate(text, "DGSE", Path("e.txt"), 4)
    passage = locate(text, "and the {DGSE} again", Path("e.txt"), 4)
    assert (passage.start, passage.end, passage.prefix) == (17, 21, "the DGSE and the ")


def test_evidence_files_exist_for_every_source_data_file() -> None:
    stems = {p.stem for p in DATA.glob("*.ttl")} - {"sources", "countries"}
    assert {p.stem for p in (DATA / "evidence").glob("*.txt")} == stems == set(STEMS)


def test_facts_without_a_quote_are_reported(tmp_path: Path) -> None:
    evidence = tmp_path / "y.txt"
    evidence.write_text("ipcoid:a ipco:b ipcoid:c .\n> words\nipcoid:a ipco:b ipcoid:d .\n", encoding="utf-8")
    with pytest.raises(EvidenceError, match=r"y\.txt:3:1: facts at the end without a quote"):
        parse(evidence, "some words")
