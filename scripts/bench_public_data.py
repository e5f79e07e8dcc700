"""Public shapes graphs for the SHACL benchmark, and data generated to fit each of them.

Each graph comes from a public project (vendored in ``scripts/bench-shapes/<project>/`` with its
licence and source): UCO/CASE (cyber-investigation: ``sh:sparql`` with ``GROUP BY``, ``sh:or``,
``sh:xone``), Brick (buildings: ``sh:sparql``, SPARQL targets, ``sh:or``, ``sh:node``,
``sh:qualifiedValueShape``) and ASHRAE 223P (buildings: 24 ``sh:sparql`` constraints, ``sh:node``,
``sh:qualifiedValueShape``). The generators are deterministic (a seeded ``random.Random``) and
write N-Triples, block by block, until the requested number of triples; about 1 % of the blocks
carry a planted violation of the graph's own constraints, SHACL-SPARQL ones included.

The shapes graphs also carry SHACL-AF rules (Brick's tag inference, 223P's), which validation
without ``-a`` ignores in pySHACL and which ``ipco validate`` refuses without ``--rules``: the
benchmark validates, so ``prepared_shapes`` removes every ``sh:rule`` and the rules' own triples.
Each graph is also its own ontology (the projects run pySHACL with the ontology as ``-e``).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent / "bench-shapes"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
#: Share of blocks with a planted violation (a block is 20 to 60 triples: about 1 triple in 1,000
#: is wrong, and more of them break SHACL-SPARQL constraints than Core ones).
PLANTED = 0.03


@dataclass(frozen=True)
class PublicShapes:
    """One public shapes graph: its vendored files, the namespace its generated data uses (results
    on other nodes are on the mixed-in ontology), and its generator."""

    name: str
    files: tuple[str, ...]
    data_namespace: str
    generate: Callable[[random.Random, float], Iterator[tuple[list[str], bool]]]

    def sources(self) -> list[Path]:
        return [HERE / self.name / f for f in self.files]


def _iri(base: str, rng: random.Random, kind: str) -> str:
    return f"<{base}{kind}-{uuid.UUID(int=rng.getrandbits(128), version=4)}>"


def _lit(text: str, datatype: str = "string") -> str:
    """A literal as N-Triples writes it: an ``xsd:string`` one without its datatype."""
    return f'"{text}"' if datatype == "string" else f'"{text}"^^<{XSD}{datatype}>'


def _t(s: str, p: str, o: str) -> str:
    return f"{s} {p} {o} ."


# -- UCO / CASE -----------------------------------------------------------------------------------

UCO = "https://ontology.unifiedcyberontology.org/uco/"
KB = "http://example.org/kb/"
_UCO_VIOLATIONS = (
    "iri-not-uuid",
    "shared-facet",
    "proper-dictionary-repeat",
    "dictionary-repeat",
    "size-not-integer",
    "status-not-in",
    "two-extensions",
)


def _uco(term: str) -> str:
    module, _, local = term.partition(":")
    return f"<{UCO}{module}/{local}>"


def case_blocks(rng: random.Random, share: float) -> Iterator[tuple[list[str], bool]]:
    """A file with its file facet, a URL with its URL facet and host, a dictionary of entries."""
    a, hf = RDF_TYPE, _uco("core:hasFacet")
    i = 0
    while True:
        i += 1
        planted = rng.random() < share
        kind = _UCO_VIOLATIONS[i % len(_UCO_VIOLATIONS)] if planted else ""
        file, facet = _iri(KB, rng, "file"), _iri(KB, rng, "file-facet")
        if kind == "iri-not-uuid":
            file = f"<{KB}file-{i}>"
        out = [
            _t(file, a, _uco("observable:File")),
            _t(file, hf, facet),
            _t(file, _uco("core:objectStatus"), _lit("Bogus" if kind == "status-not-in" else "Final")),
            _t(facet, a, _uco("observable:FileFacet")),
            _t(facet, _uco("observable:fileName"), _lit(f"evidence-{i}.txt")),
            _t(
                facet,
                _uco("observable:sizeInBytes"),
                _lit(str(rng.randrange(10**6)), "string" if kind == "size-not-integer" else "integer"),
            ),
            _t(facet, _uco("observable:extension"), _lit("txt")),
            _t(facet, _uco("observable:modifiedTime"), _lit(f"2024-0{1 + i % 9}-1{i % 9}T10:00:00Z", "dateTime")),
        ]
        if kind == "two-extensions":
            out.append(_t(facet, _uco("observable:extension"), _lit("log")))
        url, ufacet, host, hfacet = (_iri(KB, rng, k) for k in ("url", "url-facet", "domain", "domain-facet"))
        out += [
            _t(url, a, _uco("observable:URL")),
            _t(url, hf, ufacet),
            _t(ufacet, a, _uco("observable:URLFacet")),
            _t(ufacet, _uco("observable:fullValue"), _lit(f"https://host{i}.example/p")),
            _t(ufacet, _uco("observable:port"), _lit("443", "integer")),
            _t(ufacet, _uco("observable:host"), host),
            _t(host, a, _uco("observable:DomainName")),
            _t(host, hf, hfacet),
            _t(hfacet, a, _uco("observable:DomainNameFacet")),
            _t(hfacet, _uco("observable:value"), _lit(f"host{i}.example")),
        ]
        if kind == "shared-facet":
            out.append(_t(url, hf, facet))
        dictionary = _iri(KB, rng, "dictionary")
        proper = kind == "proper-dictionary-repeat" or (not kind and i % 2 == 0)
        out.append(_t(dictionary, a, _uco("types:ProperDictionary" if proper else "types:Dictionary")))
        keys = ["alpha", "beta", "gamma"]
        if kind in ("proper-dictionary-repeat", "dictionary-repeat"):
            keys.append("beta")
        for key in keys:
            entry = _iri(KB, rng, "entry")
            out += [
                _t(dictionary, _uco("types:entry"), entry),
                _t(entry, a, _uco("types:DictionaryEntry")),
                _t(entry, _uco("types:key"), _lit(key)),
                _t(entry, _uco("types:value"), _lit(f"{key}-{i}")),
            ]
        yield out, bool(kind)


# -- Brick ----------------------------------------------------------------------------------------

BRICK = "https://brickschema.org/schema/Brick#"
REF = "https://brickschema.org/schema/Brick/ref#"
BLDG = "http://example.org/building/"
_BRICK_VIOLATIONS = (
    "reference-on-equipment",
    "virtual-meter-not-meter",
    "deprecated-class",
    "point-of-a-point",
    "reference-without-id",
    "two-last-values",
)


def _b(local: str) -> str:
    return f"<{BRICK}{local}>"


def brick_blocks(rng: random.Random, share: float) -> Iterator[tuple[list[str], bool]]:
    """An air handler feeding VAV boxes, each with a zone, a zone temperature sensor (with its
    timeseries reference) and a damper command, on a floor; and a meter."""
    a = RDF_TYPE
    i = 0
    while True:
        i += 1
        planted = rng.random() < share
        kind = _BRICK_VIOLATIONS[i % len(_BRICK_VIOLATIONS)] if planted else ""
        n = f"<{BLDG}"
        ahu, floor, sat, meter = f"{n}ahu-{i}>", f"{n}floor-{i}>", f"{n}sat-{i}>", f"{n}meter-{i}>"
        out = [
            _t(ahu, a, _b("AHU")),
            _t(floor, a, _b("Floor")),
            _t(ahu, _b("hasLocation"), floor),
            _t(sat, a, _b("Supply_Air_Temperature_Sensor")),
            _t(sat, _b("isPointOf"), ahu),
            _t(ahu, _b("hasPoint"), sat),
            _t(meter, a, _b("Electrical_Meter")),
            _t(meter, _b("meters"), ahu),
            _t(meter, _b("isVirtualMeter"), f"{n}virtual-{i}>"),
            _t(f"{n}virtual-{i}>", _b("value"), _lit("false", "boolean")),
        ]
        for j in range(3):
            vav, zone, room, zat, dmp, ts = (f"{n}{k}-{i}-{j}>" for k in ("vav", "zone", "room", "zat", "dmp", "ts"))
            out += [
                _t(vav, a, _b("VAV")),
                _t(ahu, _b("feeds"), vav),
                _t(vav, _b("feeds"), zone),
                _t(zone, a, _b("HVAC_Zone")),
                _t(zone, _b("hasPart"), room),
                _t(room, a, _b("Room")),
                _t(room, _b("isPartOf"), floor),
                _t(zat, a, _b("Zone_Air_Temperature_Sensor")),
                _t(zat, _b("isPointOf"), vav),
                _t(zat, f"<{REF}hasExternalReference>", ts),
                _t(ts, a, f"<{REF}TimeseriesReference>"),
                _t(ts, f"<{REF}storedAt>", f"{n}database>"),
                _t(dmp, a, _b("Damper_Position_Command")),
                _t(dmp, _b("isPointOf"), vav),
                _t(dmp, _b("lastKnownValue"), f"{n}dmp-value-{i}-{j}>"),
                _t(f"{n}dmp-value-{i}-{j}>", _b("value"), _lit(str(rng.randrange(100)), "double")),
                _t(f"{n}dmp-value-{i}-{j}>", _b("timestamp"), _lit("2024-01-01T00:00:00Z", "dateTime")),
            ]
            if not (kind == "reference-without-id" and j == 0):
                out.append(_t(ts, f"<{REF}hasTimeseriesId>", _lit(f"ts-{i}-{j}")))
        if kind == "reference-on-equipment":
            out += [_t(ahu, f"<{REF}hasExternalReference>", f"{n}ts-{i}-0>")]
        elif kind == "virtual-meter-not-meter":
            out += [
                _t(ahu, _b("isVirtualMeter"), f"{n}virtual-ahu-{i}>"),
                _t(f"{n}virtual-ahu-{i}>", _b("value"), _lit("true", "boolean")),
            ]
        elif kind == "deprecated-class":
            out.append(_t(f"{n}av-{i}>", a, "<https://w3id.org/rec#AudioVisualEquipment>"))
        elif kind == "point-of-a-point":
            out.append(_t(sat, _b("isPointOf"), f"{n}zat-{i}-0>"))
        elif kind == "two-last-values":
            out.append(_t(f"{n}dmp-{i}-1>", _b("lastKnownValue"), f"{n}dmp-value-{i}-2>"))
        yield out, bool(kind)


# -- ASHRAE 223P ----------------------------------------------------------------------------------

S223 = "http://data.ashrae.org/standard223#"
PLANT = "http://example.org/plant/"
_S223_VIOLATIONS = ("cnx-to-non-point", "medium-mismatch", "observation-high-equals-low", "abstract-class", "two-media")


def _s(local: str) -> str:
    return f"<{S223}{local}>"


def s223_blocks(rng: random.Random, share: float) -> Iterator[tuple[list[str], bool]]:
    """A fan and a damper joined by a duct through their connection points (air), in a domain
    space, with a differential sensor observing a quantifiable property."""
    a = RDF_TYPE
    i = 0
    while True:
        i += 1
        planted = rng.random() < share
        kind = _S223_VIOLATIONS[i % len(_S223_VIOLATIONS)] if planted else ""
        n = f"<{PLANT}"
        fan, dmp, duct, out_cp, in_cp = (f"{n}{k}-{i}>" for k in ("fan", "damper", "duct", "fan-out", "damper-in"))
        fan_in, dmp_out, sensor, prop, space = (
            f"{n}{k}-{i}>" for k in ("fan-in", "damper-out", "sensor", "property", "space")
        )
        air = _s("Medium-Air")
        out = [
            _t(fan, a, _s("Fan")),
            _t(dmp, a, _s("Damper")),
            _t(duct, a, _s("Duct")),
            _t(duct, _s("hasMedium"), air),
            _t(fan, _s("hasConnectionPoint"), out_cp),
            _t(fan, _s("hasConnectionPoint"), fan_in),
            _t(out_cp, a, _s("OutletConnectionPoint")),
            _t(fan_in, a, _s("InletConnectionPoint")),
            _t(out_cp, _s("isConnectionPointOf"), fan),
            _t(fan_in, _s("isConnectionPointOf"), fan),
            _t(out_cp, _s("hasMedium"), air),
            _t(fan_in, _s("hasMedium"), air),
            _t(dmp, _s("hasConnectionPoint"), in_cp),
            _t(dmp, _s("hasConnectionPoint"), dmp_out),
            _t(in_cp, a, _s("InletConnectionPoint")),
            _t(dmp_out, a, _s("OutletConnectionPoint")),
            _t(in_cp, _s("isConnectionPointOf"), dmp),
            _t(dmp_out, _s("isConnectionPointOf"), dmp),
            _t(in_cp, _s("hasMedium"), _s("Medium-Water") if kind == "medium-mismatch" else air),
            _t(dmp_out, _s("hasMedium"), air),
            _t(duct, _s("connectsAt"), out_cp),
            _t(duct, _s("connectsAt"), in_cp),
            _t(out_cp, _s("connectsThrough"), duct),
            _t(in_cp, _s("connectsThrough"), duct),
            _t(fan, _s("connectedTo"), dmp),
            _t(dmp, _s("connectedFrom"), fan),
            _t(fan, _s("cnx"), out_cp),
            _t(out_cp, _s("cnx"), duct),
            _t(duct, _s("cnx"), in_cp),
            _t(in_cp, _s("cnx"), dmp),
            _t(space, a, _s("DomainSpace")),
            _t(space, _s("hasDomain"), _s("Domain-HVAC")),
            _t(sensor, a, _s("DifferentialSensor")),
            _t(sensor, _s("hasObservationLocationHigh"), out_cp),
            _t(sensor, _s("hasObservationLocationLow"), out_cp if kind == "observation-high-equals-low" else in_cp),
            _t(sensor, _s("observes"), prop),
            _t(prop, a, _s("QuantifiableObservableProperty")),
            _t(prop, "<http://qudt.org/schema/qudt/hasQuantityKind>", "<http://qudt.org/vocab/quantitykind/Pressure>"),
            _t(prop, "<http://qudt.org/schema/qudt/hasUnit>", "<http://qudt.org/vocab/unit/PA>"),
        ]
        if kind == "cnx-to-non-point":
            out.append(_t(fan, _s("cnx"), space))
        elif kind == "abstract-class":
            out.append(_t(f"{n}concept-{i}>", a, _s("Equipment")))
        elif kind == "two-media":
            out.append(_t(duct, _s("hasMedium"), _s("Medium-Water")))
        yield out, bool(kind)


GRAPHS = {
    g.name: g
    for g in (
        PublicShapes("case-uco", ("case-1.5.0.ttl",), KB, case_blocks),
        PublicShapes("brick", ("Brick.ttl",), BLDG, brick_blocks),
        PublicShapes(
            "ashrae-223p",
            (
                "223p-model-all.ttl",
                "223p-model-core.ttl",
                "223p-model-equipment.ttl",
                "223p-vocab-enumeration.ttl",
                "223p-model-shapes.ttl",
            ),
            PLANT,
            s223_blocks,
        ),
    )
}


def write_data(
    graph: PublicShapes, triples: int, path: Path, seed: int = 20261205, share: float = PLANTED
) -> tuple[int, int]:
    """``triples`` (about) of the graph's data, as N-Triples, ``share`` of its blocks with a planted
    violation; returns (triples, planted blocks)."""
    rng = random.Random(f"{graph.name}-{seed}")
    written = planted = 0
    with path.open("w", encoding="utf-8") as out:
        for lines, bad in graph.generate(rng, share):
            if written >= triples:
                break
            out.write("\n".join(lines) + "\n")
            written += len(lines)
            planted += bad
    return written, planted


def prepared_shapes(graph: PublicShapes, path: Path) -> Path:
    """The graph's files as one N-Triples shapes graph without its SHACL rules (every ``sh:rule``
    triple and everything reachable only from a rule: the rules' blank nodes and lists) and without
    shapes that can never validate anything (a blank node that has no target and is not referred to:
    223P's equipment file ends with a stray ``[ sh:minCount 1 ]``, a node shape with a property
    shape's parameter, which SHACL for SHACL rejects, so ``ipco validate`` refuses the whole graph
    where engines that do not check shapes ignore it)."""
    from rdflib import RDF, BNode, Graph, Namespace

    sh = Namespace("http://www.w3.org/ns/shacl#")
    shapes = Graph()
    for source in graph.sources():
        shapes.parse(source, format="turtle")
    rules = list(shapes.objects(None, sh.rule))
    shapes.remove((None, sh.rule, None))
    referenced = {o for o in shapes.objects() if isinstance(o, BNode)}
    pending = [r for r in rules if isinstance(r, BNode) and r not in referenced]
    while pending:
        node = pending.pop()
        for _, _, o in list(shapes.triples((node, None, None))):
            shapes.remove((node, None, o))
            if isinstance(o, BNode) and not any(True for _ in shapes.subjects(None, o)):
                pending.append(o)
    targets = {sh.targetClass, sh.targetNode, sh.targetSubjectsOf, sh.targetObjectsOf, sh.target, RDF.type}
    for node in {s for s in shapes.subjects() if isinstance(s, BNode)}:
        if not any(True for _ in shapes.subjects(None, node)) and not any(
            p in targets for p in shapes.predicates(node)
        ):
            shapes.remove((node, None, None))  # a shape without target that nothing refers to validates nothing
    shapes.serialize(path, format="nt", encoding="utf-8")
    return path
