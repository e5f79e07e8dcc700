"""The documentation site in dist/site/: a page for every IPCO IRI in both languages, links that
resolve, the network picture, escaping, and the same bytes from the same release."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyoxigraph as ox
import pytest

from conftest import ROOT
from ipco.build import infer, release_parts
from ipco.namespaces import IPCO, IPCO_ID, ORG, RDF, SKOS
from ipco.project import Project, load_reference
from ipco.site.generate import SITE_FOLDER, UnsafePagePath, site_files
from ipco.site.layout import href
from ipco.site.network import wrap
from ipco.site.paths import LANGUAGES, page_path
from ipco.site.source_text import EvidenceOutOfPlace, marked
from ipco.site.text import STRINGS

SVG = "{http://www.w3.org/2000/svg}"


class Links(HTMLParser):
    """Every href/src of a page, the ids it defines, its <html lang> and its language switch."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.lang: str | None = None
        self.switch: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(str(values[name]))
        if tag == "a" and values.get("class") == "lang":
            self.switch.append(str(values.get("href")))


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(release: Path) -> Path:
    return release / SITE_FOLDER


@pytest.fixture(scope="module")
def dataset(release: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(release / "ipco.nq")))


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _internal(link: str) -> bool:
    parts = urlsplit(link)
    return not parts.scheme and not parts.netloc


def test_every_ipco_iri_in_the_release_has_a_page_in_each_language(site: Path, dataset: list[ox.Quad]) -> None:
    iris = set()
    for quad in dataset:
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode) and term.value.startswith(IPCO):
                iris.add(term.value)
    assert len(iris) > 300
    missing = []
    for lang in LANGUAGES:
        for iri in sorted(iris):
            path = page_path(iri, lang)
            assert path is not None
            if not (site / path).is_file():
                missing.append(path)
    assert not missing


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    broken = []
    checked = 0
    for page in _pages(site) + sorted(site.rglob("*.svg")):
        parsed = parse(page)
        for link in parsed.links:
            if not _internal(link):
                continue
            parts = urlsplit(link)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            checked += 1
            if site.resolve() not in target.parents or not target.is_file():
                broken.append(f"{page.relative_to(site)} → {link}")
            elif parts.fragment and target == page and parts.fragment not in parsed.ids:
                broken.append(f"{page.relative_to(site)} → #{parts.fragment}")
    assert checked > 10_000
    assert not broken, broken[:20]


def test_pages_come_in_both_languages_with_a_switch_to_the_same_page(site: Path) -> None:
    by_language = {lang: {p.relative_to(site / lang) for p in (site / lang).rglob("*.html")} for lang in LANGUAGES}
    assert by_language["en"] == by_language["fr"]
    assert len(by_language["en"]) > 390
    for lang in LANGUAGES:
        other = next(o for o in LANGUAGES if o != lang)
        for relative in sorted(by_language[lang]):
            page = site / lang / relative
            parsed = parse(page)
            assert parsed.lang == lang, page
            (switch,) = parsed.switch
            assert (page.parent / switch).resolve() == (site / other / relative).resolve(), page
    root = parse(site / "index.html")
    assert {"en/index.html", "fr/index.html"} <= set(root.links)


def test_text_is_in_the_page_language_with_fallback(site: Path) -> None:
    english = (site / "en" / "id" / "dgsi.html").read_text(encoding="utf-8")
    french = (site / "fr" / "id" / "dgsi.html").read_text(encoding="utf-8")
    assert "<h1>General Directorate for Internal Security</h1>" in english
    assert "<h1>Direction générale de la sécurité intérieure</h1>" in french
    assert "What points here" in english and "Ce qui pointe ici" in french
    # A property label in the page language; NATO's French short name only in French.
    assert ">member of<" in english and ">membre de<" in french
    ctg_en = (site / "en" / "network.svg").read_text(encoding="utf-8")
    ctg_fr = (site / "fr" / "network.svg").read_text(encoding="utf-8")
    assert ">OTAN<" in ctg_fr and ">OTAN<" not in ctg_en
    for key, translations in STRINGS.items():
        assert set(translations) == set(LANGUAGES), key


def test_an_instance_page_shows_facts_with_sources_inferred_facts_and_inbound_links(site: Path) -> None:
    page = (site / "en" / "id" / "dgsi.html").read_text(encoding="utf-8")
    facts, rest = page.split('<section id="inferred"', 1)
    inferred, inbound = rest.split('<section id="inbound"', 1)
    # Both documents that describe the DGSI are cited, linking to their pages.
    for source in ("source-dgsi-international", "source-dgsi-territorial-services"):
        assert f'href="{source}.html"' in facts
    # A literal shows its language; the inferred part is marked and holds entailed facts only.
    assert '<span lang="fr">Direction générale de la sécurité intérieure</span> <span class="tag">fr</span>' in facts
    assert "inferred" in inferred and "../ontology/IntelligenceService.html" in inferred
    assert "../ontology/IntelligenceService.html" not in facts
    # What points to the DGSI: its membership of the CIC, its territorial services.
    assert 'href="membership-dgsi-nato-cic.html"' in inbound
    assert 'href="dgsi-territorial-services.html"' in inbound


def test_each_fact_shows_the_quote_that_states_it(site: Path) -> None:
    page = (site / "en" / "id" / "dgse.html").read_text(encoding="utf-8")
    facts = page.split('<section id="facts"', 1)[1].split("</section>", 1)[0]
    row = next(r for r in facts.split("<tr>") if "staffCount" in r)
    assert '<q class="evidence" data-start="303" data-end="319"' in row and ">Our 7,000 agents</q>" in row
    # The evidence's own blank nodes neither point into the document nor swell its inferred facts.
    source = (site / "en" / "id" / "source-dgse-presentation.html").read_text(encoding="utf-8")
    assert "FactStatement" not in source
    assert 'class="blank"' not in source


def test_a_source_document_page_lists_what_it_states(site: Path) -> None:
    page = (site / "fr" / "id" / "source-sgrs-cooperation.html").read_text(encoding="utf-8")
    supports = page.split('id="supports"', 1)[1].split("</section>", 1)[0]
    for resource in ("sgrs", "vsse", "plan-strategique-national-renseignement", "coop-sgrs-vsse-plan-strategique"):
        assert f'href="{resource}.html"' in supports
    assert 'href="dgse.html"' not in supports


def test_a_term_page_shows_hierarchy_domain_range_inverse_and_usage(site: Path) -> None:
    cls = (site / "en" / "ontology" / "IntelligenceService.html").read_text(encoding="utf-8")
    for subclass in ("ExternalIntelligenceService", "InternalIntelligenceService", "MilitaryIntelligenceService"):
        assert f'href="{subclass}.html"' in cls
    assert re.search(r"instances \(with inference\)</dt><dd>4</dd>", cls)
    prop = (site / "fr" / "ontology" / "party.html").read_text(encoding="utf-8")
    assert "Relation de coopération" in prop or "relation de coopération" in prop
    assert 'href="involvedIn.html"' in prop.split("Inverse", 1)[1]
    symmetric = (site / "en" / "ontology" / "partnerOf.html").read_text(encoding="utf-8")
    assert "owl:SymmetricProperty" in symmetric.split("Characteristics", 1)[1]
    concept = site / "en" / "vocab" / "bilateral.html"
    assert concept.is_file() and "cooperation kinds" in concept.read_text(encoding="utf-8")


def test_the_network_is_well_formed_svg_with_one_node_per_organisation(site: Path, dataset: list[ox.Quad]) -> None:
    organisations = {
        q.subject.value
        for q in dataset
        if q.predicate.value == RDF + "type" and q.object == ox.NamedNode(ORG + "Organization")
    }
    assert len(organisations) > 40
    cooperations = {
        q.subject.value
        for q in dataset
        if q.predicate.value == RDF + "type" and q.object == ox.NamedNode(IPCO + "CooperationRelationship")
    }
    for name in ("network.svg", "en/network.svg", "fr/network.svg"):
        root = ET.parse(site / name).getroot()
        assert root.tag == f"{SVG}svg"
        nodes = [g for g in root.iter(f"{SVG}g") if "node" in g.get("class", "").split()]
        drawn = [g.get("data-iri") for g in nodes if "org" in g.get("class", "").split()]
        assert sorted(drawn) == sorted(organisations), name
        rings = {g.get("data-iri") for g in nodes if "cooperation" in g.get("class", "").split()}
        assert rings == cooperations
        edges = [p for p in root.iter(f"{SVG}path") if "edge" in p.get("class", "").split()]
        ids = {g.get("data-id") for g in nodes}
        assert len(edges) > 80
        assert all(set(str(e.get("data-ends")).split()) <= ids for e in edges)
        legend = [g for g in root.iter(f"{SVG}g") if g.get("class") == "legend"]
        assert len(legend) == 1
    page = (site / "en" / "network.html").read_text(encoding="utf-8")
    inline = page[page.index("<svg") : page.index("</svg>") + len("</svg>")]
    inline_root = ET.fromstring(inline)
    assert sum(1 for g in inline_root.iter(f"{SVG}g") if "org" in g.get("class", "").split()) == len(organisations)


def test_network_labels_do_not_overlap(site: Path) -> None:
    root = ET.parse(site / "en" / "network.svg").getroot()
    boxes = []
    for text in root.iter(f"{SVG}text"):
        spans = list(text.iter(f"{SVG}tspan"))
        if not spans:
            continue
        xs = [float(s.get("x", 0)) for s in spans]
        ys = [float(s.get("y", 0)) for s in spans]
        width = max(len(s.text or "") for s in spans) * 5.5
        boxes.append((xs[0] - width / 2, min(ys) - 9, xs[0] + width / 2, max(ys)))
    assert len(boxes) > 50
    overlapping = [
        (a, b)
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])
    ]
    assert not overlapping


@pytest.fixture(scope="module")
def parts() -> dict[str, list[ox.Quad]]:
    project = Project.checkout(ROOT)
    reference = load_reference(project)
    data = project.load_data()
    return release_parts(reference, data, infer(reference, data))


def test_same_release_same_site(parts: dict[str, list[ox.Quad]], site: Path) -> None:
    texts = Project.checkout(ROOT).source_texts()
    first = site_files(parts, texts)
    assert site_files(parts, texts) == first
    on_disk = {str(p.relative_to(site.parent)): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert on_disk == first


@pytest.mark.slow
def test_same_site_under_another_hash_seed(site: Path) -> None:
    """Sets and dicts iterate in another order under another PYTHONHASHSEED: the bytes must not move."""
    script = (
        "import hashlib, sys\n"
        "from pathlib import Path\n"
        "from ipco.build import infer, release_parts\n"
        "from ipco.project import Project, load_reference\n"
        "from ipco.site.generate import site_files\n"
        "p = Project.checkout(Path(sys.argv[1])); r = load_reference(p); d = p.load_data()\n"
        "for name, content in site_files(release_parts(r, d, infer(r, d)), p.source_texts()).items():\n"
        "    print(hashlib.sha256(content).hexdigest(), name)\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "98765"}
    run = subprocess.run([sys.executable, "-c", script, str(ROOT)], env=env, capture_output=True, text=True, check=True)
    expected = {
        f"{hashlib.sha256(p.read_bytes()).hexdigest()} {p.relative_to(site.parent)}"
        for p in site.rglob("*")
        if p.is_file()
    }
    assert set(run.stdout.splitlines()) == expected


def _with_label(parts: dict[str, list[ox.Quad]], subject: str, label: str) -> dict[str, list[ox.Quad]]:
    graph = ox.NamedNode(IPCO + "graph/dgsi-international")
    extra = ox.Quad(ox.NamedNode(subject), ox.NamedNode(SKOS + "prefLabel"), ox.Literal(label, language="en"), graph)
    return {**parts, "data": [*parts["data"], extra]}


def test_text_from_the_data_is_escaped(parts: dict[str, list[ox.Quad]]) -> None:
    hostile = '<script>alert("x")</script> & <b>'
    files = site_files(_with_label(parts, IPCO_ID + "dgsi", hostile))
    for name in ("site/en/id/dgsi.html", "site/en/network.html", "site/en/network.svg", "site/en/id/dgse.html"):
        content = files[name].decode()
        assert hostile not in content, name
        assert "<script>alert" not in content, name
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in files["site/en/id/dgsi.html"].decode()
    ET.fromstring(files["site/en/network.svg"])


def test_an_iri_whose_page_would_leave_the_site_is_refused(parts: dict[str, list[ox.Quad]]) -> None:
    with pytest.raises(UnsafePagePath, match=r"\.\."):
        site_files(_with_label(parts, IPCO_ID + "../../escape", "escape"))


def test_links_are_relative_to_the_page() -> None:
    assert href("en/id/dgsi.html", "en/ontology/Service.html") == "../ontology/Service.html"
    assert href("en/index.html", "style.css") == "../style.css"
    assert href("index.html", "fr/index.html") == "fr/index.html"
    assert href("en/id/a.html", "en/id/b#c d.html") == "b%23c%20d.html"


def test_long_labels_wrap_to_a_few_lines() -> None:
    assert wrap("General Administration of Customs and Excise") == [
        "General",
        "Administration of",
        "Customs and Excise",
    ]
    long = wrap(" ".join(["word"] * 40))
    assert len(long) == 4 and long[-1].endswith("…")


# -- source texts and the passages quoted from them ---------------------------------------------------

EVIDENCE_QUERY = """
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT DISTINCT ?statement ?s ?document ?exact ?start ?end WHERE {
  GRAPH ?g {
    ?statement ipco:factSubject ?s ; prov:qualifiedDerivation/prov:entity ?passage .
    ?passage oa:hasSource ?document ;
        oa:hasSelector [ oa:exact ?exact ] , [ oa:start ?start ; oa:end ?end ] .
  }
}
"""


class Marks(HTMLParser):
    """The text of a page's ``<pre>``, and the text inside the ``<mark>``s of each passage (``data-q``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pre: list[str] = []
        self.inside_pre = False
        self.open: list[str] = []
        self.marked: dict[str, list[str]] = {}
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        if tag == "pre":
            self.inside_pre = True
        if tag == "mark":
            self.open.append(str(values["data-q"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.inside_pre = False
        if tag == "mark":
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.inside_pre:
            self.pre.append(data)
        for passage in self.open:
            self.marked.setdefault(passage, []).append(data)


def _marks(content: str) -> Marks:
    parser = Marks()
    parser.feed(content)
    parser.close()
    return parser


def _evidence(release: Path) -> tuple[list[tuple[ox.NamedNode, str, str, int, int]], int]:
    """(subject, document, exact, start, end) of every quote in the release, read by SPARQL, and
    how many evidence statements (one per fact and document) have one, out of how many."""
    store = ox.Store()
    store.bulk_load(path=str(release / "ipco.nq"), format=ox.RdfFormat.N_QUADS)
    prefixes = "PREFIX ipco: <https://w3id.org/ipco/>\nPREFIX prov: <http://www.w3.org/ns/prov#>\n"
    rows, quoted = [], set()
    for row in store.query(prefixes + EVIDENCE_QUERY):  # type: ignore[union-attr]
        quoted.add(row["statement"])
        rows.append(
            (row["s"], row["document"].value, row["exact"].value, int(row["start"].value), int(row["end"].value))
        )
    every = store.query(prefixes + "SELECT DISTINCT ?st WHERE { GRAPH ?g { ?st ipco:factSubject ?s } }")
    assert len(quoted) == len(list(every)), "every evidence statement has a quote"  # type: ignore[arg-type]
    return rows, len(quoted)


def test_each_quote_links_to_its_passage_marked_in_the_source_text(release: Path, site: Path) -> None:
    evidence, statements = _evidence(release)
    texts = Project.checkout(ROOT).source_texts()
    # Every fact of data/ has evidence (tests/test_evidence.py): 512 fact-document pairs, all checked.
    assert statements >= 500
    pages = {}
    for document in sorted({d for _, d, *_ in evidence}):
        local = document.removeprefix(IPCO_ID)
        for lang in LANGUAGES:
            marks = _marks((site / lang / "text" / f"{local}.html").read_text(encoding="utf-8"))
            # The text as published in sources/, character for character, once tags are stripped.
            assert "".join(marks.pre) in texts.values(), document
            assert len(marks.ids) == len(set(marks.ids)), f"{document}: duplicate anchors"
            pages[(document, lang)] = marks
    for subject, document, exact, start, end in evidence:
        assert isinstance(subject, ox.NamedNode), subject
        anchor = f"q-{start}-{end}"
        for lang in LANGUAGES:
            marks = pages[(document, lang)]
            assert anchor in marks.ids
            assert "".join(marks.marked[anchor]) == exact, (document, anchor)
            page = page_path(subject.value, lang)
            assert page is not None
            target = href(page, f"{lang}/text/{document.removeprefix(IPCO_ID)}.html")
            assert f'<a class="evidence" href="{target}#{anchor}">' in (site / page).read_text(encoding="utf-8")


def test_crossing_passages_are_split_into_nested_marks() -> None:
    text = "one two three\nfour <five> & six"
    spans = [(0, 7), (4, 13), (4, 7), (8, 24), (0, len(text)), (20, 25)]
    html = marked(text, spans)
    ET.fromstring(f"<pre>{html}</pre>")  # well nested, escaped
    marks = _marks(f"<pre>{html}</pre>")
    assert "".join(marks.pre) == text
    for start, end in spans:
        assert "".join(marks.marked[f"q-{start}-{end}"]) == text[start:end]
    assert marks.ids.count("q-4-13") == 1 and "L2" in marks.ids
    assert html.count('data-q="q-4-13"') > 1  # (4, 13) crosses (0, 7): split, the id on its first piece


def test_a_quote_that_is_not_at_its_offsets_stops_the_build(parts: dict[str, list[ox.Quad]]) -> None:
    texts = Project.checkout(ROOT).source_texts()
    name = "001_9510168ca977eb04.txt"
    shifted = {**texts, name: "x" + texts[name]}
    with pytest.raises(
        EvidenceOutOfPlace, match=r"source-dgse-presentation \[87:112\]: the text there is ' the French secret servic'"
    ):
        site_files(parts, shifted)
