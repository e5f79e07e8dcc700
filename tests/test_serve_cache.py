"""The server's answer cache: bounded, never keeping what may change, and invisible to clients
(an answer from the cache is the answer the workers give)."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipco.serve.cache import AnswerCache, deterministic, release_version
from ipco.serve.formats import Response
from serve_server import Server, fetch, query_url, start_server, stop_server


def test_cache_is_bounded_and_drops_the_least_recently_used() -> None:
    cache = AnswerCache(16 << 10)
    for index in range(100):
        cache.put(index, Response(200, b"x" * 1000))
        assert cache.size <= 16 << 10
    assert cache.get(0) is None
    assert cache.get(99) is not None
    kept = [key for key in range(100) if cache.get(key) is not None]
    assert 5 < len(kept) < 16 and kept[-1] == 99


def test_cache_keeps_no_5xx_no_oversized_answer_and_nothing_when_sized_0() -> None:
    cache = AnswerCache(1 << 20)
    cache.put("timed out", Response(503, b"later"))
    cache.put("huge", Response(200, b"x" * (1 << 19)))
    cache.put("refused", Response(400, b"syntax"))
    assert cache.get("timed out") is None and cache.get("huge") is None
    assert cache.get("refused") == Response(400, b"syntax")
    off = AnswerCache(0)
    off.put("refused", Response(400, b"syntax"))
    assert off.get("refused") is None and off.size == 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", True),
        ('SELECT ("now()" AS ?x) WHERE {} # rand()', True),
        ("SELECT (NOW() AS ?t) WHERE {}", False),
        ("SELECT (rand () AS ?r) WHERE {}", False),
        ("SELECT (STRUUID() AS ?u) WHERE {}", False),
        ("CONSTRUCT { ?s ?p ?b } WHERE { ?s ?p ?o BIND(BNODE() AS ?b) }", False),
    ],
)
def test_queries_whose_answer_may_change_are_not_kept(query: str, expected: bool) -> None:
    assert deterministic(query) is expected


def test_release_version_is_the_dataset_digest(tmp_path: Path) -> None:
    (tmp_path / "ipco.nq").write_bytes(b"<a:s> <a:p> <a:o> .\n")
    first = release_version(tmp_path)
    assert len(first) == 64 and first == release_version(tmp_path)
    (tmp_path / "ipco.nq").write_bytes(b"<a:s> <a:p> <a:x> .\n")
    assert release_version(tmp_path) != first


@pytest.fixture(scope="module")
def served(release: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("cached") / "dist"
    shutil.copytree(release, folder)
    running = start_server(folder, folder.parent / "serve.log")
    yield running
    stop_server(running)


def test_a_kept_answer_is_the_workers_answer(served: Server) -> None:
    query = "SELECT ?label WHERE { <https://w3id.org/ipco/id/dgsi> skos:prefLabel ?label } ORDER BY ?label"
    answers = [fetch(query_url(served, query), headers={"Accept": "application/sparql-results+json"}) for _ in range(3)]
    assert all(answer.status == 200 for answer in answers)
    assert answers[0].body == answers[1].body == answers[2].body
    assert json.loads(answers[0].body)["results"]["bindings"]
    csv = fetch(query_url(served, query), headers={"Accept": "text/csv"})
    assert csv.headers["Content-Type"].startswith("text/csv"), "Accept is part of what is kept"
    described = [fetch(served.url + "id/dgsi", headers={"Accept": "text/turtle"}) for _ in range(2)]
    assert described[0].body == described[1].body and b"dgsi" in described[0].body
    redirected = fetch(served.url + "id/dgsi", headers={"Accept": "text/html"})
    assert redirected.status == 303


def test_now_is_evaluated_each_time(served: Server) -> None:
    query = "SELECT (STR(NOW()) AS ?t) WHERE {}"
    first = fetch(query_url(served, query), headers={"Accept": "text/csv"}).text
    time.sleep(0.05)
    second = fetch(query_url(served, query), headers={"Accept": "text/csv"}).text
    assert first != second


def test_missing_files_stay_missing_and_files_are_served_whole(served: Server) -> None:
    for _ in range(2):
        assert fetch(served.url + "dist/nope.ttl").status == 404
        reply = fetch(served.url + "dist/SHA256SUMS")
        assert reply.body == (served.release / "SHA256SUMS").read_bytes()
