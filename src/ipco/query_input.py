"""The QUERY argument of ``ipco query``: inline SPARQL, or the name of a file holding it.

A file name is never parsed as SPARQL: an argument that looks like one (a query file extension, or
no SPARQL keyword at all) and names nothing is a missing file, and a file that cannot be read or is
not UTF-8 is reported with its name and the reason.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ipco.errors import InputNotFound, InputUnreadable, LoadError, SourcePosition
from ipco.load import read_file

#: Extensions of SPARQL query and update files.
QUERY_FILE_EXTENSIONS = (".rq", ".sparql", ".ru", ".sq")
_KEYWORD = re.compile(
    r"\b(?:SELECT|ASK|CONSTRUCT|DESCRIBE|PREFIX|BASE|INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class QueryText:
    """A query, where it comes from (for messages), and the base IRI its relative IRIs resolve against."""

    text: str
    source: str = "<query>"
    base_iri: str | None = None


def read_query(argument: str) -> QueryText:
    """The query ``argument`` is, or the one in the file it names (base IRI: the file's ``file:`` URI)."""
    path = Path(argument)
    could_be_a_path = "\n" not in argument and len(argument) < 4096
    if could_be_a_path and _exists(path):
        if path.is_dir():
            raise InputNotFound(f"{path}: is a folder, not a query file", hint="name a .rq file")
        return QueryText(_read(path), str(path), path.resolve().as_uri())
    if could_be_a_path and (path.suffix.lower() in QUERY_FILE_EXTENSIONS or not _KEYWORD.search(argument)):
        raise InputNotFound(
            f"{path}: no such file", hint="give the query text itself, or the name of an existing query file"
        )
    _refuse_undecodable(argument)
    return QueryText(argument)


def _refuse_undecodable(text: str) -> None:
    """A byte of the command line that is not UTF-8 arrives as a lone surrogate (PEP 383): say where."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        line = text.count("\n", 0, error.start) + 1
        column = error.start - (text.rfind("\n", 0, error.start) + 1) + 1
        raise LoadError(
            SourcePosition("<query>", line, column),
            f"the query is not UTF-8 (byte 0x{ord(text[error.start]) & 0xFF:02x})",
            hint="SPARQL queries are UTF-8: check the terminal's or the script's encoding",
        ) from None


def _exists(path: Path) -> bool:
    """Whether ``path`` exists; False for strings no file can be named (too long a component)."""
    try:
        return path.exists()
    except OSError:
        return False


def _read(path: Path) -> str:
    if _exists(path) and not stat.S_ISREG(path.stat().st_mode):  # a FIFO could block, `/dev/zero` never ends
        raise InputUnreadable(
            f"{path}: not a regular file", hint="save the query to a file, or give its text as the argument"
        )
    data = read_file(path)  # refuses the same if the file was replaced since
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[data.rfind(b"\n", 0, error.start) + 1 : error.start].decode("utf-8", "replace")) + 1
        raise LoadError(
            SourcePosition(str(path), line, column),
            f"the query file is not UTF-8 (byte 0x{data[error.start]:02x})",
            hint="SPARQL queries are UTF-8: convert the file, e.g. with `iconv -t UTF-8`",
        ) from None
