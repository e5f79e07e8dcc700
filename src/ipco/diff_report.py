"""Renderers of a release diff: ``text`` for people, ``json`` for programs, ``markdown`` for CHANGELOG.md.

The JSON follows ``docs/diff.schema.json``; keys and lists are sorted, so the same two releases
always give the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from ipco.diff_model import DEFAULT_GRAPH_NAME, Entity, ReleaseDiff, TextChange, ValueChange, Version
from ipco.errors import NotAChangelog
from ipco.report import compact

SCHEMA_VERSION = 1


# -- text -----------------------------------------------------------------------------------------


def render_text(diff: ReleaseDiff) -> str:
    """A summary with one section per kind of change; empty sections are left out."""
    lines = [f"old: {_version_text(diff.old)}", f"new: {_version_text(diff.new)}"]
    if not diff.differs:
        lines.append("verdict: none (the releases hold the same triples)")
        return "\n".join(lines) + "\n"
    suggested = f"; suggested version {diff.suggested_version}" if diff.suggested_version else ""
    lines.append(f"verdict: {diff.level.label}{suggested}")
    top = [r for r in diff.reasons if r.level == diff.level]
    lines += [f"  {_name(r.subject)}: {r.text}" for r in top]
    if len(diff.reasons) > len(top):
        lines.append(f"  (and {len(diff.reasons) - len(top)} lower-level changes below)")

    def section(title: str, items: list[str]) -> None:
        if items:
            lines.extend(["", f"{title} ({len(items)})", *(f"  {item}" for item in items)])

    section("terms added", [f"+ {_entity(e)}" for e in diff.terms_added])
    section("terms removed", [f"- {_entity(e)}" for e in diff.terms_removed])
    section("terms deprecated", [f"! {_entity(e)}" for e in diff.terms_deprecated])
    section("terms no longer deprecated", [f"~ {_entity(e)}" for e in diff.terms_undeprecated])
    section("types changed", [f"~ {_name(c.iri)}: {', '.join(c.old)} → {', '.join(c.new)}" for c in diff.type_changes])
    section("axioms changed", [_value_change(c) for c in diff.axiom_changes])
    section("labels changed", [_text_change(c) for c in diff.label_changes])
    section("definitions changed", [_text_change(c) for c in diff.definition_changes])
    section("instances added", [f"+ {_entity(e)}" for e in diff.instances_added])
    section("instances removed", [f"- {_entity(e)}" for e in diff.instances_removed])
    section("shapes added", [f"+ {_name(s)}" for s in diff.shapes_added])
    section("shapes removed", [f"- {_name(s)}" for s in diff.shapes_removed])
    section(
        "shape constraints changed",
        [
            f"~ {_name(c.shape)} {_name(c.parameter)}: {_values(c.removed)} → {_values(c.added)}"
            f" ({'stricter' if c.stricter else 'looser'})"
            for c in diff.shape_changes
        ],
    )
    section(
        "graphs changed", [_graph_line(g.graph, g.old_triples, g.new_triples, g.added, g.removed) for g in diff.graphs]
    )
    return "\n".join(lines) + "\n"


def _version_text(version: Version) -> str:
    return f"{version.source} (version {version.version or 'unknown'}, {version.triples} triples)"


def _entity(entity: Entity) -> str:
    label = f' "{entity.label}"' if entity.label else ""
    return f"{_name(entity.iri)} ({entity.kind or 'untyped'}){label}"


def _value_change(change: ValueChange) -> str:
    return f"~ {_name(change.subject)} {_name(change.predicate)}: {_values(change.removed)} → {_values(change.added)}"


def _text_change(change: TextChange) -> str:
    lang = f"@{change.lang}" if change.lang else ""
    return f"~ {_name(change.subject)} {_name(change.predicate)}{lang}: {_quoted(change.old)} → {_quoted(change.new)}"


def _graph_line(graph: str | None, old: int | None, new: int | None, added: int, removed: int) -> str:
    name = graph or DEFAULT_GRAPH_NAME
    if old is None:
        return f"+ {name}: added, {new} triples"
    if new is None:
        return f"- {name}: removed, {old} triples"
    return f"~ {name}: {old} → {new} triples (+{added} −{removed})"


def _values(values: Iterable[str]) -> str:
    return " ".join(values) or "(none)"


def _quoted(text: str | None) -> str:
    return json.dumps(text, ensure_ascii=False) if text is not None else "(none)"


def _name(iri: str) -> str:
    return compact(iri)


# -- json -----------------------------------------------------------------------------------------


def render_json(diff: ReleaseDiff) -> str:
    """The documented JSON (``docs/diff.schema.json``): IRIs in full, values in Turtle."""
    document = {
        "schemaVersion": SCHEMA_VERSION,
        "old": _version_json(diff.old),
        "new": _version_json(diff.new),
        "differs": diff.differs,
        "verdict": diff.level.label,
        "suggestedVersion": diff.suggested_version,
        "reasons": [{"level": r.level.label, "subject": r.subject, "reason": r.text} for r in diff.reasons],
        "terms": {
            "added": [_entity_json(e) for e in diff.terms_added],
            "removed": [_entity_json(e) for e in diff.terms_removed],
            "deprecated": [_entity_json(e) for e in diff.terms_deprecated],
            "undeprecated": [_entity_json(e) for e in diff.terms_undeprecated],
        },
        "typeChanges": [{"iri": c.iri, "old": list(c.old), "new": list(c.new)} for c in diff.type_changes],
        "axiomChanges": [_value_json(c) for c in diff.axiom_changes],
        "labelChanges": [_text_json(c) for c in diff.label_changes],
        "definitionChanges": [_text_json(c) for c in diff.definition_changes],
        "instances": {
            "added": [_entity_json(e) for e in diff.instances_added],
            "removed": [_entity_json(e) for e in diff.instances_removed],
        },
        "shapes": {
            "added": list(diff.shapes_added),
            "removed": list(diff.shapes_removed),
            "changed": [
                {
                    "shape": c.shape,
                    "parameter": c.parameter,
                    "removed": list(c.removed),
                    "added": list(c.added),
                    "stricter": c.stricter,
                }
                for c in diff.shape_changes
            ],
        },
        "graphs": [
            {
                "graph": g.graph,
                "oldTriples": g.old_triples,
                "newTriples": g.new_triples,
                "added": g.added,
                "removed": g.removed,
            }
            for g in diff.graphs
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _version_json(version: Version) -> dict[str, Any]:
    return {
        "source": version.source,
        "version": version.version,
        "versionIRI": version.version_iri,
        "issued": version.issued,
        "triples": version.triples,
    }


def _entity_json(entity: Entity) -> dict[str, Any]:
    return {"iri": entity.iri, "kind": entity.kind, "label": entity.label}


def _value_json(change: ValueChange) -> dict[str, Any]:
    return {
        "subject": change.subject,
        "predicate": change.predicate,
        "removed": list(change.removed),
        "added": list(change.added),
    }


def _text_json(change: TextChange) -> dict[str, Any]:
    return {
        "subject": change.subject,
        "predicate": change.predicate,
        "lang": change.lang,
        "old": change.old,
        "new": change.new,
    }


# -- markdown -------------------------------------------------------------------------------------


def render_markdown(diff: ReleaseDiff) -> str:
    """A Keep a Changelog entry: heading, verdict, then Added / Changed / Deprecated / Removed."""
    version = diff.suggested_version or "NEW_VERSION"
    released = diff.new.issued if diff.new.version and diff.new.version != diff.old.version else None
    lines = [f"## [{version}] - {released or 'YYYY-MM-DD'}", ""]
    old = diff.old.version or "the previous release"
    if not diff.differs:
        return "\n".join([*lines, f"Compared with {old}: no change.", ""])
    top = "; ".join(f"`{_name(r.subject)}` {r.text}" for r in diff.reasons if r.level == diff.level)
    because = f": {top}" if top else ""
    lines += [f"Compared with {old}: **{diff.level.label}** change for people who import the ontology{because}.", ""]

    added = [f"{e.kind} `{_name(e.iri)}`{_label(e)}" for e in diff.terms_added]
    added += [
        f"`{_name(c.subject)}` {_name(c.predicate)} {_values(c.added)}" for c in diff.axiom_changes if not c.removed
    ]
    added += [f"shape `{_name(s)}`" for s in diff.shapes_added]
    added += _grouped("instance", diff.instances_added)
    changed = [f"`{_name(c.iri)}` is now {', '.join(c.new)} (was {', '.join(c.old)})" for c in diff.type_changes]
    changed += [
        f"`{_name(c.subject)}` {_name(c.predicate)}: {_values(c.removed)} → {_values(c.added)}"
        for c in diff.axiom_changes
        if c.removed
    ]
    changed += [
        f"`{_name(c.shape)}` {_name(c.parameter)}: {_values(c.removed)} → {_values(c.added)}"
        f" ({'stricter' if c.stricter else 'looser'})"
        for c in diff.shape_changes
    ]
    changed += [f"`{_name(e.iri)}` is no longer deprecated" for e in diff.terms_undeprecated]
    changed += [_markdown_text_change(c) for c in diff.label_changes + diff.definition_changes]
    changed += [
        f"graph {_graph_name(g.graph)}: triples: {g.added} added, {g.removed} removed"
        for g in diff.graphs
        if g.old_triples is not None and g.new_triples is not None
    ]
    added += [f"graph {_graph_name(g.graph)} ({g.new_triples} triples)" for g in diff.graphs if g.old_triples is None]
    deprecated = [f"{e.kind} `{_name(e.iri)}`{_label(e)}" for e in diff.terms_deprecated]
    removed = [f"{e.kind} `{_name(e.iri)}`{_label(e)}" for e in diff.terms_removed]
    removed += [f"shape `{_name(s)}`" for s in diff.shapes_removed]
    removed += _grouped("instance", diff.instances_removed)
    removed += [f"graph {_graph_name(g.graph)} ({g.old_triples} triples)" for g in diff.graphs if g.new_triples is None]
    for title, items in (("Added", added), ("Changed", changed), ("Deprecated", deprecated), ("Removed", removed)):
        if items:
            lines += [f"### {title}", *(f"- {item}" for item in items), ""]
    return "\n".join(lines)


def _graph_name(graph: str | None) -> str:
    return f"`<{graph}>`" if graph else DEFAULT_GRAPH_NAME


def _label(entity: Entity) -> str:
    return f" ({entity.label})" if entity.label else ""


def _grouped(what: str, entities: list[Entity]) -> list[str]:
    """Instances in one line: a data release may add hundreds."""
    if not entities:
        return []
    names = ", ".join(f"`{_name(e.iri)}`" for e in entities)
    return [f"{len(entities)} {what}{'s' if len(entities) > 1 else ''}: {names}"]


def _markdown_text_change(change: TextChange) -> str:
    lang = f"@{change.lang}" if change.lang else ""
    return f"`{_name(change.subject)}` {_name(change.predicate)}{lang}: {_quoted(change.old)} → {_quoted(change.new)}"


# -- changelog ------------------------------------------------------------------------------------

_RELEASE_HEADING = re.compile(r"^## \[(?!unreleased\])", re.IGNORECASE | re.MULTILINE)
_CHANGELOG_TITLE = re.compile(r"^# .*changelog|^## \[", re.IGNORECASE | re.MULTILINE)


def insert_entry(changelog: str, entry: str, *, source: str) -> str:
    """``changelog`` with ``entry`` before its latest release (after ``[Unreleased]``), or at the end.

    A file is a changelog when it has a ``# …Changelog`` title or a ``## [version]`` heading.
    """
    if not _CHANGELOG_TITLE.search(changelog):
        raise NotAChangelog(
            f"{source}: not a Keep a Changelog file (no '# Changelog' title, no '## [version]' heading)",
            hint="see https://keepachangelog.com/en/1.1.0/, or write the entry with --format markdown --output",
        )
    block = entry.rstrip("\n") + "\n\n"
    release = _RELEASE_HEADING.search(changelog)
    if release:
        return changelog[: release.start()] + block + changelog[release.start() :]
    return changelog.rstrip("\n") + "\n\n" + block.rstrip("\n") + "\n"


#: Every format ``ipco diff --format`` accepts.
DIFF_RENDERERS: dict[str, Callable[[ReleaseDiff], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
}
