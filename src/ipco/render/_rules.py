"""Rules as CI tools see them: one per (source shape, constraint component), with help text."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.term import Node

from ipco.namespaces import SH_NS
from ipco.report import Report, ValidationResult, compact
from ipco.shape_names import shape_name


@dataclass(frozen=True)
class Rule:
    """What a SARIF rule or a JUnit test case is named after."""

    id: str
    name: str
    help: str


def rule_for(result: ValidationResult, report: Report, lang: str) -> Rule:
    """The rule a result breaks: its shape (when named) and constraint component."""
    component = compact(result.component).split(":")[-1].removesuffix("ConstraintComponent")
    shape = result.source_shape
    if shape is None:
        return Rule(component, component, result.message(lang))
    name = shape_name(report.shapes, shape)
    help_text = _help(shape, report.shapes, lang) or result.message(lang)
    return Rule(f"{name}/{component}", f"{name} ({component})", help_text)


class Rules:
    """``rule_for`` once per (shape, component): a rule's id and name depend on nothing else, and a
    renderer reading a spooled report twice would otherwise name every result's shape twice. The
    help text is the first result's, as the SARIF log's rule list keeps it."""

    def __init__(self, report: Report, lang: str) -> None:
        self.report, self.lang = report, lang
        self._rules: dict[tuple[Node | None, str], Rule] = {}

    def __call__(self, result: ValidationResult) -> Rule:
        key = (result.source_shape, result.component)
        rule = self._rules.get(key)
        if rule is None:
            rule = self._rules[key] = rule_for(result, self.report, self.lang)
        return rule


def _help(shape: Node | None, shapes: Graph | None, lang: str) -> str:
    """The shape's sh:description, else sh:name, else sh:message, in ``lang`` when it has one."""
    if shape is None or shapes is None:
        return ""
    for predicate in (SH_NS.description, SH_NS.name, SH_NS.message):
        texts = [o for o in shapes.objects(shape, predicate) if isinstance(o, Literal)]
        for text in sorted(texts, key=lambda t: (t.language != lang, t.language != "en", str(t))):
            return str(text)
    return ""
