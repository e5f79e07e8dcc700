"""Store dialects: the SPARQL forms a store rejects or answers in its own way, found by the
capability probe (``probe.probe``) and rewritten or read back here, so that one compiled query
serves every store. Each quirk is named in docs/instore.md and has a test against the store it
was found in (tests/test_instore_virtuoso.py).

- *Membership in an expression*: ``NOT EXISTS { VALUES ?v { a b } }`` inside ``BIND``/``COALESCE``
  (how ``sh:in`` is compiled) fails to compile on Virtuoso 7.2 ("SP031 … side effect var passed")
  when the list holds two terms or more; it is rewritten ``(!(sameTerm(?v, a) || sameTerm(?v, b)))``,
  the same test (a VALUES join compares terms, never values).
- *sameTerm of a stored IRI*: in an expression (``BIND``, ``COALESCE``, ``IF``), Virtuoso 7.2 never
  finds a stored IRI object ``sameTerm`` a constant IRI (unbound, or false), though ``FILTER`` does; for an
  IRI ``=`` is the same test, so ``sameTerm(?v, <iri>)`` is rewritten ``(?v = <iri>)``.
- *Booleans as integers*: Virtuoso 7.2 returns a computed boolean (the result queries' flags
  ``?f0``…) as ``1``/``0`` of ``xsd:integer``; those flags are read back as booleans. The same store
  projects a flag ``BIND(COALESCE(x, false) AS ?f0) FILTER(?f0)`` as 0 in some plans (the row is
  right, its flag wrong: seen on ``sh:in``, and with ``IF(…, true, false)`` or ``IF(…, 1, 0)`` on
  ``sh:class``); flags are bound as strings, ``IF(COALESCE(x, false), "1", "0")``, filtered
  ``FILTER(?f0 = "1" || …)``, which it projects right, and read back as booleans.
- *Blank nodes named as IRIs*: Virtuoso 7.2 labels blank nodes ``nodeID://b123`` in SPARQL JSON
  results, which is no blank node label; ``json_results`` drops the ``nodeID://`` before parsing,
  whatever the store (no other store writes it).
- *A smaller page*: a store may refuse to sort as many rows as a page holds (Virtuoso's
  ``MaxSortedTopRows``, 10,000 by default); the probe picks the largest page it answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

_TERM = r'(?:<[^>]*>|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?|[-+0-9.eE]+|true|false)'
_MEMBERSHIP = re.compile(rf"NOT EXISTS \{{ VALUES (\?\w+) \{{ ((?:{_TERM}\s*)+)\}} \}}")
#: The membership test as compiled, which a store lacking the quirk answers true.
MEMBERSHIP_PROBE = (
    "ASK { VALUES ?v { <urn:x> } BIND(COALESCE(NOT EXISTS { VALUES ?v { <urn:y> <urn:z> } }, false) AS ?f) FILTER(?f) }"
)
#: sameTerm of a stored IRI in an expression, ``{iri}`` an object the data holds (Virtuoso misses
#: objects, not subjects or predicates).
SAME_IRI_PROBE = "ASK {{ ?s ?p ?o BIND(COALESCE(sameTerm(?o, <{iri}>), false) AS ?t) FILTER(?t) }}"
#: A computed boolean, which a store lacking the quirk returns as ``true`` of ``xsd:boolean``.
BOOLEAN_PROBE = "SELECT ?t WHERE { BIND(1 < 2 AS ?t) }"
Term = ox.NamedNode | ox.BlankNode | ox.Literal | None
Row = tuple[Term, ...]
_SAME_IRI = re.compile(r"sameTerm\((\?\w+), (<[^>]*>)\)")
_FLAG = re.compile(r"f\d+")
_FLAG_FILTER = re.compile(r"FILTER\((\?f\d+(?: \|\| \?f\d+)*)\)")
_FLAG_BIND = re.compile(r"BIND\(COALESCE\((.*?), false\) AS (\?f\d+)\)")
_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")


_NODE_ID = re.compile(rb'("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*")nodeID://')


def json_results(body: bytes) -> ox.QuerySolutions | ox.QueryBoolean:
    """SPARQL JSON results parsed, blank nodes Virtuoso names ``nodeID://b1`` read as ``_:b1``."""
    answer = ox.parse_query_results(_NODE_ID.sub(rb"\1", body), format=ox.QueryResultsFormat.JSON)
    assert isinstance(answer, ox.QuerySolutions | ox.QueryBoolean)
    return answer


@dataclass(frozen=True)
class Dialect:
    """What the probe found about one store (the defaults: standard SPARQL 1.1, as Oxigraph)."""

    membership_as_same_term: bool = False
    iri_equality: bool = False
    integer_booleans: bool = False

    def rewrite(self, query: str) -> str:
        """``query`` in the forms this store takes."""
        if self.membership_as_same_term:
            query = _MEMBERSHIP.sub(_same_terms, query)
        if self.integer_booleans:
            query = _FLAG_BIND.sub(r'BIND(IF(COALESCE(\1, false), "1", "0") AS \2)', query)
            query = _FLAG_FILTER.sub(lambda m: "FILTER(" + re.sub(r"(\?f\d+)", r'\1 = "1"', m.group(1)) + ")", query)
        if self.iri_equality:
            query = _SAME_IRI.sub(r"(\1 = \2)", query)
        return query

    def read(self, variables: list[str], row: Row) -> Row:
        """``row`` with the flags ``?f0``… a store returned as integers made booleans again."""
        if not self.integer_booleans:
            return row
        return tuple(_boolean(t) if _FLAG.fullmatch(v) else t for v, t in zip(variables, row, strict=True))

    @property
    def quirks(self) -> list[str]:
        """The names of the quirks found, as docs/instore.md gives them."""
        return [
            name
            for name, found in (
                ("membership in an expression", self.membership_as_same_term),
                ("sameTerm of a stored IRI", self.iri_equality),
                ("booleans as integers", self.integer_booleans),
            )
            if found
        ]


def _same_terms(match: re.Match[str]) -> str:
    variable, terms = match.group(1), re.findall(_TERM, match.group(2))
    return "(!(" + " || ".join(f"sameTerm({variable}, {term})" for term in terms) + "))"


def _boolean(term: Term) -> Term:
    if isinstance(term, ox.Literal) and term.datatype in (_INTEGER, _STRING) and term.value in ("0", "1"):
        return ox.Literal(term.value == "1")
    return term
