"""The ``ipco`` console script, kept apart from ``cli`` so that Ctrl-C while the libraries import
(a second or more) still exits 130 quietly rather than with a traceback."""

from __future__ import annotations

import sys

#: ``ExitCode.INTERRUPTED``, written out: importing ``ipco.exitcodes`` imports enum, tens of
#: milliseconds during which Ctrl-C would not be caught yet.
_INTERRUPTED = 130


def main_exit() -> None:
    """Console-script entry point: import the CLI, run it, exit with its code."""
    try:
        from ipco import process_exit
        from ipco.cli import main

        process_exit.enable()
        code = main()
        process_exit.exit_now(code)
    except KeyboardInterrupt:
        sys.stderr.write("ipco: interrupted\n")
        code = _INTERRUPTED
    raise SystemExit(code)
