"""Fast engines, each checked against the reference engine it replaces (pySHACL, owlrl).

Each module is imported on its own (``from ipco.engines.shacl_sparql import validate_fast``), so
that using one engine never loads the others' dependencies.
"""
