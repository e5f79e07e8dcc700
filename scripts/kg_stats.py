#!/usr/bin/env python3
"""Print the knowledge graph's figures from a built release, as a Markdown table.

    python scripts/kg_stats.py [dist]

Classes, properties and concepts come from the ontology graph; instances, asserted and inferred
triples from the data and inferred graphs; facts per source document from the named graph of each
document (``ipco:statedInGraph``). Used for the README and the closing notes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ipco.namespaces import PREFIXES  # noqa: E402
from ipco.project import INFERRED_GRAPH, ONTOLOGY_GRAPH  # noqa: E402

IN_ONTOLOGY = "SELECT (COUNT(DISTINCT ?x) AS ?n) {{ GRAPH <" + ONTOLOGY_GRAPH + "> {{ ?x a {} }} }}"
COUNTS = {
    "classes": IN_ONTOLOGY.format("owl:Class FILTER(STRSTARTS(STR(?x), STR(ipco:)))"),
    "object properties": IN_ONTOLOGY.format("owl:ObjectProperty"),
    "datatype properties": IN_ONTOLOGY.format("owl:DatatypeProperty"),
    "concept schemes": IN_ONTOLOGY.format("skos:ConceptScheme"),
    "concepts": IN_ONTOLOGY.format("skos:Concept"),
    "instances (data)": (
        f"SELECT (COUNT(DISTINCT ?i) AS ?n) {{ GRAPH ?g {{ ?i a ?t }} "
        f"FILTER(?g NOT IN (<{ONTOLOGY_GRAPH}>, <{INFERRED_GRAPH}>, <https://w3id.org/ipco/graph/shapes>)) }}"
    ),
    "asserted data triples": (
        f"SELECT (COUNT(*) AS ?n) {{ SELECT DISTINCT ?s ?p ?o {{ GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER(?g NOT IN (<{ONTOLOGY_GRAPH}>, <{INFERRED_GRAPH}>, <https://w3id.org/ipco/graph/shapes>)) }} }}"
    ),
    "ontology triples": f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}",
    "inferred triples": f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}",
}
PER_SOURCE = """
SELECT ?file ?graph (COUNT(*) AS ?triples) WHERE {
  ?doc a ipco:SourceDocument ; ipco:fileName ?file ; ipco:statedInGraph ?graph .
  GRAPH ?graph { ?s ?p ?o }
} GROUP BY ?file ?graph ORDER BY ?file
"""


def main(argv: list[str]) -> int:
    release = Path(argv[0]) if argv else ROOT / "dist"
    store = ox.Store()
    store.bulk_load(path=str(release / "ipco.nq"), format=ox.RdfFormat.N_QUADS)

    def ask(query: str) -> list[ox.QuerySolution]:
        result = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
        assert isinstance(result, ox.QuerySolutions)
        return list(result)

    print("| figure | count |\n| --- | ---: |")
    for label, query in COUNTS.items():
        (row,) = ask(query)
        print(f"| {label} | {row['n'].value} |")
    print("\n| source document | named graph | triples |\n| --- | --- | ---: |")
    for row in ask(PER_SOURCE):
        print(f"| `{row['file'].value}` | `{row['graph'].value}` | {row['triples'].value} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
