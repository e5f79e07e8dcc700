"""Local JSON-LD contexts that reference further local contexts (JSON-LD 1.1 context files, scoped
contexts, ``@import``): IPCO inlines them, offline, and reads the triples PyLD reads when it is given
the same files through a document loader; a loop among them is a located error, not a hang."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from pyld import jsonld

from ipco.errors import InputLimitExceeded, LoadError, RemoteResourceRefused
from ipco.load import load


def _write(path: Path, document: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _pyld(path: Path, root: Path) -> set[tuple[str, str, str]]:
    """The triples PyLD reads, its loader serving ``file:`` IRIs under ``root`` (and nothing else)."""

    def loader(url: str, options: dict[str, Any]) -> dict[str, Any]:
        local = Path(url.removeprefix("file://"))
        assert url.startswith("file://") and root.resolve() in local.resolve().parents, url
        document = json.loads(local.read_text(encoding="utf-8"))
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": document}

    options = {"base": path.resolve().as_uri(), "documentLoader": loader, "format": "application/n-quads"}
    nquads = jsonld.to_rdf(json.loads(path.read_text(encoding="utf-8")), options)
    return {
        (q.subject.value, q.predicate.value, q.object.value)
        for q in ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS)
    }


def _ipco(path: Path) -> set[tuple[str, str, str]]:
    return {(q.subject.value, q.predicate.value, q.object.value) for q in load([path]).quads}


def test_a_context_file_referencing_another_is_followed_from_its_own_folder(tmp_path: Path) -> None:
    _write(tmp_path / "contexts" / "base.jsonld", {"@context": {"q": "http://example.org/q"}})
    _write(tmp_path / "contexts" / "main.jsonld", {"@context": ["base.jsonld", {"p": "http://example.org/p"}]})
    data = _write(
        tmp_path / "data.jsonld",
        {"@context": "contexts/main.jsonld", "@id": "http://example.org/x", "p": "one", "q": "two"},
    )
    expected = {
        ("http://example.org/x", "http://example.org/p", "one"),
        ("http://example.org/x", "http://example.org/q", "two"),
    }
    assert _ipco(data) == _pyld(data, tmp_path) == expected


def test_a_scoped_context_and_an_import_inside_a_context_file(tmp_path: Path) -> None:
    _write(tmp_path / "base.jsonld", {"@context": {"name": "http://example.org/name", "q": "http://example.org/old-q"}})
    _write(tmp_path / "member.jsonld", {"@context": {"role": "http://example.org/role"}})
    _write(
        tmp_path / "main.jsonld",
        {
            "@context": {
                "@version": 1.1,
                "@import": "base.jsonld",
                "q": "http://example.org/q",
                "member": {"@id": "http://example.org/member", "@context": "member.jsonld"},
            }
        },
    )
    data = _write(
        tmp_path / "data.jsonld",
        {
            "@context": "main.jsonld",
            "@id": "http://example.org/x",
            "name": "n",
            "q": "v",
            "member": {"@id": "http://example.org/y", "role": "chair"},
        },
    )
    found = _ipco(data)
    assert found == _pyld(data, tmp_path)
    assert ("http://example.org/x", "http://example.org/q", "v") in found  # the importing context wins
    assert ("http://example.org/y", "http://example.org/role", "chair") in found


@pytest.mark.parametrize(
    ("files", "where", "loop"),
    [
        (
            {"a.jsonld": ["b.jsonld", {"p": "http://example.org/p"}], "b.jsonld": "a.jsonld"},
            "b.jsonld:1:14",
            "a.jsonld → b.jsonld → a.jsonld",
        ),
        ({"a.jsonld": ["a.jsonld", {"p": "http://example.org/p"}]}, "a.jsonld:1:15", "a.jsonld → a.jsonld"),
    ],
)
def test_a_context_loop_is_refused_where_it_closes(
    tmp_path: Path, files: dict[str, Any], where: str, loop: str
) -> None:
    for name, context in files.items():
        (tmp_path / name).write_text(json.dumps({"@context": context}), encoding="utf-8")
    data = _write(tmp_path / "data.jsonld", {"@context": "a.jsonld", "@id": "http://example.org/x", "p": "one"})
    with pytest.raises(LoadError) as caught:
        load([data])
    assert caught.value.render().startswith(f"{tmp_path / where}: JSON-LD context loop: {loop}")


def test_a_remote_context_behind_a_local_one_is_still_refused(tmp_path: Path, no_network: None) -> None:
    _write(tmp_path / "main.jsonld", {"@context": ["https://schema.org/", {"p": "http://example.org/p"}]})
    data = _write(tmp_path / "data.jsonld", {"@context": "main.jsonld", "@id": "http://example.org/x", "p": "one"})
    with pytest.raises(RemoteResourceRefused, match=r"https://schema\.org/ is not fetched"):
        load([data])


def test_a_scoped_context_that_includes_itself_is_inlined_as_deep_as_the_document(tmp_path: Path) -> None:
    """Legal JSON-LD (W3C te126): the scoped context applies one level further down each time."""
    term = {"@id": "http://example.org/child", "@context": "tree.jsonld"}
    _write(tmp_path / "tree.jsonld", {"@context": {"@version": 1.1, "child": term, "name": "http://example.org/name"}})
    nested: dict[str, Any] = {"name": "leaf"}
    for _ in range(6):
        nested = {"name": "node", "child": nested}
    data = _write(tmp_path / "data.jsonld", {"@context": "tree.jsonld", **nested})
    found = _ipco(data)
    assert len(found) == len(_pyld(data, tmp_path)) == 13


def test_contexts_that_include_each_other_exponentially_are_refused_not_expanded(tmp_path: Path) -> None:
    """Two recursive scoped terms and a document 40 deep would be 2**40 inclusions."""
    terms = {name: {"@id": f"http://example.org/{name}", "@context": "bomb.jsonld"} for name in ("a", "b")}
    _write(tmp_path / "bomb.jsonld", {"@context": {"@version": 1.1, **terms}})
    nested: dict[str, Any] = {"@id": "http://example.org/leaf"}
    for _ in range(40):
        nested = {"a": nested}
    data = _write(tmp_path / "data.jsonld", {"@context": "bomb.jsonld", **nested})
    with pytest.raises(InputLimitExceeded, match="more than 10000 inclusions"):
        load([data])
