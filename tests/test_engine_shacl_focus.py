"""Queries that scan a predicate rather than join the focus (``engines/shacl_focus.py``) give
pySHACL's results, as the joined queries do: the subjects of the predicate that are not focus
nodes (with values that break every constraint) must not be reported, the focus nodes without
values must be."""

from __future__ import annotations

import pytest

from ipco.engines import shacl_focus
from test_engine_shacl import compare

_FOCUS = (
    "".join(f'ex:f{i} a ex:C ; ex:p {i}, "x{i}" ; ex:label "a{i}"@en, "b{i}"@EN ; ex:q {i} .\n' for i in range(4))
    + 'ex:f4 a ex:Sub ; ex:p 4 ; ex:label "c"@fr ; ex:q 1, 2 .\nex:f5 a ex:C .\nex:Sub rdfs:subClassOf ex:C .\n'
)
#: Not focus nodes, yet they break every constraint below.
_OTHERS = "".join(f'ex:o{i} ex:p "y", "z" ; ex:label "d"@fr, "e"@fr ; ex:q 1, 2, 3, 4 .\n' for i in range(30))

SHAPES = """ex:S sh:targetClass ex:C ;
    sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:integer ] ;
    sh:property [ sh:path ex:label ; sh:uniqueLang true ;
        sh:qualifiedValueShape [ sh:languageIn ( "en" ) ] ; sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 ] ;
    sh:property [ sh:path ex:q ; sh:minCount 2 ; sh:maxCount 3 ; sh:class ex:C ] ."""


@pytest.mark.parametrize("ratio", [0, 1000], ids=["joined", "scanned"])
@pytest.mark.parametrize("listed", [0, 5000], ids=["focus-read", "focus-asked"])
def test_scanned_and_joined_queries_give_pyshacls_results(
    monkeypatch: pytest.MonkeyPatch, ratio: int, listed: int
) -> None:
    monkeypatch.setattr(shacl_focus, "_SCAN_RATIO", ratio)
    monkeypatch.setattr(shacl_focus, "_MAX_LISTED", listed)
    decisions: list[bool] = []
    scans = shacl_focus.FocusSets.scans

    def recorded(self: shacl_focus.FocusSets, *args: object) -> bool:
        decisions.append(scans(self, *args))  # type: ignore[arg-type]
        return decisions[-1]

    monkeypatch.setattr(shacl_focus.FocusSets, "scans", recorded)
    found = compare(_FOCUS + _OTHERS, SHAPES)
    assert decisions and all(decisions) == bool(ratio) and any(decisions) == bool(ratio)
    foci = {str(result.focus) for result in found}
    assert foci and all("/f" in focus for focus in foci)  # never ex:o…
    assert "http://example.org/f5" in foci  # no value at all: minCount, qualifiedMinCount


def test_rows_of_a_scan_kept_by_a_sparql_target_with_a_blank_node(monkeypatch: pytest.MonkeyPatch) -> None:
    """A SPARQL-based target lists its blank nodes by ``BIND``: the scanned rows (of IRIs only,
    asked about one by one) are kept by the focus nodes it really has, not by what a BIND would
    rebind."""
    monkeypatch.setattr(shacl_focus, "_SCAN_RATIO", 1000)
    data = _FOCUS + _OTHERS + "_:b ex:p 5 ; ex:mark true . ex:f0 ex:mark true . ex:o0 ex:p 6 ."
    shapes = """ex:S sh:target [ a sh:SPARQLTarget ;
            sh:select "SELECT ?this WHERE { ?this <http://example.org/mark> true }" ] ;
        sh:property [ sh:path ex:p ; sh:datatype xsd:integer ] ."""
    found = compare(data, shapes)
    assert {str(result.focus) for result in found} == {"http://example.org/f0"}  # the rows' subjects: IRIs
