"""The ``ipco`` console script, kept apart from ``cli`` so that Ctrl-C while the libraries import
(a second or more) still exits 130 quietly rather than with a traceback."""

from __future__ import annotations

import sys

from ipco.exitcodes import ExitCode


def main_exit() -> None:
    """Console-script entry point: import the CLI, run it, exit with its code."""
    try:
        from ipco.cli import main

        code = main()
    except KeyboardInterrupt:
        sys.stderr.write("ipco: interrupted\n")
        code = ExitCode.INTERRUPTED
    raise SystemExit(code)
