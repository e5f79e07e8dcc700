"""Renderers of validation reports, one module per output format, registered by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ipco.render import github, json_report, junit, sarif, text, turtle
from ipco.report import Severity, ValidationReport


@dataclass(frozen=True)
class RenderOptions:
    """What every renderer may use: message language, failure threshold, colour."""

    lang: str = "en"
    fail_on: Severity = Severity.VIOLATION
    color: bool = False


Renderer = Callable[[ValidationReport, RenderOptions], str]

RENDERERS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_report.render,
    "turtle": turtle.render,
    "junit": junit.render,
    "sarif": sarif.render,
    "github": github.render,
}
