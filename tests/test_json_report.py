"""The JSON report's hand-indented results (``render/json_report._indented``) are the text
``json.dumps(indent=2, ensure_ascii=False)`` writes, whatever the strings hold."""

from __future__ import annotations

import json

import pytest

from ipco.render.json_report import _indented

VALUES = [
    {},
    [],
    "plain",
    {"a": 1, "b": None, "c": True, "d": False, "e": [], "f": {}},
    {'quote"back\\slash': "tab\tnewline\nnul\x00 é ü 漢 \u2028 \U0001f600"},
    [1, [2, [3, {"x": [None, "y"]}]], {"z": {}}],
    {"details": [{"severity": "Violation", "line": 12, "column": 3, "messages": {"en": "x", "fr": "é"}}]},
]


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("newline", ["\n", "\n    "])
def test_same_text_as_json_dumps(value: object, newline: str) -> None:
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", newline)
    assert _indented(value, newline) == expected
