"""Where the fast reasoner may differ from owlrl, and why: kept apart from the engine so that it
stays short, and documented in one place for the tests and docs."""

from __future__ import annotations

#: Where the result of ``reason_fast`` may differ from owlrl's (after the noise filter), and why each
#: difference is acceptable. Everything else is tested equal (tests/test_engine_reason.py).
KNOWN_DIFFERENCES: dict[str, str] = {
    "prp-key": (
        "owlrl's prp-key compares all key properties but the last one (`range(0, len(pis) - 1)`), so with"
        " ORG's `org:Organization owl:hasKey (org:identifier)` any organisation that has an org:identifier"
        " becomes owl:sameAs every other organisation. reason_fast applies the rule as the OWL 2 RL profile"
        " states it: same class and the same values for every key property. The results agree when no two"
        " instances of a keyed class exist of which one has values for the keys and the other differs."
    ),
    "subClassOf cycles": (
        "reasonable's scm-sco makes each class on a subClassOf cycle (an owl:equivalentClass, say) a subclass"
        " of itself; owlrl does so only for classes typed owl:Class. The reflexive triple is noise, but"
        " scm-svf1/scm-avf1 then also find that two someValuesFrom (allValuesFrom) restrictions on the same"
        " property and the same such class are subclasses of each other, which owlrl misses although"
        " OWL says so: reason_fast returns those subClassOf/equivalentClass triples and the types that follow."
    ),
    "literal predicates": (
        "owlrl never stores a triple whose predicate is a literal or a blank node (it drops them after the"
        " closure); reasonable lets such a triple, which only owl:sameAs between a property and a literal or"
        " blank node can create, take part in further rules before it is dropped here. No RDF input can"
        " contain one, and no IPCO axiom equates a property with a literal or blank node."
    ),
    "datatype sameAs": (
        "owlrl's one-time datatype rule also types a resource that is owl:sameAs a literal with the literal's"
        " datatype and super-datatypes; those `x rdf:type xsd:…` triples are noise, and the datatype itself"
        " reaches `x` anyway through eq-rep-s."
    ),
}
