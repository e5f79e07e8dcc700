"""Exceptions the pipeline raises for bad input; the CLI maps each to a message and an exit code.

Stages never print: they raise one of these, and ``cli.py`` renders it once.
"""

from __future__ import annotations

from dataclasses import dataclass

from ipco.exitcodes import ExitCode


class IpcoError(Exception):
    """Base class: a user-facing error with a stable code name and a hint of what to try next."""

    exit_code: ExitCode = ExitCode.BAD_INPUT
    code = "error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def render(self) -> str:
        """One line in the ``path:LINE:COL: message`` family, as compilers print errors."""
        return self.message


class UsageError(IpcoError):
    """The command line asks for something impossible (unknown format, missing argument)."""

    code = "usage"


class InvalidShapes(IpcoError):
    """A shapes graph the SHACL engine refuses (a SHACL-SPARQL query breaking the spec's rules,
    a SERVICE call...): ``node`` is the shape, for the caller to locate in its file."""

    code = "invalid-shapes"

    def __init__(self, message: str, *, hint: str | None = None, node: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.node = node


class NotSupported(IpcoError):
    """Valid input that IPCO does not handle (a standard's optional feature): exit 3, never a
    silent skip."""

    exit_code = ExitCode.NOT_SUPPORTED
    code = "not-supported"


class ShapesNotSupported(NotSupported):
    """Shapes the fast engine does not run (a recursive shape, a SHACL-AF construct): ``node`` is
    the first of them, for the caller to locate in its file."""

    def __init__(self, message: str, *, hint: str | None = None, node: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.node = node


class InputNotFound(IpcoError):
    """A named input file or directory does not exist or cannot be read."""

    code = "input-not-found"


class InputUnreadable(InputNotFound):
    """An input exists but cannot be read as a file: a directory, a FIFO or device, no permission.

    A subclass of InputNotFound so that callers handling missing inputs handle these too, while
    the message and code give the true reason."""

    code = "input-unreadable"


@dataclass(frozen=True)
class SourcePosition:
    """A position in a source file; ``line`` and ``column`` are 1-based, None when unknown."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


class LoadError(IpcoError):
    """An RDF file that cannot be parsed: where it breaks and a one-line reason."""

    code = "syntax-error"

    def __init__(self, position: SourcePosition, reason: str, *, hint: str | None = None) -> None:
        super().__init__(f"{position}: {reason}", hint=hint)
        self.position = position
        self.reason = reason

    @property
    def file(self) -> str:
        return self.position.file

    @property
    def line(self) -> int | None:
        return self.position.line

    @property
    def column(self) -> int | None:
        return self.position.column


class RemoteResourceRefused(LoadError):
    """The input asks for something on the network (a remote JSON-LD context); IPCO never fetches."""

    code = "remote-refused"


class RemoteQueryRefused(RemoteResourceRefused):
    """A query that would reach the web (``SERVICE``, ``FROM`` a graph on the web): valid SPARQL
    that IPCO does not do, so exit 3 like updates, at the clause's position."""

    exit_code = ExitCode.NOT_SUPPORTED
    code = "not-supported"


class InputLimitExceeded(LoadError):
    """The input asks for more than IPCO bounds: a term over the parser's buffer, JSON nested too
    deep, XML entities that expand too far. Refused where the limit is crossed, before memory runs out."""

    code = "limit-exceeded"


class NotInCheckout(IpcoError):
    """``ipco build`` was run outside an IPCO checkout and no ``--root`` was given."""

    code = "not-a-checkout"


class NotAChangelog(IpcoError):
    """``ipco diff --changelog PATH`` names a file that is not a Keep a Changelog file."""

    code = "not-a-changelog"


class NothingToValidate(IpcoError):
    """No RDF file, or no shape, was given: validating nothing must not read as a pass."""

    code = "nothing-to-validate"


class MalformedShape(LoadError):
    """A user's shapes graph breaks SHACL's syntax rules (a ``sh:minCount "two"``), located where
    the shape is written."""

    code = "invalid-shapes"


class FileAccessError(IpcoError):
    """The operating system refused a read or a write (permissions, full disk)."""

    code = "io-error"
