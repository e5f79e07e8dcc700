"""IPCO, the Intelligence and Police Cooperation Ontology: its pipeline as a library.

load → validate → reason → export, each a module with one job; ``build`` runs them all.
"""

from __future__ import annotations

# The release version: also owl:versionInfo and owl:versionIRI in ontology/*.ttl and the dataset of
# dist/void.ttl; tests/test_release_version.py fails when they disagree.
__version__ = "0.1.0"

import sys
from types import ModuleType

# Not `from typing import TYPE_CHECKING`: typing (with re, enum, collections) takes tens of
# milliseconds to import, during which Ctrl-C would reach Python before the console script's handler.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ipco.build import build
    from ipco.errors import IpcoError, LoadError
    from ipco.load import load
    from ipco.project import Project
    from ipco.reason import reason
    from ipco.report import Severity, ValidationReport, ValidationResult
    from ipco.validate import validate

# Imported on first use: `import ipco` stays instant, so the `ipco` command can catch Ctrl-C while
# the heavy libraries (rdflib, pySHACL, pyoxigraph) load.
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


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        __import__(_HOMES[name])  # not importlib.import_module: importlib is one more slow import
        return getattr(sys.modules[_HOMES[name]], name)
    raise AttributeError(f"module 'ipco' has no attribute {name!r}")


class _Package(ModuleType):
    """Keeps ``ipco.build`` (and ``load``, ``reason``, ``validate``) the function, as eager imports
    did, when the import system records the same-named submodule on the package."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _HOMES and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

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
