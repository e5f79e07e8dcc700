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
    INTERNAL_ERROR = 4  #: a bug in IPCO: never 1, so that a crash is never read as a verdict
    INTERRUPTED = 130  #: Ctrl-C, as shells report SIGINT (128 + 2)
    PIPE_CLOSED = 141  #: the reader of the output went away (``| head``), as shells report SIGPIPE


_MEANINGS: dict[int, str] = {
    0: "success; the data conforms",
    1: "the data does not conform to the shapes",
    2: "bad invocation or bad input: syntax error, missing or unreadable file, unknown format",
    3: "not supported",
    4: "internal error: a bug in IPCO (IPCO_DEBUG=1 shows the traceback)",
    130: "interrupted (Ctrl-C)",
    141: "the reader of the output went away (`| head`); nothing more is printed",
}

#: The exit codes each command can return, with what they mean there (``COMMAND --help``).
COMMAND_EXIT_CODES: dict[str, dict[int, str]] = {
    "build": {
        0: "success: the release is written",
        1: "the data does not conform, or is inconsistent with the ontology: nothing is exported",
    },
    "validate": {0: _MEANINGS[0], 1: _MEANINGS[1], 3: "not supported (a SHACL feature IPCO does not run)"},
    "reason": {0: "success", 1: "ontology + data are inconsistent under OWL 2 RL"},
    "query": {0: "success", 3: "not supported (a query form IPCO does not run)"},
    "serve": {0: "stopped"},
    "push": {0: "every graph is loaded"},
    "diff": {0: "the releases hold the same triples (blank-node labels aside)", 1: "the releases differ"},
    "report": {0: "no check fails at or above --fail-on", 1: "a check fails at or above --fail-on"},
    "measure": {0: "success"},
    "explain": {0: "explained"},
}


def exit_codes_help(command: str | None = None) -> str:
    """The ``exit codes:`` epilog of ``ipco --help`` (every code) or of one command (its codes only)."""
    if command is None:
        codes = dict(_MEANINGS)
        codes[1] = "the data does not conform (build: nothing is exported); diff: the releases differ"
    else:
        every_command = (2, 4, 130, 141)
        codes = {**{code: _MEANINGS[code] for code in every_command}, **COMMAND_EXIT_CODES[command]}
    lines = [f"  {code:>3}  {meaning}" for code, meaning in sorted(codes.items())]
    return "exit codes:\n" + "\n".join(lines)
