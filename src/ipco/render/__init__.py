"""Renderers of validation reports, one module per output format, registered by name."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ipco.render import github, json_report, junit, sarif, text, turtle
from ipco.report import Report, Severity


@dataclass(frozen=True)
class RenderOptions:
    """What every renderer may use: message language, failure threshold, colour."""

    lang: str = "en"
    fail_on: Severity = Severity.VIOLATION
    color: bool = False


Renderer = Callable[[Report, RenderOptions], str]
Stream = Callable[[Report, RenderOptions], Iterator[str]]

#: Each format's text in pieces, for writing a report with many results without holding it whole.
STREAMS: dict[str, Stream] = {
    "text": text.stream,
    "json": json_report.stream,
    "turtle": turtle.stream,
    "junit": junit.stream,
    "sarif": sarif.stream,
    "github": github.stream,
}


def _whole(stream: Stream) -> Renderer:
    return lambda report, options: "".join(stream(report, options))


#: Each format's whole text: its pieces joined.
RENDERERS: dict[str, Renderer] = {name: _whole(stream) for name, stream in STREAMS.items()}


def rendered(name: str, report: Report, options: RenderOptions, size: int = 1 << 16) -> Iterator[str]:
    """Format ``name``'s text in pieces of about ``size`` characters: fewer writes than the
    renderer's own small pieces, and never the whole text at once."""
    batch: list[str] = []
    length = 0
    for piece in STREAMS[name](report, options):
        batch.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(batch)
            batch, length = [], 0
    if batch:
        yield "".join(batch)
