"""``python -m ipco`` and the ``ipco`` command.

The CLI is imported here, inside the guard, because importing it takes most of a second: a Ctrl-C
pressed meanwhile must end as any other, "ipco: interrupted" and exit 130, not a traceback.
"""

from __future__ import annotations

import sys


def run() -> None:
    """Console-script entry point: run ``ipco`` and exit with its code."""
    try:
        from ipco.cli import main

        code = main()
    except KeyboardInterrupt:
        sys.stderr.write("ipco: interrupted\n")
        code = 130
    raise SystemExit(code)


if __name__ == "__main__":
    run()
