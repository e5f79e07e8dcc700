"""Process exit codes, documented in the README and in ``ipco --help`` (the pySHACL convention)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a script calling ``ipco`` can rely on."""

    OK = 0  #: success; the data conforms
    NOT_CONFORMING = 1  #: the data does not conform (``build``: nothing was exported)
    DIFFERS = 1  #: ``diff``: the two releases differ (as ``diff(1)`` says it)
    BAD_INPUT = 2  #: bad invocation or bad input: syntax error, missing file, unknown format
    NOT_SUPPORTED = 3  #: a feature that exists in the standards but not in IPCO


EXIT_CODES_HELP = """exit codes:
  0  success; the data conforms
  1  the data does not conform to the shapes (build: nothing is exported)
  2  bad invocation or bad input: syntax error, missing or unreadable file, unknown format
  3  not supported"""

DIFF_EXIT_CODES_HELP = """exit codes:
  0  the releases hold the same triples (blank-node labels aside)
  1  the releases differ
  2  bad invocation or bad input: syntax error, missing or unreadable file, not a changelog"""
