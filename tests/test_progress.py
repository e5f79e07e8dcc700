"""Progress on stderr: silent for short steps, a moving bar on a terminal, plain lines in CI logs."""

from __future__ import annotations

import io
import time

from ipco.progress import StderrProgress, bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_short_step_prints_nothing() -> None:
    stream = io.StringIO()
    with StderrProgress(stream, delay=0.5).stage("loading"):
        pass
    assert stream.getvalue() == ""


def test_a_long_step_in_a_log_prints_a_start_and_an_end_line() -> None:
    stream = io.StringIO()
    with StderrProgress(stream, delay=0.05).stage("validating"):
        time.sleep(0.3)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "ipco: validating…"
    assert lines[1].startswith("ipco: validating done in ")
    assert "\r" not in stream.getvalue()


def test_a_long_step_on_a_terminal_redraws_a_bar_then_prints_its_duration() -> None:
    stream = Terminal()
    with StderrProgress(stream, delay=0.05, interval=0.02).stage("reasoning"):
        time.sleep(0.4)
    output = stream.getvalue()
    assert output.count("\ripco: reasoning [") >= 3
    assert output.endswith("\r\x1b[2Kipco: reasoning done in " + output.rsplit("done in ", 1)[1])


def test_the_bar_moves_and_keeps_its_width() -> None:
    frames = {bar("x", t / 8) for t in range(40)}
    assert len(frames) > 20
    assert len({len(frame.split("]")[0]) for frame in frames}) == 1
