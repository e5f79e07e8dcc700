"""IPCO, the Intelligence and Police Cooperation Ontology: its pipeline as a library.

load → validate → reason → export, each a module with one job; ``build`` runs them all.
"""

from __future__ import annotations

# The release version: also owl:versionInfo and owl:versionIRI in ontology/*.ttl and the dataset of
# dist/void.ttl; tests/test_release_version.py fails when they disagree.
__version__ = "0.1.0"

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ipco.build import build
    from ipco.errors import IpcoError, LoadError
    from ipco.load import load
    from ipco.project import Project
    from ipco.reason import reason
    from ipco.report import Severity, ValidationReport, ValidationResult
    from ipco.validate import validate

# Imported on first use (PEP 562): importing the package must stay instant, so that the `ipco`
# command can turn a Ctrl-C pressed while the heavy modules load into "ipco: interrupted".
_HOMES = {
    "build": "ipco.build",
    "IpcoError": "ipco.errors",
    "LoadError": "ipco.errors",
    "load": "ipco.load",
    "Project": "ipco.project",
    "reason": "ipco.reason",
    "Severity": "ipco.report",
    "ValidationReport": "ipco.report",
    "ValidationResult": "ipco.report",
    "validate": "ipco.validate",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'ipco' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(home), name)


__all__ = [
    "IpcoError",
    "LoadError",
    "Project",
    "Severity",
    "ValidationReport",
    "ValidationResult",
    "__version__",
    "build",
    "load",
    "reason",
    "validate",
]
