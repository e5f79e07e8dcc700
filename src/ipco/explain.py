"""Explain: why a triple was inferred, down to the asserted triples and axioms, located in files.

Also what an inconsistency rests on: ``Inconsistent`` names the rule, the resources, the axioms and
the asserted facts behind each clash, so that the user can tell which statement to change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import pyoxigraph as ox

from ipco.engines.closure import Reasoned, without_cyclic_gc
from ipco.engines.consistency import Clash, find_clashes
from ipco.engines.derivation import ASSERTED, AXIOMATIC, prove
from ipco.engines.derivation_rules import Proven
from ipco.engines.reason_fast import reasoned
from ipco.errors import IpcoError, SourcePosition, UsageError
from ipco.exitcodes import ExitCode
from ipco.load import Loaded, LoadedFile, Streamed
from ipco.locate import FileIndex, anonymous_statements, index_file
from ipco.namespaces import FACT_PARTS, FACT_STATEMENT, OA, PREFIXES, PROV, RDF
from ipco.project import Reference


@dataclass
class Node:
    """One step of an explanation: a triple, the rule that gives it, its premises, where it is written."""

    triple: ox.Triple
    rule: str
    location: SourcePosition | None = None
    premises: list[Node] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


class Explainer:
    """The closure of asserted + background, proven, with the files its triples come from."""

    def __init__(self, asserted: Loaded, background: Loaded, result: Reasoned | None = None) -> None:
        self.result = result if result is not None else reasoned(asserted.quads, background.quads)
        self._sources = [asserted, background]
        facts = [_triple(q) for source in self._sources for q in source.quads]
        self.proven: Proven = prove(self.result.closure(), facts, self.result.seeds)
        self._indexes: dict[str, FileIndex] = {}
        self._files_of: dict[ox.Triple, list[LoadedFile]] = {}
        self._by_blank_object: dict[ox.BlankNode, list[ox.Triple]] | None = None
        for source in self._sources:
            for quad in source.quads:
                files = [f for f in source.files if f.graph == str(quad.graph_name.value)]  # type: ignore[union-attr]
                self._files_of.setdefault(_triple(quad), []).extend(files)
        self._quotes = _quotes(asserted.quads)

    def explain(self, triple: ox.Triple) -> Node | None:
        """The derivation tree of ``triple`` (None when it is not in the closure)."""
        return self._node(triple, {}) if triple in self.proven else None

    def _node(self, triple: ox.Triple, done: dict[ox.Triple, Node]) -> Node:
        if triple in done:
            return done[triple]
        rule, premises = self.proven.steps[triple]
        node = Node(triple, rule, self.locate(triple) if rule == ASSERTED else None)
        if rule == ASSERTED:
            node.quotes = self._quotes.get(triple, [])
        done[triple] = node
        node.premises = [self._node(p, done) for p in premises]
        return node

    def about(self, iri: ox.NamedNode) -> list[ox.Triple]:
        """The inferred triples (after the noise filter) whose subject is ``iri``."""
        return sorted((t for t in self.result.inferred if t.subject == iri), key=str)

    def locate(self, triple: ox.Triple, seen: frozenset[ox.Triple] = frozenset()) -> SourcePosition | None:
        """Where an asserted triple is written: its subject's statement, at its object when found.

        A blank-node subject (a restriction, a list cell) has no label in the text: such a triple is
        located where the statement that holds the anonymous node is written."""
        files = self._files_of.get(triple, [])
        if isinstance(triple.subject, ox.BlankNode):
            for parent in self._holding(triple.subject):
                if parent not in seen:
                    found = self.locate(parent, seen | {triple})
                    if found is not None and found.line is not None:
                        return found
            return self._anonymous(triple.subject, files)
        subject = _text(triple.subject)
        obj = triple.object.value if isinstance(triple.object, ox.Literal) else _text(triple.object)
        fallback: SourcePosition | None = SourcePosition(files[0].display) if files else None
        for loaded_file in files:
            index = self._index(loaded_file)
            if subject in index.statements:
                at_value, at_subject = index.where(subject, obj), index.where(subject)
                if at_value != at_subject:  # the object is written in this file's statements about subject
                    return at_value
                fallback = fallback if fallback and fallback.line else at_subject
        return fallback

    def _anonymous(self, node: ox.BlankNode, files: list[LoadedFile]) -> SourcePosition | None:
        """Where a top-level ``[ … ]`` statement writes every IRI that ``node``'s triples name."""
        names = {
            t.value
            for triple in self._files_of
            if triple.subject == node
            for t in (triple.predicate, triple.object)
            if isinstance(t, ox.NamedNode)
        }
        for loaded_file in files:
            index = self._index(loaded_file)
            for offset, terms in anonymous_statements(index):
                if names <= terms:
                    return index.position(offset)
        return SourcePosition(files[0].display) if files else None

    def _holding(self, node: ox.BlankNode) -> list[ox.Triple]:
        """The asserted triples with ``node`` as object (indexed on first use)."""
        if self._by_blank_object is None:
            self._by_blank_object = {}
            for triple in self._files_of:
                if isinstance(triple.object, ox.BlankNode):
                    self._by_blank_object.setdefault(triple.object, []).append(triple)
        return self._by_blank_object.get(node, [])

    def _index(self, loaded_file: LoadedFile) -> FileIndex:
        if loaded_file.display not in self._indexes:
            path = Path(loaded_file.display)
            index = index_file(path, loaded_file.syntax, loaded_file.display) if path.is_file() else FileIndex()
            self._indexes[loaded_file.display] = index
        return self._indexes[loaded_file.display]

    def clashes(self) -> list[Clash]:
        return find_clashes(self.result.for_consistency(), self._sources[0].quads)


class Inconsistent(IpcoError):
    """The ontology and data cannot all be true under OWL 2 RL: a verdict, like non-conformance."""

    exit_code = ExitCode.NOT_CONFORMING
    code = "inconsistent"

    def __init__(self, clashes: list[Clash], explainer: Explainer) -> None:
        lines = [f"the ontology and data are inconsistent under OWL 2 RL ({len(clashes)} clash(es)):"]
        for clash in clashes:
            lines.append(f"  {clash.rule_id}: {', '.join(short(r) for r in clash.resources)}")
            for axiom in clash.axioms:
                lines.extend(f"    {line}" for line in render_text(explainer.explain(axiom), axiom))
            for fact in clash.facts:
                lines.extend(f"    {line}" for line in render_text(explainer.explain(fact), fact))
        super().__init__(
            "\n".join(lines),
            hint="change one of the axioms or asserted triples listed; `ipco explain` shows any inferred triple",
        )
        self.clashes = clashes


class NotEntailed(IpcoError):
    """``ipco explain`` was asked about a triple that neither the data states nor reasoning gives."""

    code = "not-entailed"

    def __init__(self, triple: ox.Triple) -> None:
        super().__init__(
            f"not asserted and not entailed: {short_triple(triple)}",
            hint="`ipco reason` lists what is inferred; check the IRIs and prefixes",
        )


def ensure_consistent(explainer: Explainer) -> None:
    """Raise ``Inconsistent`` when a rule with conclusion ``false`` fires on the closure."""
    clashes = explainer.clashes()
    if clashes:
        raise Inconsistent(clashes, explainer)


def check_consistency(asserted: Callable[[], Loaded], background: Loaded, result: Reasoned) -> None:
    """``ensure_consistent`` without proving the closure unless something clashes (proof costs time);
    the asserted quads, which locate the facts of an explanation, are only asked for then."""
    if find_clashes(result.for_consistency(), result.literal_facts()):
        ensure_consistent(Explainer(asserted(), background, result))


def asserted_of(reference: Reference, data: Loaded) -> Loaded:
    """Ontology + data: what is reasoned over and published (imports are background)."""
    return Loaded(reference.ontology.quads + data.quads, reference.ontology.files + data.files)


def reason_checked(reference: Reference, data: Loaded | Streamed) -> Reasoned:
    """The closure of ontology + imports + data; raises ``Inconsistent`` when it clashes.
    ``Streamed`` data is read once (and again only to explain a clash)."""
    if isinstance(data, Streamed):
        result = reasoned(chain(reference.ontology.quads, data.quads()), reference.imports.quads)
        asserted = lambda: asserted_of(reference, data.load())  # noqa: E731
    else:
        loaded = asserted_of(reference, data)
        result = reasoned(loaded.quads, reference.imports.quads)
        asserted = lambda: loaded  # noqa: E731
    with without_cyclic_gc():  # the closure's tuples are alive: a collection would rescan them all
        check_consistency(asserted, reference.imports, result)
    return result


def _quotes(quads: list[ox.Quad]) -> dict[ox.Triple, list[str]]:
    """Asserted triple → the exact quotes of its evidence (data/evidence: an ipco:FactStatement whose
    qualified derivation's passage has a TextQuoteSelector), sorted."""
    out: dict[object, dict[str, list[object]]] = {}
    for quad in quads:
        out.setdefault(quad.subject, {}).setdefault(quad.predicate.value, []).append(quad.object)

    def first(node: object, predicate: str) -> object | None:
        values = out.get(node, {}).get(predicate, [])
        return values[0] if values else None

    found: dict[ox.Triple, set[str]] = {}
    for node, properties in out.items():
        if ox.NamedNode(FACT_STATEMENT) not in properties.get(RDF + "type", []):
            continue
        s, p, o = (first(node, part) for part in FACT_PARTS)
        if not isinstance(s, ox.NamedNode | ox.BlankNode) or not isinstance(p, ox.NamedNode):
            continue
        if not isinstance(o, ox.NamedNode | ox.BlankNode | ox.Literal):
            continue
        for derivation in properties.get(PROV + "qualifiedDerivation", []):
            passage = first(derivation, PROV + "entity")
            for selector in out.get(passage, {}).get(OA + "hasSelector", []) if passage is not None else []:
                exact = first(selector, OA + "exact")
                if isinstance(exact, ox.Literal):
                    found.setdefault(ox.Triple(s, p, o), set()).add(exact.value)
    return {triple: sorted(quotes) for triple, quotes in found.items()}


def short(term: object) -> str:
    """A term with IPCO's prefixes, as users write it."""
    text = str(term)
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if term.value.startswith(namespace) and prefix:
                return f"{prefix}:{term.value[len(namespace) :]}"
    return text


def short_triple(triple: ox.Triple) -> str:
    return f"{short(triple.subject)} {short(triple.predicate)} {short(triple.object)}"


def render_text(node: Node | None, triple: ox.Triple, depth: int = 0) -> list[str]:
    """Indented lines: each triple, then its rule and location, then its premises below it."""
    pad = "  " * depth
    if node is None:
        return [f"{pad}{short_triple(triple)}  [not in the closure]"]
    lines: list[str] = []
    _render(node, depth, lines, set())
    return lines


def _render(node: Node, depth: int, lines: list[str], shown: set[ox.Triple]) -> None:
    pad = "  " * depth
    if node.rule == ASSERTED:
        lines.append(f"{pad}{short_triple(node.triple)}  [asserted at {node.location or 'unknown'}]")
        lines.extend(f"{pad}  “{quote}”" for quote in node.quotes)
        return
    if node.rule == AXIOMATIC:
        lines.append(f"{pad}{short_triple(node.triple)}  [OWL 2 RL axiomatic triple]")
        return
    again = node.triple in shown
    lines.append(f"{pad}{short_triple(node.triple)}  [{node.rule}{', as above' if again else ''}]")
    if again:
        return
    shown.add(node.triple)
    for premise in node.premises:
        _render(premise, depth + 1, lines, shown)


def to_json(node: Node) -> dict[str, object]:
    """The derivation tree as plain data (``--output-format json``)."""
    data: dict[str, object] = {
        "triple": [_text(node.triple.subject), _text(node.triple.predicate), _text(node.triple.object)],
        "rule": node.rule,
    }
    if node.location is not None:
        data["location"] = {"file": node.location.file, "line": node.location.line, "column": node.location.column}
    if node.quotes:
        data["quotes"] = node.quotes
    if node.premises:
        data["premises"] = [to_json(p) for p in node.premises]
    return data


_TRIPLE_HINT = 'write "<s> <p> <o>" or "ipcoid:x a ipco:Event" (IPCO\'s prefixes are predeclared)'


def parse_target(text: str) -> ox.Triple | ox.NamedNode:
    """``"<s> <p> <o>"`` / ``"ipcoid:x a ipco:Event"`` (N-Triples or Turtle terms, IPCO's prefixes) or one IRI."""
    header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    words = text.split()
    if len(words) == 1:
        probe = f"{header}{text.strip()} <urn:x-ipco:p> <urn:x-ipco:o> ."
        try:
            parsed = list(ox.parse(probe.encode(), ox.RdfFormat.TURTLE))
        except SyntaxError:
            raise UsageError(f"not an IRI or prefixed name: {text}", hint=_TRIPLE_HINT) from None
        subject = parsed[0].subject
        if not isinstance(subject, ox.NamedNode):
            raise UsageError(f"not an IRI: {text}")
        return subject
    statement = text.strip().rstrip(".")
    try:
        parsed = list(ox.parse(f"{header}{statement} .".encode(), ox.RdfFormat.TURTLE))
    except SyntaxError:
        raise UsageError(f"not a triple: {text}", hint=_TRIPLE_HINT) from None
    if len(parsed) != 1:
        raise UsageError(f"not one triple: {text}", hint=_TRIPLE_HINT)
    return ox.Triple(parsed[0].subject, parsed[0].predicate, parsed[0].object)


def _triple(quad: ox.Quad | ox.Triple) -> ox.Triple:
    return ox.Triple(quad.subject, quad.predicate, quad.object)


def _text(term: object) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        return str(term)
    return str(getattr(term, "value", term))
