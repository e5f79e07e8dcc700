"""The command line's own argument types and actions: one spelling and one meaning per flag.

``--input-format``/``-f`` is always the syntax of the inputs, ``--output-format`` what is written;
an old spelling keeps working through ``DeprecatedAlias`` and says which one to use now.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any, NoReturn

from ipco.errors import UsageError
from ipco.syntaxes import SYNTAXES, syntax_named


class Parser(argparse.ArgumentParser):
    """argparse that raises ``UsageError`` instead of printing and exiting: a bad invocation takes
    the same path as every other error (``ipco: error[usage]: …``, exit 2, a hint)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, hint=f"`{self.prog} --help` lists the options")


class OutputFormatAction(argparse.Action):
    """``--output-format F`` opens a new output; a following ``--output PATH`` sends it to a file."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option: str | None = None
    ) -> None:
        outputs = getattr(namespace, "outputs", None) or []
        if option in ("-o", "--output"):
            if not outputs or outputs[-1][1] is not None:
                outputs.append(["text", values])
            else:
                outputs[-1][1] = values
        else:
            outputs.append([values, None])
        namespace.outputs = outputs


class DeprecatedAlias(argparse.Action):
    """An old spelling of a flag: still works, and says which one to use now (printed by ``main``)."""

    def __init__(self, option_strings: list[str], dest: str, *, replacement: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, **kwargs)
        self.replacement = replacement

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option: str | None = None
    ) -> None:
        setattr(namespace, self.dest, values)
        notes = [*getattr(namespace, "deprecations", []), f"{option} is deprecated here: use {self.replacement}"]
        namespace.deprecations = notes


def deprecated_alias(
    parser: argparse.ArgumentParser, option: str, replacement: str, *, dest: str, choices: Sequence[str]
) -> None:
    parser.add_argument(
        option,
        dest=dest,
        action=DeprecatedAlias,
        replacement=replacement,
        choices=choices,
        type=syntax_name if replacement == "--input-format" else str,
        metavar="FORMAT",
        help=f"deprecated spelling of {replacement}",
    )


def input_format(parser: argparse.ArgumentParser, *, deprecated_format: bool = True) -> None:
    """``--input-format``/``-f``: the RDF syntax of the inputs, the same flag in every command."""
    names = [syntax.name for syntax in SYNTAXES]
    parser.add_argument(
        "-f",
        "--input-format",
        dest="format",
        type=syntax_name,
        choices=names,
        help="RDF syntax of the inputs (default: from each file's extension)",
    )
    if deprecated_format:
        deprecated_alias(parser, "--format", "--input-format", dest="format", choices=names)


def syntax_name(text: str) -> str:
    """A syntax name, alias or media type (``ttl``, ``text/turtle``) as its canonical name."""
    try:
        return syntax_named(text).name
    except UsageError:
        return text  # argparse then lists the choices


def at_least_zero(text: str) -> int:
    """A size such as ``serve --cache``, where 0 turns the feature off."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 0, got {text!r}")
    return int(text)


def at_least_one(text: str) -> int:
    """A count such as ``--max-results``: 0 or less would print nothing, so it is refused (exit 2)."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return number
