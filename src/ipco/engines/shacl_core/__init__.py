"""SHACL Core constraint components compiled to SPARQL, one class each, registered in ``COMPONENTS``.

Each class reads its parameters from the shapes graph (``compile``) and finds, in one query over all
focus nodes, every result pySHACL would report (``evaluate``); ``generic_messages`` rebuilds
pySHACL's default ``sh:resultMessage``. Docstrings link the section of the SHACL spec and say where
pySHACL's behaviour, which these reproduce, departs from it.
"""

from __future__ import annotations

from ipco.engines.shacl_core.lists import (
    MaxListLengthConstraint,
    MemberShapeConstraint,
    MinListLengthConstraint,
    UniqueMembersConstraint,
)
from ipco.engines.shacl_core.logical import AndConstraint, NotConstraint, OrConstraint, XoneConstraint
from ipco.engines.shacl_core.other import ClosedConstraint, HasValueConstraint, InConstraint
from ipco.engines.shacl_core.pairs import (
    DisjointConstraint,
    EqualsConstraint,
    LessThanConstraint,
    LessThanOrEqualsConstraint,
    SubsetOfConstraint,
)
from ipco.engines.shacl_core.shape_based import (
    NodeConstraint,
    PropertyConstraint,
    QualifiedValueShapeConstraint,
    SomeValueConstraint,
)
from ipco.engines.shacl_core.strings import (
    LanguageInConstraint,
    MaxLengthConstraint,
    MinLengthConstraint,
    PatternConstraint,
    SingleLineConstraint,
    UniqueLangConstraint,
)
from ipco.engines.shacl_core.value_type import (
    ClassConstraint,
    DatatypeConstraint,
    MaxCountConstraint,
    MaxExclusiveConstraint,
    MaxInclusiveConstraint,
    MinCountConstraint,
    MinExclusiveConstraint,
    MinInclusiveConstraint,
    NodeKindConstraint,
    RootClassConstraint,
)
from ipco.engines.shacl_model import Constraint
from ipco.namespaces import SH_NS as SH

#: The SHACL 1.2 Core components the fast path compiles; pySHACL has none of them.
SHACL12_COMPONENTS: tuple[type[Constraint], ...] = (
    SingleLineConstraint,
    RootClassConstraint,
    MemberShapeConstraint,
    MinListLengthConstraint,
    MaxListLengthConstraint,
    UniqueMembersConstraint,
    SubsetOfConstraint,
    SomeValueConstraint,
)
#: Every component the fast path compiles, in pySHACL's order, then the SHACL 1.2 ones. A shape's
#: predicates select them.
COMPONENTS: tuple[type[Constraint], ...] = (
    ClassConstraint,
    DatatypeConstraint,
    NodeKindConstraint,
    MinCountConstraint,
    MaxCountConstraint,
    MinExclusiveConstraint,
    MinInclusiveConstraint,
    MaxExclusiveConstraint,
    MaxInclusiveConstraint,
    NotConstraint,
    AndConstraint,
    OrConstraint,
    XoneConstraint,
    MinLengthConstraint,
    MaxLengthConstraint,
    PatternConstraint,
    LanguageInConstraint,
    UniqueLangConstraint,
    EqualsConstraint,
    DisjointConstraint,
    LessThanConstraint,
    LessThanOrEqualsConstraint,
    NodeConstraint,
    PropertyConstraint,
    QualifiedValueShapeConstraint,
    ClosedConstraint,
    HasValueConstraint,
    InConstraint,
    *SHACL12_COMPONENTS,
)

#: The parameters of ``SHACL12_COMPONENTS``: ``--engine reference`` (pySHACL) refuses shapes using them.
SHACL12_RUN = frozenset(p for c in SHACL12_COMPONENTS for p in c.parameters)
#: How a refusal for ``SHACL12_NOT_RUN`` ends, so that the caller's hint does not offer pySHACL.
SHACL12_UNRUN_NOTE = "SHACL 1.2 Core, which no IPCO engine runs yet"
#: SHACL 1.2 Core parameters neither engine runs: a shape using one is refused (exit 3), never
#: validated as if the constraint held.
SHACL12_NOT_RUN = frozenset(
    SH[name]
    for name in (
        "uniqueValuesFor",
        "reifierShape",
        "reificationRequired",
        "nodeByExpression",
        "targetWhere",
    )
)
