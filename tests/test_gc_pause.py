"""The cyclic collector is off inside ``cyclic_gc_paused`` and back as it was after, errors included."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from ipco.errors import LoadError
from ipco.gc_pause import cyclic_gc_paused
from ipco.load import load


def test_the_collector_is_off_inside_and_on_again_after() -> None:
    assert gc.isenabled()
    with cyclic_gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_turns_the_collector_back_on() -> None:
    with pytest.raises(ValueError), cyclic_gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_already_off_stays_off() -> None:
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_failed_load_leaves_the_collector_on(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(LoadError):
        load([bad])
    assert gc.isenabled()
