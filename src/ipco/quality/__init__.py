"""Ontology quality: the checks of ``ipco report`` and the figures of ``ipco measure``."""
