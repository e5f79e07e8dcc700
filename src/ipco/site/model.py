"""The release's quads indexed for the site: facts by subject and by object, with the graphs that
state them, asserted and inferred apart, plus labels in each language.

Pages only read from this index, so every page sees the same, sorted view of the release.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from ipco.namespaces import FACT_PARTS, FACT_STATEMENT, IPCO, OA, PREFIXES, PROV, RDF, RDFS, SH, SKOS

Node = ox.NamedNode | ox.BlankNode
Term = ox.NamedNode | ox.BlankNode | ox.Literal

#: Parts whose triples are asserted (stated by a file); the ``inferred`` part is kept apart.
ASSERTED_PARTS = ("ontology", "shapes", "data")
INFERRED_PART = "inferred"

TYPE = ox.NamedNode(RDF + "type")
#: Predicates that name a resource, best first.
LABEL_PREDICATES = (SKOS + "prefLabel", RDFS + "label", SH + "name")


@dataclass(frozen=True)
class Fact:
    """One triple, with the named graphs that state it (none for inferred triples)."""

    subject: Node
    predicate: ox.NamedNode
    object: Term
    graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quote:
    """The passage of a source text that states a fact (data/evidence: W3C Web Annotation selectors)."""

    document: ox.NamedNode
    exact: str
    start: int
    end: int


STATEMENT = ox.NamedNode(FACT_STATEMENT)


def term_key(term: Term | ox.Triple | ox.DefaultGraph) -> str:
    """A total, stable sort key for terms (N-Triples form)."""
    return str(term)


def _fact_key(fact: Fact) -> tuple[str, str, str]:
    return (term_key(fact.predicate), term_key(fact.object), term_key(fact.subject))


class SiteGraph:
    """Every quad of the release, indexed by subject and by object."""

    def __init__(self, parts: dict[str, list[ox.Quad]], texts: Mapping[str, str] | None = None) -> None:
        graphs: dict[tuple[Node, ox.NamedNode, Term], set[str]] = defaultdict(set)
        self.part_of_graph: dict[str, str] = {}
        self.triple_counts: dict[str, int] = {}
        self.graph_triples: dict[str, int] = defaultdict(int)
        for part in ASSERTED_PARTS:
            triples = set()
            for quad in parts.get(part, []):
                triple = _triple(quad)
                if triple is None:
                    continue
                graph = _graph_name(quad)
                graphs[triple].add(graph)
                self.part_of_graph[graph] = part
                self.graph_triples[graph] += 1
                triples.add(triple)
            self.triple_counts[part] = len(triples)
        inferred = {t for q in parts.get(INFERRED_PART, []) if (t := _triple(q)) is not None} - graphs.keys()
        self.graph_names = sorted({_graph_name(q) for quads in parts.values() for q in quads} - {""})
        self.triple_counts[INFERRED_PART] = len(inferred)
        self.asserted = sorted((Fact(s, p, o, tuple(sorted(g))) for (s, p, o), g in graphs.items()), key=_fact_key)
        self.inferred = sorted((Fact(s, p, o) for s, p, o in inferred), key=_fact_key)
        self.out: dict[Node, list[Fact]] = defaultdict(list)
        self.into: dict[Node, list[Fact]] = defaultdict(list)
        self.inferred_out: dict[Node, list[Fact]] = defaultdict(list)
        for fact in self.asserted:
            self.out[fact.subject].append(fact)
        statements = {f.subject for f in self.asserted if f.predicate == TYPE and f.object == STATEMENT}
        evidence = self._blank_closure(statements)
        for fact in self.asserted:
            if not isinstance(fact.object, ox.Literal) and fact.subject not in evidence:
                self.into[fact.object].append(fact)
        self.quotes: dict[tuple[Term, Term, Term], list[Quote]] = defaultdict(list)
        for node in sorted(statements, key=term_key):
            self._index_quote(node)
        for fact in self.inferred:
            if fact.subject not in evidence and fact.object not in evidence:
                self.inferred_out[fact.subject].append(fact)
        self._by_predicate: dict[str, list[Fact]] = defaultdict(list)
        for fact in self.asserted:
            self._by_predicate[fact.predicate.value].append(fact)
        self._inferred_by_predicate: dict[str, list[Fact]] = defaultdict(list)
        for fact in self.inferred:
            self._inferred_by_predicate[fact.predicate.value].append(fact)
        self._documents: dict[str, list[Node]] = defaultdict(list)
        for fact in self._by_predicate.get(IPCO + "statedInGraph", []):
            if isinstance(fact.object, ox.NamedNode):
                self._documents[fact.object.value].append(fact.subject)
        self._labels: dict[tuple[Term, str], str] = {}
        #: Document IRI → its source text (from ``texts``, file name → content, by ``ipco:fileName``).
        self.texts: dict[str, str] = {}
        for fact in self._by_predicate.get(IPCO + "fileName", []):
            if isinstance(fact.subject, ox.NamedNode) and texts and fact.object.value in texts:
                self.texts[fact.subject.value] = texts[fact.object.value]

    def _blank_closure(self, roots: set[Node]) -> set[Node]:
        """``roots`` and the blank nodes they lead to: an evidence node with its derivation,
        passage and selectors, which are shown with the fact, not as links into documents."""
        seen, todo = set(roots), list(roots)
        while todo:
            for fact in self.out.get(todo.pop(), []):
                if isinstance(fact.object, ox.BlankNode) and fact.object not in seen:
                    seen.add(fact.object)
                    todo.append(fact.object)
        return seen

    def _one(self, subject: Term | None, predicate: str) -> Term | None:
        found = [] if subject is None or isinstance(subject, ox.Literal) else self.objects(subject, predicate)
        return found[0] if found else None

    def _index_quote(self, statement: Node) -> None:
        """File the quote of an evidence node (ipco:FactStatement + PROV derivation + OA selectors)."""
        s, p, o = (self._one(statement, part) for part in FACT_PARTS)
        for derivation in self.objects(statement, PROV + "qualifiedDerivation"):
            passage = self._one(derivation, PROV + "entity")
            document = self._one(passage, OA + "hasSource")
            if s is None or p is None or o is None or not isinstance(document, ox.NamedNode):
                continue
            exact, start, end = None, None, None
            selectors = self.objects(passage, OA + "hasSelector") if isinstance(passage, ox.BlankNode) else []
            for selector in selectors:
                exact = exact or self._one(selector, OA + "exact")
                start = start or self._one(selector, OA + "start")
                end = end or self._one(selector, OA + "end")
            if exact is not None and start is not None and end is not None:
                self.quotes[(s, p, o)].append(Quote(document, exact.value, int(start.value), int(end.value)))

    # -- lookups -------------------------------------------------------------------------------

    def objects(self, subject: Node, predicate: str, *, inferred: bool = False) -> list[Term]:
        """Objects of ``subject predicate ?o``, sorted; with ``inferred`` the entailed ones too."""
        found = {f.object for f in self.out.get(subject, []) if f.predicate.value == predicate}
        if inferred:
            found |= {f.object for f in self.inferred_out.get(subject, []) if f.predicate.value == predicate}
        return sorted(found, key=term_key)

    def iri_objects(self, subject: Node, predicate: str, *, inferred: bool = False) -> list[ox.NamedNode]:
        """The IRIs among the objects of ``subject predicate ?o``."""
        return [o for o in self.objects(subject, predicate, inferred=inferred) if isinstance(o, ox.NamedNode)]

    def subjects(self, predicate: str, obj: Term, *, inferred: bool = False) -> list[Node]:
        """Subjects of ``?s predicate obj``, sorted."""
        found = {f.subject for f in self._by_predicate.get(predicate, []) if f.object == obj}
        if inferred:
            found |= {f.subject for f in self._inferred_by_predicate.get(predicate, []) if f.object == obj}
        return sorted(found, key=term_key)

    def facts_with(self, predicate: str, *, inferred: bool = False) -> list[Fact]:
        """Every asserted (or, with ``inferred``, every entailed) fact using ``predicate``."""
        return (self._inferred_by_predicate if inferred else self._by_predicate).get(predicate, [])

    def types(self, subject: Node, *, inferred: bool = False) -> list[ox.NamedNode]:
        """The classes of ``subject``."""
        return self.iri_objects(subject, TYPE.value, inferred=inferred)

    def has_type(self, subject: Node, cls: str, *, inferred: bool = True) -> bool:
        return any(t.value == cls for t in self.types(subject, inferred=inferred))

    def of_type(self, cls: str, *, inferred: bool = False) -> list[Node]:
        """Instances of ``cls`` (asserted, or with the inferred types too)."""
        return self.subjects(TYPE.value, ox.NamedNode(cls), inferred=inferred)

    def ipco_iris(self) -> list[str]:
        """Every IPCO IRI the release uses, as subject, predicate, object or graph name."""
        found: set[str] = set()
        for fact in self.asserted + self.inferred:
            for term in (fact.subject, fact.predicate, fact.object):
                if isinstance(term, ox.NamedNode) and term.value.startswith(IPCO):
                    found.add(term.value)
        found.update(g for g in self.graph_names if g.startswith(IPCO))
        return sorted(found)

    def documents_stating(self, graph: str) -> list[Node]:
        """The source documents whose statements a named graph holds (``ipco:statedInGraph``)."""
        return self._documents.get(graph, [])

    def graph_subjects(self, graph: str) -> list[Node]:
        """The resources a named graph describes (IRI subjects of its triples; blank nodes, such as the
        evidence of its facts, are shown with the facts they belong to), sorted."""
        return sorted(
            {f.subject for f in self.asserted if graph in f.graphs and isinstance(f.subject, ox.NamedNode)},
            key=term_key,
        )

    def rdf_list(self, head: Term) -> list[Term] | None:
        """The members of the RDF collection starting at ``head``, or None if it is not one."""
        items: list[Term] = []
        seen: set[Term] = set()
        node = head
        while node != ox.NamedNode(RDF + "nil"):
            if isinstance(node, ox.Literal) or node in seen:
                return None
            seen.add(node)
            first = self.objects(node, RDF + "first")
            rest = self.objects(node, RDF + "rest")
            if len(first) != 1 or len(rest) != 1:
                return None
            items.append(first[0])
            node = rest[0]
        return items

    # -- words ---------------------------------------------------------------------------------

    def literals(self, subject: Node, predicate: str, lang: str) -> list[str]:
        """Values of a text property in ``lang``, else in any other language, else untagged."""
        values = [o for o in self.objects(subject, predicate) if isinstance(o, ox.Literal)]
        for wanted in (lang, None):
            chosen = [v.value for v in values if v.language == wanted]
            if chosen:
                return chosen
        return [v.value for v in values]

    def text(self, subject: Node, predicates: Sequence[str], lang: str) -> str | None:
        """The first value of the first of ``predicates`` that has one, preferring ``lang``."""
        for language in _preference(lang):
            for predicate in predicates:
                for obj in self.objects(subject, predicate):
                    if isinstance(obj, ox.Literal) and obj.language == language:
                        return obj.value
        return None

    def label(self, term: Term, lang: str) -> str:
        """A human name for ``term`` in ``lang``: its label, else the other language's, else a CURIE."""
        if isinstance(term, ox.Literal):
            return term.value
        key = (term, lang)
        if key not in self._labels:
            found = self.text(term, LABEL_PREDICATES, lang)
            if found is None:
                found = "[…]" if isinstance(term, ox.BlankNode) else curie(term.value)
            self._labels[key] = found
        return self._labels[key]

    def short_names(self, subject: Node, lang: str) -> list[str]:
        """The alternative labels of ``subject`` usable in ``lang`` (untagged or in that language)."""
        values = [o for o in self.objects(subject, SKOS + "altLabel") if isinstance(o, ox.Literal)]
        return sorted({v.value for v in values if v.language in (None, lang)})


def _preference(lang: str) -> tuple[str | None, ...]:
    others = ("en", "fr")
    return (lang, *[o for o in others if o != lang], None)


def _triple(quad: ox.Quad) -> tuple[Node, ox.NamedNode, Term] | None:
    subject, obj = quad.subject, quad.object
    if isinstance(subject, ox.Triple) or isinstance(obj, ox.Triple):
        return None
    return (subject, quad.predicate, obj)


def _graph_name(quad: ox.Quad) -> str:
    name = quad.graph_name
    return name.value if isinstance(name, ox.NamedNode) else ""


_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda item: (-len(item[1]), item[0]))


def curie(iri: str) -> str:
    """``prefix:local`` for IRIs in IPCO's prefix table (longest namespace first), else the IRI."""
    for prefix, namespace in _LONGEST_FIRST:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def sorted_by_label(graph: SiteGraph, terms: Iterable[Node], lang: str) -> list[Node]:
    """``terms`` in the order a reader expects: by label (case-folded), then IRI."""
    return sorted(set(terms), key=lambda t: (graph.label(t, lang).casefold(), term_key(t)))
