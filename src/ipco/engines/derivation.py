"""Derivations: how each triple of the closure follows from asserted triples and axioms.

Post-hoc, over a closure already computed: round after round, every triple not yet proven gets the
first rule (``derivation_rules``) whose premises were all proven in earlier rounds. Derivations are
therefore well-founded (no triple rests on itself), and each is as shallow as the rules allow.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ipco.engines.derivation_rules import Proven, Step, steps_for

ASSERTED = "asserted"
AXIOMATIC = "owl2rl-axiomatic"


def prove(closure: Iterable[ox.Triple], asserted: Iterable[ox.Triple], seeds: Iterable[ox.Triple]) -> Proven:
    """Every triple of ``closure`` with the step that concludes it (premises proven earlier).

    ``seeds`` are the OWL 2 RL axiomatic triples the reasoner starts from (cls-thing, dt-type…).
    Triples left unproven have no derivation by the rules covered; the caller reports them.
    """
    proven = Proven()
    for triple in asserted:
        if triple not in proven:
            proven.add(triple, (ASSERTED, ()))
    for triple in seeds:
        if triple not in proven:
            proven.add(triple, (AXIOMATIC, ()))
    pending = [t for t in dict.fromkeys(closure) if t not in proven]
    while pending:
        found: list[tuple[ox.Triple, Step]] = []
        left: list[ox.Triple] = []
        for triple in pending:
            step = next(steps_for(triple, proven), None)
            if step is None:
                left.append(triple)
            else:
                found.append((triple, step))
        if not found:
            break
        for triple, step in found:  # added after the round: premises come from earlier rounds only
            proven.add(triple, step)
        pending = left
    return proven
