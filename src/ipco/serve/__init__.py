"""Serve: the release over HTTP, read-only and offline.

- ``/sparql`` is a SPARQL 1.1 Protocol endpoint (https://www.w3.org/TR/sparql11-protocol/) over the
  release, as ``ipco query`` sees it: asserted and inferred triples, named graphs kept, the default
  graph their merge;
- every IPCO IRI ``https://w3id.org/ipco/<path>`` is served at ``/<path>`` by content negotiation:
  its description in RDF, or for browsers a 303 to its documentation page;
- the documentation site (``dist/site/``) is served at ``/`` and the release files at ``/dist/``.

One module per job: ``server`` (uvicorn and its limits), ``app`` (the ASGI routes), ``workers``
(queries in killable processes), ``sparql`` (the protocol's answers), ``release`` (IRIs, files,
service description), ``cache`` (answers kept while serving), ``formats`` (responses and
negotiated formats). Nothing here ever opens a connection: ``SERVICE`` and ``LOAD`` are refused,
and ``FROM`` may only name the release's graphs.
"""

from __future__ import annotations

from ipco.serve.cache import DEFAULT_CACHE_MIB
from ipco.serve.formats import GRAPH_FORMATS, RESULT_FORMATS, TRUNCATED_HEADER
from ipco.serve.server import (
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_RESULTS,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_TIMEOUT,
    DEFAULT_WORKERS,
    IpcoServer,
    make_server,
    serve,
)
from ipco.serve.sparql import dataset_graphs, is_update

__all__ = [
    "DEFAULT_CACHE_MIB",
    "DEFAULT_MAX_CONNECTIONS",
    "DEFAULT_MAX_RESULTS",
    "DEFAULT_READ_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "DEFAULT_WORKERS",
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "TRUNCATED_HEADER",
    "IpcoServer",
    "dataset_graphs",
    "is_update",
    "make_server",
    "serve",
]
