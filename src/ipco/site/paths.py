"""Where each IPCO IRI's page lives in the documentation site (``dist/site/``).

The site generator writes pages at these paths and ``ipco serve`` redirects browsers to them, so
both sides share this one mapping. A page path is relative to the site root and starts with the
language: ``en/id/dgsi.html`` is the English page of ``https://w3id.org/ipco/id/dgsi``.
"""

from __future__ import annotations

from typing import Final

from ipco.namespaces import IPCO, IPCO_ID, is_ipco_term

#: Languages the site is written in; the first is the default.
LANGUAGES: Final = ("en", "fr")
DEFAULT_LANGUAGE: Final = LANGUAGES[0]

#: Folder of the ontology reference: one page per class and property, plus an index.
ONTOLOGY_FOLDER: Final = "ontology"
#: Folder of the source texts, one page per document (``<lang>/text/source-dgse-presentation.html``).
TEXT_FOLDER: Final = "text"


def page_path(iri: str, language: str = DEFAULT_LANGUAGE) -> str | None:
    """Site-relative path of the page describing ``iri``, or None for IRIs outside IPCO.

    Terms (``ipco:Service``) live under ``<lang>/ontology/``; every other IPCO IRI keeps its own
    path (``/id/…``, ``/vocab/…``, ``/shapes/…``, ``/graph/…``) under ``<lang>/``; the ontology IRI
    itself is the reference's index page.
    """
    if language not in LANGUAGES:
        raise ValueError(f"no site pages in language {language!r}; expected one of {LANGUAGES}")
    if not iri.startswith(IPCO):
        return None
    rest = iri[len(IPCO) :]
    if rest in ("", "ontology"):
        return f"{language}/{ONTOLOGY_FOLDER}/index.html"
    if is_ipco_term(iri):
        return f"{language}/{ONTOLOGY_FOLDER}/{rest}.html"
    return f"{language}/{rest}.html"


def index_path(language: str = DEFAULT_LANGUAGE) -> str:
    """Site-relative path of a language's home page."""
    return f"{language}/index.html"


def text_path(document: str, language: str = DEFAULT_LANGUAGE) -> str | None:
    """Site-relative path of the page showing the text of source document ``document`` (an
    ``/id/`` IRI), or None for a document outside ``/id/``. Fact pages link their quotes there."""
    if not document.startswith(IPCO_ID) or language not in LANGUAGES:
        return None
    return f"{language}/{TEXT_FOLDER}/{document[len(IPCO_ID) :]}.html"
