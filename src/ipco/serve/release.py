"""The release as the server sees it: descriptions of its IRIs, its named graphs, the files of the
release and of its documentation site, and the endpoint's service description."""

from __future__ import annotations

import html
import mimetypes
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

import pyoxigraph as ox

from ipco.errors import IpcoError
from ipco.namespaces import IPCO, IPCO_GRAPH, ONTOLOGY_IRI, RDF
from ipco.negotiate import Format, language, negotiate
from ipco.query import open_release
from ipco.serve.cache import release_version
from ipco.serve.formats import (
    GRAPH_FORMATS,
    HTML,
    Response,
    error_response,
    not_acceptable,
    rdf_document,
    see_other,
)
from ipco.serve.sparql import release_graphs
from ipco.site.paths import LANGUAGES, index_path, page_path
from ipco.syntaxes import SYNTAXES

_SERVICE_DESCRIPTION = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS_NS = "http://www.w3.org/ns/formats/"
_FORMAT_IRIS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)


def describe(store: ox.Store, iri: str) -> list[ox.Triple]:
    """What the release says about ``iri``: every triple it is the subject or the object of, with
    the blank nodes these reach described in turn (a symmetric concise bounded description)."""
    node = ox.NamedNode(iri)
    default = ox.DefaultGraph()
    found: set[ox.Triple] = set()
    pending: list[ox.BlankNode] = []
    for quad in store.quads_for_pattern(node, None, None, default):
        found.add(quad.triple)
        if isinstance(quad.object, ox.BlankNode):
            pending.append(quad.object)
    for quad in store.quads_for_pattern(None, None, node, default):
        found.add(quad.triple)
        if isinstance(quad.subject, ox.BlankNode):
            pending.append(quad.subject)
    described: set[ox.BlankNode] = set()
    while pending:
        blank = pending.pop()
        if blank in described:
            continue
        described.add(blank)
        for quad in store.quads_for_pattern(blank, None, None, default):
            found.add(quad.triple)
            if isinstance(quad.object, ox.BlankNode):
                pending.append(quad.object)
    return list(found)


def graph_triples(store: ox.Store, graph: str) -> list[ox.Triple]:
    """The content of one of the release's named graphs."""
    return [quad.triple for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]


def media_type_of(path: Path) -> str:
    """The ``Content-Type`` of a static file: IPCO's RDF syntaxes first, then the usual table."""
    suffix = path.suffix.lower()
    syntax = next((s for s in SYNTAXES if s.extension == suffix), None)
    guessed = syntax.media_type if syntax else mimetypes.guess_type(path.name)[0]
    if guessed is None:
        guessed = "text/plain" if path.name == "SHA256SUMS" else "application/octet-stream"
    return Format(path.name, guessed).content_type


def _file_under(root: Path, relative: str) -> Path | None:
    """The file ``relative`` names inside ``root`` (a folder's index.html), never outside it; None
    for anything else, including names no file system accepts (too long, a loop of links)."""
    try:
        base = root.resolve()
        candidate = (base / relative.lstrip("/")).resolve()
        if candidate != base and base not in candidate.parents:
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None
    except (OSError, ValueError, RuntimeError):
        return None


@dataclass
class Release:
    """The release being served: its folder, its dataset, and its documentation site (if built)."""

    folder: Path
    store: ox.Store
    graphs: frozenset[str]
    #: The digest of the dataset loaded: the query workers' answers are kept when they loaded the same.
    version: str

    @classmethod
    def open(cls, folder: Path) -> Release:
        store = open_release(folder)  # first: it says what is wrong with a folder that is no release
        try:
            version = release_version(folder)
        except OSError as error:
            raise IpcoError(f"{folder / 'ipco.nq'}: {error.strerror}") from None
        return cls(folder, store, release_graphs(store), version)

    @property
    def site(self) -> Path:
        return self.folder / "site"

    def page(self, iri: str, lang: str) -> str | None:
        """The site path of ``iri``'s page in ``lang``, when the site has it."""
        path = page_path(iri, lang)
        return path if path is not None and _file_under(self.site, path) is not None else None

    def resource(self, path: str, accept: str | None, accept_language: str | None) -> Response:
        """The IPCO IRI ``https://w3id.org/ipco/<path>`` (``path`` decoded): RDF, or a 303 to its page."""
        iri = IPCO + path.lstrip("/")
        try:
            ox.NamedNode(iri)
        except ValueError:
            return error_response(HTTPStatus.BAD_REQUEST, f"{path!r} does not make a valid IRI under {IPCO}")
        lang = language(accept_language, LANGUAGES)
        if iri == IPCO:
            home = index_path(lang)
            offers = (*GRAPH_FORMATS, HTML) if (self.site / home).is_file() else GRAPH_FORMATS
            chosen = negotiate(accept, offers)
            if chosen is None:
                return not_acceptable(offers)
            target = f"/{home}" if chosen is HTML else "/ontology"
            return see_other(target)
        if iri == ONTOLOGY_IRI:
            triples = graph_triples(self.store, IPCO_GRAPH + "ontology")
        elif iri in self.graphs:
            triples = graph_triples(self.store, iri)
        else:
            triples = describe(self.store, iri)
        if not triples:
            return error_response(HTTPStatus.NOT_FOUND, f"the release says nothing about <{iri}>")
        page = self.page(iri, lang)
        offers = (*GRAPH_FORMATS, HTML) if page else GRAPH_FORMATS
        chosen = negotiate(accept, offers)
        if chosen is None:
            return not_acceptable(offers)
        if chosen is HTML:
            return see_other(f"/{page}")
        return Response(HTTPStatus.OK, rdf_document(triples, chosen, first=iri), chosen.content_type)

    def static(self, root: Path, relative: str) -> Response | None:
        """A file of the site or of the release, or None when there is none at that path."""
        found = _file_under(root, relative)
        if found is None:
            return None
        try:
            return Response(HTTPStatus.OK, found.read_bytes(), media_type_of(found))
        except OSError:  # removed or made unreadable since: as if it were not there
            return None

    def listing(self) -> Response:
        """``/dist/``: links to the release files."""
        names = sorted(p.name for p in self.folder.iterdir() if p.is_file())
        items = "\n".join(f'<li><a href="{html.escape(n)}">{html.escape(n)}</a></li>' for n in names)
        body = (
            f"<!DOCTYPE html>\n<title>IPCO release files</title>\n<h1>IPCO release files</h1>\n<ul>\n{items}\n</ul>\n"
        )
        return Response(HTTPStatus.OK, body.encode(), HTML.content_type)

    def service_description(self, endpoint: str, accept: str | None) -> Response:
        """``GET /sparql`` without a query: a SPARQL service description
        (https://www.w3.org/TR/sparql11-service-description/), or a query form for browsers."""
        chosen = negotiate(accept, (*GRAPH_FORMATS, HTML))
        if chosen is None:
            return not_acceptable((*GRAPH_FORMATS, HTML))
        if chosen is HTML:
            return Response(HTTPStatus.OK, _QUERY_FORM.encode(), HTML.content_type)
        sd = _SERVICE_DESCRIPTION
        service, dataset, default = ox.NamedNode(endpoint), ox.BlankNode("dataset"), ox.BlankNode("default")
        triples = [
            ox.Triple(service, ox.NamedNode(RDF + "type"), ox.NamedNode(sd + "Service")),
            ox.Triple(service, ox.NamedNode(sd + "endpoint"), service),
            ox.Triple(service, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")),
            ox.Triple(service, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "UnionDefaultGraph")),
            ox.Triple(service, ox.NamedNode(sd + "defaultDataset"), dataset),
            ox.Triple(dataset, ox.NamedNode(RDF + "type"), ox.NamedNode(sd + "Dataset")),
            ox.Triple(dataset, ox.NamedNode(sd + "defaultGraph"), default),
            ox.Triple(default, ox.NamedNode(RDF + "type"), ox.NamedNode(sd + "Graph")),
        ]
        triples += [
            ox.Triple(service, ox.NamedNode(sd + "resultFormat"), ox.NamedNode(_FORMATS_NS + name))
            for name in _FORMAT_IRIS
        ]
        for index, graph in enumerate(sorted(self.graphs)):
            named = ox.BlankNode(f"graph{index}")
            triples += [
                ox.Triple(dataset, ox.NamedNode(sd + "namedGraph"), named),
                ox.Triple(named, ox.NamedNode(sd + "name"), ox.NamedNode(graph)),
            ]
        return Response(HTTPStatus.OK, rdf_document(triples, chosen), chosen.content_type)


_QUERY_FORM = """<!DOCTYPE html>
<html lang="en">
<meta charset="utf-8">
<title>IPCO SPARQL endpoint</title>
<h1>IPCO SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 over the IPCO release. IPCO's prefixes (ipco:, ipcoid:, ipcov:, rdfs:, skos:…) are
predeclared; the default graph is the merge of all named graphs.</p>
<form action="/sparql" method="get">
<textarea name="query" rows="12" cols="90">SELECT ?organisation ?label WHERE {
  ?organisation a ipco:Organisation ; rdfs:label ?label .
  FILTER (lang(?label) = "en")
} ORDER BY ?label LIMIT 20</textarea>
<p><label>Results as <select name="format">
<option>json</option><option>xml</option><option>csv</option><option>tsv</option>
<option>turtle</option><option>ntriples</option><option>jsonld</option><option>rdfxml</option>
</select></label> <button>Run</button></p>
</form>
</html>
"""
