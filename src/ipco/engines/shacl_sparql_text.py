"""The text of a SHACL-SPARQL query: its syntax restrictions, and whether it can run for all focus
nodes at once.

SHACL evaluates a constraint's query once per focus node with ``$this`` (and ``$value``, the
parameters…) pre-bound (https://www.w3.org/TR/shacl/#pre-binding). Running it that way costs one
query per node. When the pre-bound variables only occur where a join gives the same answers as
pre-binding (the query's top-level group, or a ``FILTER [NOT] EXISTS`` group directly inside it),
the focus nodes can be joined in instead: one query for all of them. Elsewhere (a nested group,
``OPTIONAL``, ``UNION``, a sub-select, a query aggregated without ``GROUP BY`` or limited) they
cannot, and the caller runs the query per node with the pre-binding written into it.

The text is read as tokens (strings, IRIs and comments skipped), never with regular expressions
over the raw query, so a keyword inside a string is not mistaken for one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

#: Strings, IRIs, comments, variables, prefixed names and keywords, braces, anything else.
_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
    |(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    |(?P<iri><[^<>"{}|^`\\\s]*>)
    |(?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
    |(?P<word>[A-Za-z_][A-Za-z0-9_\-.]*(?::[A-Za-z0-9_\-.:%]*)?|:[A-Za-z0-9_\-.:%]*)
    |(?P<open>\{)|(?P<close>\})
    |(?P<space>\s+)
    |(?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
_AGGREGATING = frozenset({"GROUP", "HAVING", "LIMIT", "OFFSET", "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE"})
_FORBIDDEN = {
    "MINUS": "a MINUS clause",
    "VALUES": "a VALUES clause",
    "SERVICE": "a federated query (SERVICE)",
    "FROM": "a FROM clause (the data graph is the only dataset)",
}


_EMPTY = ox.Store()


def check_syntax(text: str, prefixes: dict[str, str]) -> None:
    """Raise ``SyntaxError`` when the query does not parse. It is run on an empty store (pyoxigraph
    has no parse-only call): an evaluation error there, such as a call of a SHACL function that
    only the evaluator registers, says nothing about the syntax."""
    with contextlib.suppress(RuntimeError):
        _EMPTY.query(text, prefixes=prefixes)


class QueryRefused(Exception):
    """The query breaks a SHACL-SPARQL syntax rule (https://www.w3.org/TR/shacl/#syntax-rules-sparql)."""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int

    @property
    def keyword(self) -> str:
        return self.text.upper() if self.kind == "word" else ""

    @property
    def name(self) -> str:
        """A variable's name, without ``?`` or ``$``."""
        return self.text[1:] if self.kind == "var" else ""


def tokens(text: str) -> list[Token]:
    found = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("comment", "space"):
            found.append(Token(kind, match.group(0), match.start(), match.end()))
    return found


@dataclass(frozen=True)
class QueryText:
    """A SELECT or ASK query of a shapes graph, checked against SHACL's rules."""

    text: str
    form: str  # "SELECT" or "ASK"
    mentioned: frozenset[str]  # the variable names it uses
    joinable: frozenset[str]  # the variables that may be joined in rather than pre-bound
    where_open: int  # offset of the "{" that opens the top-level WHERE group
    groups: tuple[int, ...]  # offsets just inside the "{" of every group pattern but those of sub-selects
    projection: tuple[int, int] | None  # the SELECT clause's variables (offsets), None for *
    projected: frozenset[str]
    #: the query with its top-level ``FILTER NOT EXISTS`` on ``$this`` made ``MINUS`` (``_anti_joined``)
    joined: QueryText | None = None

    @classmethod
    def parse(cls, text: str, prebound: Iterable[str], path: str | None = None) -> QueryText:
        """Check ``text`` (``$PATH`` replaced by ``path``) against SHACL's rules for queries whose
        ``prebound`` variables are pre-bound; raises ``QueryRefused``."""
        if path is not None:
            text = replace_path(text, path)
        found = tokens(text)
        prebound = frozenset(prebound)
        keywords = [t.keyword for t in found]
        form = next((k for k in keywords if k in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")), "")
        if form not in ("SELECT", "ASK"):
            raise QueryRefused(f"expected a SELECT or ASK query, found {form or 'none'}")
        for keyword, what in _FORBIDDEN.items():
            if keyword in keywords:
                raise QueryRefused(f"a SHACL-SPARQL query must not contain {what}")
        for i, token in enumerate(found[:-1]):
            if token.keyword == "AS" and found[i + 1].name in prebound:
                raise QueryRefused(f"AS {found[i + 1].text} re-binds a pre-bound variable")
        if any(t.text == "$PATH" for t in found):
            raise QueryRefused("$PATH is only allowed in the queries of property shapes")
        _check_subqueries(found, prebound)
        where = _where_open(found, form)
        mentioned = frozenset(t.name for t in found if t.kind == "var")
        after = _group_end(found, where) + 1
        grouped = _group_prebound(text, found, after, prebound & mentioned)
        if grouped != text:
            text, found = grouped, tokens(grouped)
            keywords = [t.keyword for t in found]
            where = _where_open(found, form)
            after = _group_end(found, where) + 1
        projection, projected = _projection(found, form)
        top = set(keywords[:where] + keywords[after:])
        aggregated = bool(top & {"LIMIT", "OFFSET"}) or (bool(_AGGREGATING & top) and "GROUP" not in keywords[after:])
        joinable = frozenset() if aggregated else _joinable(found, where)
        query = cls(text, form, mentioned, joinable, found[where].start, _groups(found), projection, projected)
        anti_joined = _anti_joined(text, found, where)
        if anti_joined is None:
            return query
        return dataclasses.replace(
            query, joined=dataclasses.replace(query, text=anti_joined, groups=_groups(tokens(anti_joined)))
        )

    def prebound(self, bindings: dict[str, str], head: str | None = None) -> str:
        """The query with pre-binding made explicit: each group pattern starts with the snippet
        (``VALUES ?var {…}`` or ``BIND(… AS ?var)``) of each of ``bindings`` the query mentions,
        as the spec defines pre-binding: the values joined into every group; ``head`` (a group
        binding ``?this`` to every focus node) is joined into the top-level group, ``?this``
        projected (a ``FILTER NOT EXISTS`` on ``?this`` then made ``MINUS``: ``_anti_joined``)."""
        if head is not None and self.joined is not None:
            return self.joined.prebound(bindings, head)
        binds = " ".join(snippet for name, snippet in sorted(bindings.items()) if name in self.mentioned)
        inserts: dict[int, str] = {}
        if binds:
            inserts = {at: f" {binds} " for at in self.groups}
        if head is not None:
            at = self.where_open + 1
            inserts[at] = f" {head} {inserts.get(at, '')}"
            if self.projection is not None and "this" not in self.projected:
                inserts[self.projection[0]] = "?this " + inserts.get(self.projection[0], "")
        text = self.text
        for at in sorted(inserts, reverse=True):
            text = text[:at] + inserts[at] + text[at:]
        return text


def _groups(found: list[Token]) -> tuple[int, ...]:
    """Offsets just inside the "{" of every group pattern but those of sub-selects."""
    return tuple(
        t.end
        for i, t in enumerate(found)
        if t.kind == "open" and not (i + 1 < len(found) and found[i + 1].keyword == "SELECT")
    )


#: Words a triples block holds besides prefixed names: ``a``, booleans (a language tag follows "@").
_TRIPLE_WORDS = frozenset({"a", "true", "false"})


def _anti_joined(text: str, found: list[Token], where: int) -> str | None:
    """The query with each ``FILTER NOT EXISTS { P }`` of its top-level group whose ``P`` is a plain
    triples block mentioning ``$this`` moved to the end of that group as ``MINUS { P }``; None when
    it has none. Run with the focus nodes joined in, every solution binds ``?this``, and then both
    remove the same solutions (for a triples block, substituting a solution into ``P`` finds a match
    exactly when a match of ``P`` is compatible with it, and they share ``?this``). pyoxigraph
    evaluates ``NOT EXISTS`` once per solution, planned without knowing ``?this``
    (``rdf:type/rdfs:subClassOf* C`` walks all of ``C``'s subclasses each time), ``MINUS`` once."""
    end = _group_end(found, where)
    spans: list[tuple[int, int, str]] = []
    depth = 0
    for i in range(where + 1, end):
        depth += found[i].kind == "open"
        depth -= found[i].kind == "close"
        if depth or [t.keyword for t in found[i : i + 3]] != ["FILTER", "NOT", "EXISTS"] or found[i + 3].kind != "open":
            continue
        close = _group_end(found, i + 3)
        inner = found[i + 4 : close]
        plain = all(
            t.kind in ("iri", "var", "string", "other")
            or (t.kind == "word" and (":" in t.text or t.text in _TRIPLE_WORDS or found[k - 1].text == "@"))
            for k, t in enumerate(inner, start=i + 4)
        )
        if plain and any(t.name == "this" for t in inner):
            spans.append((found[i].start, found[close].end, text[found[i + 3].end : found[close].start]))
    if not spans:
        return None
    minus = "".join(f" MINUS {{{body}}}" for _, _, body in spans)
    rewritten = text[: found[end].start] + minus + " " + text[found[end].start :]
    for start, stop, _ in reversed(spans):  # a filter where the filter was: the dots around it stay valid
        rewritten = rewritten[:start] + "FILTER(true)" + rewritten[stop:]
    return rewritten


def group_body(text: str) -> str:
    """The content of a query's top-level group (an ASK query turned into ``NOT EXISTS``)."""
    found = tokens(text)
    start = next(i for i, t in enumerate(found) if t.kind == "open")
    end = _group_end(found, start)
    return text[found[start].end : found[end].start]


def replace_path(text: str, path: str) -> str:
    """``$PATH`` (outside strings and IRIs) replaced by a SPARQL property path."""
    parts, last = [], 0
    for token in tokens(text):
        if token.kind == "var" and token.text == "$PATH":
            parts += [text[last : token.start], path]
            last = token.end
    return "".join(parts) + text[last:]


def _group_end(found: list[Token], start: int) -> int:
    """The index of the "}" closing the group opened at ``start``."""
    depth = 0
    for i in range(start, len(found)):
        depth += found[i].kind == "open"
        depth -= found[i].kind == "close"
        if depth == 0:
            return i
    raise QueryRefused("unbalanced braces")


def _group_prebound(text: str, found: list[Token], after: int, prebound: frozenset[str]) -> str:
    """The query with the pre-bound variables it mentions added to its top-level ``GROUP BY``.
    Pre-binding makes them constants (https://www.w3.org/TR/shacl/#pre-binding), so projecting
    them from a grouped query is valid SHACL (UCO's ``types:Dictionary-keyUniqueness-shape``
    projects ``$this`` grouped by ``?value``) though not valid SPARQL as written; a constant added
    to the groups leaves them as they are, and once ``?this`` is grouped, joining the focus nodes
    in groups each node's solutions apart, as one query per node would."""
    for i in range(after, len(found) - 1):
        if found[i].keyword == "GROUP" and found[i + 1].keyword == "BY":
            end = next(
                (j for j in range(i + 2, len(found)) if found[j].keyword in ("HAVING", "ORDER", "LIMIT", "OFFSET")),
                len(found),
            )
            missing = sorted(prebound - {t.name for t in found[i + 2 : end] if t.kind == "var"})
            at = found[i + 1].end
            return text[:at] + "".join(f" ?{name}" for name in missing) + text[at:]
    return text


def _where_open(found: list[Token], form: str) -> int:
    start = next(i for i, t in enumerate(found) if t.keyword == form)
    for i in range(start, len(found)):
        if found[i].kind == "open":
            return i
    raise QueryRefused("the query has no WHERE group")


def _projection(found: list[Token], form: str) -> tuple[tuple[int, int] | None, frozenset[str]]:
    if form != "SELECT":
        return None, frozenset()
    i = next(i for i, t in enumerate(found) if t.keyword == "SELECT") + 1
    while found[i].keyword in ("DISTINCT", "REDUCED"):
        i += 1
    if found[i].text == "*":
        return None, frozenset()
    names: set[str] = set()
    j = i
    depth = 0
    while j < len(found) and not (depth == 0 and (found[j].kind == "open" or found[j].keyword in ("WHERE", "FROM"))):
        depth += found[j].text == "("
        depth -= found[j].text == ")"
        if depth == 0 and found[j].kind == "var":
            names.add(found[j].name)
        if found[j].keyword == "AS" and j + 1 < len(found):
            names.add(found[j + 1].name)
        j += 1
    return (found[i].start, found[i].start), frozenset(names)


def _check_subqueries(found: list[Token], prebound: frozenset[str]) -> None:
    """Each sub-select must project the pre-bound variables ($shapesGraph and $currentShape aside),
    so that pre-binding reaches into it: ``SELECT *`` there does not (w3c/data-shapes#84)."""
    required = prebound - {"shapesGraph", "currentShape"}
    selects = [i for i, t in enumerate(found) if t.keyword == "SELECT"]
    for i in selects[1:]:
        j = i + 1
        while found[j].keyword in ("DISTINCT", "REDUCED"):
            j += 1
        if found[j].text == "*":
            raise QueryRefused("a nested SELECT * does not project the pre-bound variables")
        projected = set()
        while j < len(found) and found[j].kind != "open" and found[j].keyword != "WHERE":
            projected.add(found[j].name)
            j += 1
        missing = sorted(required - projected)
        if missing:
            raise QueryRefused("a nested SELECT must project the pre-bound " + ", ".join(f"${m}" for m in missing))


def _joinable(found: list[Token], where: int) -> frozenset[str]:
    """Variables that occur only in the top-level group or in a FILTER [NOT] EXISTS group right
    inside it: joining their values in gives the answers pre-binding gives (the solution modifiers
    after the group, ``GROUP BY`` and ``HAVING``, see the joined solutions grouped as they are)."""
    stack: list[str] = []
    safe: set[str] = set()
    unsafe: set[str] = set()
    for i in range(where, _group_end(found, where) + 1):
        token = found[i]
        if token.kind == "open":
            exists = i > 0 and found[i - 1].keyword == "EXISTS"
            stack.append("exists" if exists and len(stack) == 1 else "group")
        elif token.kind == "close":
            if stack:
                stack.pop()
        elif token.kind == "var":
            (safe if stack in (["group"], ["group", "exists"]) else unsafe).add(token.name)
    return frozenset(safe - unsafe)
