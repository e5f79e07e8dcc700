"""IPCO, the Intelligence and Police Cooperation Ontology: its pipeline as a library.

load → validate → reason → export, each a module with one job; ``build`` runs them all.
"""

from __future__ import annotations

# The release version: also owl:versionInfo and owl:versionIRI in ontology/*.ttl and the dataset of
# dist/void.ttl; tests/test_release_version.py fails when they disagree.
__version__ = "0.1.0"

from ipco.build import build
from ipco.errors import IpcoError, LoadError
from ipco.load import load
from ipco.project import Project
from ipco.reason import reason
from ipco.report import Severity, ValidationReport, ValidationResult
from ipco.validate import validate

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
