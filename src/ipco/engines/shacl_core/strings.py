"""SHACL Core string-based components (https://www.w3.org/TR/shacl/#core-components-string)."""

from __future__ import annotations

import re

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ipco.engines.shacl_core.common import (
    XSD_WHOLE_INTEGERS,
    one_of,
    one_value,
    property_only,
)
from ipco.engines.shacl_model import (
    CompiledShape,
    Compiler,
    Constraint,
    Context,
    Focus,
    MessageContext,
    Outcome,
    Result,
    ValueTest,
    in_focus,
    literal_value,
    scoped_pairs,
)
from ipco.engines.shacl_terms import (
    Unsupported,
    rdf_list,
    string_literal,
)
from ipco.namespaces import SH_NS as SH

# -- string based (https://www.w3.org/TR/shacl/#core-components-string) --------------------------


def _length_parameter(shape: CompiledShape, compiler: Compiler, parameter: URIRef) -> int:
    length = one_value(compiler, shape, parameter)
    if (
        not isinstance(length, Literal)
        or getattr(length, "ill_typed", False)
        or length.datatype not in XSD_WHOLE_INTEGERS
        or length.datatype in (XSD.negativeInteger, XSD.nonPositiveInteger)
        or not isinstance(length.value, int)
        or length.value < 0
    ):
        raise Unsupported(f"{parameter} must be a non-negative integer")
    return int(length.value)


class MinLengthConstraint(ValueTest):
    """sh:minLength (https://www.w3.org/TR/shacl/#MinLengthConstraintComponent): STRLEN(STR(v)) is
    at least n; blank nodes fail, except against 0 which pySHACL always accepts."""

    component = SH.MinLengthConstraintComponent
    parameters = (SH.minLength,)

    def __init__(self, shape: CompiledShape, length: int, rule: Node) -> None:
        super().__init__(shape)
        self.length, self.rule = length, rule

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        length = _length_parameter(shape, compiler, SH.minLength)
        return cls(shape, length, one_value(compiler, shape, SH.minLength)) if length > 0 else None

    def violations(self, ctx: Context) -> list[str]:
        return [f"isBlank(?value) || STRLEN(STR(?value)) < {self.length}"]

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        return [f"String length not >= {ctx.data_text(self.rule)}"]


class MaxLengthConstraint(ValueTest):
    """sh:maxLength (https://www.w3.org/TR/shacl/#MaxLengthConstraintComponent): STRLEN(STR(v)) is
    at most n; blank nodes fail."""

    component = SH.MaxLengthConstraintComponent
    parameters = (SH.maxLength,)

    def __init__(self, shape: CompiledShape, length: int, rule: Node) -> None:
        super().__init__(shape)
        self.length, self.rule = length, rule

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        length = _length_parameter(shape, compiler, SH.maxLength)
        return cls(shape, length, one_value(compiler, shape, SH.maxLength))

    def violations(self, ctx: Context) -> list[str]:
        return [f"isBlank(?value) || STRLEN(STR(?value)) > {self.length}"]

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        return [f"String length not <= {ctx.data_text(self.rule)}"]


_PORTABLE_ESCAPES = frozenset("d.-/()[]{}+*?|^$:,\\")
_QUANTIFIER = re.compile(r"\{[0-9]+(,[0-9]*)?\}")


def portable_pattern(pattern: str) -> bool:
    """True when Python's ``re`` (pySHACL) and SPARQL REGEX (XPath, as pyoxigraph runs it) agree
    on whether the pattern matches a string without line breaks: ASCII, no ``\\w``/``\\s``/``\\b``
    (their classes differ), no ``(?`` groups, no nested or subtracted classes, plain quantifiers."""
    i, in_class = 0, False
    while i < len(pattern):
        char = pattern[i]
        if not (char.isascii() and char.isprintable()):
            return False
        if char == "\\":
            if pattern[i + 1 : i + 2] not in _PORTABLE_ESCAPES or i + 1 >= len(pattern):
                return False
            i += 2
            continue
        if in_class:
            if char == "[":
                return False
            in_class = char != "]"
        elif char == "[":
            if pattern[i + 1 : i + 2] == "]" or pattern[i + 1 : i + 3] == "^]":
                return False
            in_class = True
        elif char == "(" and pattern[i + 1 : i + 2] == "?":
            return False
        elif char == "{":
            quantifier = _QUANTIFIER.match(pattern, i)
            if quantifier is None:
                return False
            i = quantifier.end()
            continue
        elif char == "}":
            return False
        i += 1
    return not in_class


def value_text(value: Node) -> str:
    """pySHACL's ``value_node_to_string``: the lexical form of a literal, the IRI of an IRI."""
    if isinstance(value, Literal) and value.value is not None and value.datatype in (None, RDF.langString, XSD.string):
        return str(value.value)
    return str(value)


class PatternConstraint(ValueTest):
    """sh:pattern (https://www.w3.org/TR/shacl/#PatternConstraintComponent): the string of each
    value node matches the regular expression; blank nodes fail.

    pySHACL matches with Python's ``re`` and only the ``i`` and ``m`` flags. SPARQL REGEX clears the
    values it matches when the pattern means the same in both engines (``portable_pattern``), no
    flag is set and the value has no line break; Python judges the others.
    """

    component = SH.PatternConstraintComponent
    parameters = (SH.pattern,)

    def __init__(self, shape: CompiledShape, patterns: list[Literal], flags: int) -> None:
        super().__init__(shape)
        self.patterns, self.flags = patterns, flags
        self.compiled: list[re.Pattern[str]] = []
        for pattern in patterns:
            text = str(pattern.value) if pattern.value is not None and len(pattern.value) > 1 else str(pattern)
            try:
                self.compiled.append(re.compile(text, flags))
            except re.error as error:
                raise Unsupported(f"sh:pattern {text!r}: {error}") from error

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        patterns = list(compiler.graph.objects(shape.node, SH.pattern))
        literals = [p for p in patterns if isinstance(p, Literal)]
        if len(literals) != len(patterns):
            raise Unsupported("sh:pattern must be a literal")
        flags = 0
        declared = list(set(compiler.graph.objects(shape.node, SH.flags)))
        if declared:
            text = str(literal_value(declared[0]) or declared[0]).lower()
            flags = (re.I if "i" in text else 0) | (re.M if "m" in text else 0)
        return cls(shape, literals, flags)

    def violations(self, ctx: Context) -> list[str]:
        return [self.pattern_violation(ctx, compiled) for compiled in self.compiled]

    def pattern_violation(self, ctx: Context, compiled: re.Pattern[str]) -> str:
        def violates(value: Node) -> bool:
            return isinstance(value, BNode) or compiled.search(value_text(value)) is None

        sure = None
        if self.flags == 0 and portable_pattern(compiled.pattern):
            text = "STR(?value)"
            sure = (
                f'!isBlank(?value) && !CONTAINS({text}, "\\n") && !CONTAINS({text}, "\\r")'
                f" && REGEX({text}, {string_literal(compiled.pattern)})"
            )
        return self.hybrid(ctx, sure, violates)

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        if len(self.patterns) < 2:
            return [f"Value does not match pattern '{self.patterns[0].value}'"]
        return ["Value does not match every pattern in ('{}')".format("', '".join(str(p.value) for p in self.patterns))]


class LanguageInConstraint(ValueTest):
    """sh:languageIn (https://www.w3.org/TR/shacl/#LanguageInConstraintComponent): each value node
    has a language tag among the list. pySHACL's matching, not quite ``langMatches``: the tag, or
    its first subtag, equals a range (case-insensitively), or the list holds "*"."""

    component = SH.LanguageInConstraintComponent
    parameters = (SH.languageIn,)

    def __init__(self, shape: CompiledShape, list_node: Node, languages: set[str]) -> None:
        super().__init__(shape)
        self.list_node, self.languages = list_node, languages

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        list_node = one_value(compiler, shape, SH.languageIn)
        languages = set()
        for member in rdf_list(compiler.graph, list_node):
            if not isinstance(member, Literal) or not isinstance(member.value, str):
                raise Unsupported("sh:languageIn members must be strings")
            languages.add(member.value.lower())
        return cls(shape, list_node, languages)

    def violations(self, ctx: Context) -> list[str]:
        if "*" in self.languages:
            return ['!(isLiteral(?value) && LANG(?value) != "")']
        ranges = [string_literal(language) for language in sorted(self.languages)]
        tag = one_of("LCASE(LANG(?value))", ranges)
        first = one_of('LCASE(STRBEFORE(CONCAT(LANG(?value), "-"), "-"))', ranges)
        return [f'!(isLiteral(?value) && LANG(?value) != "" && ({tag} || {first}))']

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        return [f"String language is not in {ctx.shape_text(self.list_node)}"]


class UniqueLangConstraint(Constraint):
    """sh:uniqueLang (https://www.w3.org/TR/shacl/#UniqueLangConstraintComponent): no two value
    nodes share a language tag (compared lower-cased); one result, without value, per tag."""

    component = SH.UniqueLangConstraintComponent
    parameters = (SH.uniqueLang,)

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        property_only(shape, SH.uniqueLang)
        unique = one_value(compiler, shape, SH.uniqueLang)
        if not isinstance(unique, Literal) or not isinstance(unique.value, bool):
            raise Unsupported("sh:uniqueLang must be a boolean")
        # Only the literal true activates it (https://www.w3.org/TR/shacl/#UniqueLangConstraintComponent:
        # "the value true"); pySHACL also takes "1"^^xsd:boolean, which the W3C suite says to ignore.
        return cls(shape) if str(unique) == "true" else None

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        tagged = 'FILTER(isLiteral(?value) && LANG(?value) != "") BIND(LCASE(LANG(?value)) AS ?lang)'
        pairs, scanned = scoped_pairs(ctx, self.shape, focus)
        grouped = "GROUP BY ?this ?lang HAVING (COUNT(DISTINCT ?value) > 1)"
        rows = ctx.select(f"SELECT ?this ?lang WHERE {{ {pairs} {tagged} }} {grouped}")
        return self.outcome(in_focus(ctx, focus, rows, scanned), with_value=False)

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        return ["More than one String shares the same Language"]


def boolean_parameter(shape: CompiledShape, compiler: Compiler, parameter: URIRef) -> bool:
    """The single xsd:boolean value of a SHACL 1.2 switch (its syntax rules: one boolean literal)."""
    value = one_value(compiler, shape, parameter)
    if not isinstance(value, Literal) or value.datatype != XSD.boolean or not isinstance(value.value, bool):
        raise Unsupported(f"{parameter} must be true or false")
    return value.value


#: The line breaks of SHACL 1.2's sh:singleLine (its REGEX ``[\f\r\n\v]``), as SPARQL string escapes.
_LINE_BREAKS = ('"\\n"', '"\\r"', '"\\f"', '"\\u000B"')


class SingleLineConstraint(ValueTest):
    """sh:singleLine (SHACL 1.2 Core, https://www.w3.org/TR/shacl12-core/#SingleLineConstraintComponent):
    with ``true``, a literal value node whose lexical form holds a line feed, carriage return, form
    feed or vertical tab is a result; IRIs and blank nodes are not tested. pySHACL does not know it."""

    component = SH.SingleLineConstraintComponent
    parameters = (SH.singleLine,)

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        return cls(shape) if boolean_parameter(shape, compiler, SH.singleLine) else None

    def violations(self, ctx: Context) -> list[str]:
        breaks = " || ".join(f"CONTAINS(STR(?value), {escape})" for escape in _LINE_BREAKS)
        return [f"isLiteral(?value) && ({breaks})"]

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        return ["Value has more than one line"]
