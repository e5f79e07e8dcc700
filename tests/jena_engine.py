"""Apache Jena, an engine IPCO did not write, from Debian's libapache-jena-java (``make jena``), as
the cross-engine tests run it: its ``riot`` command, and ``tests/jena/JenaCheck.java`` (Jena SHACL and
Jena's OWL rule reasoner, one JVM per call) compiled at test time. Skips, saying what is missing,
without ``java``/``javac`` or the jars."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import BNode, Graph

from ipco.report import ValidationResult
from ipco.validate import results_from_report

JARS = Path("/usr/share/java")
HARNESS = Path(__file__).parent / "jena" / "JenaCheck.java"
#: What Debian's Jena 4.5 needs beside its own jars (the packages libapache-jena-java depends on).
#: Not the whole of /usr/share/java: OWL API's packages put two SLF4J bindings there, and Jena stops on them.
DEPENDENCIES = [
    "commons-cli",
    "commons-codec",
    "commons-compress",
    "commons-csv",
    "commons-io",
    "commons-lang3",
    "commons-logging",
    "dexx.collection",
    "gson",
    "guava",
    "httpclient",
    "httpclient-cache",
    "httpcore",
    "jackson-annotations",
    "jackson-core",
    "jackson-databind",
    "jakarta.json-api",
    "jsonld-java",
    "protobuf",
    "slf4j-api",
    "slf4j-simple",
    "thrift",
    "titanium-json-ld",
]
#: Jena's modules, by the unversioned names Debian links to the versioned jars.
MODULES = ("jena-base", "jena-core", "jena-iri", "jena-arq", "jena-shacl", "jena-cmds")
#: Debian's jena-core moved Xerces' classes to ``xerces.*`` and left their message bundles under
#: ``org/apache/jena/ext/xerces/``: without them at the moved name, Jena fails to start ("internal error").
_MOVED_BUNDLES = "org/apache/jena/ext/xerces/"

#: Result key the engines are compared on: focus node, path, component, severity, and the source
#: shape when it is named (a blank node's label means nothing across engines).
Key = tuple[str, str | None, str, str, str | None]


@dataclass(frozen=True)
class Jena:
    """A classpath for Debian's Jena and the compiled harness."""

    classpath: str

    def java(self, *argv: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["java", "-cp", self.classpath, *argv], input=stdin, capture_output=True, text=True, timeout=600
        )

    def riot_validate(self, files: Sequence[Path]) -> list[str]:
        """What ``riot --validate`` says is wrong with the files (its warnings and errors, and an exit
        code other than 0); JSON-LD read with Jena's JSON-LD 1.0 reader (Debian has no JSON-P provider
        for the 1.1 one)."""
        jsonld = [str(f) for f in files if f.suffix == ".jsonld"]
        other = [str(f) for f in files if f.suffix != ".jsonld"]
        runs = [self.java("riotcmd.riot", "--validate", *other)] if other else []
        runs += [self.java("riotcmd.riot", "--validate", "--syntax=jsonld10", *jsonld)] if jsonld else []
        said = [line for run in runs for line in run.stderr.splitlines() if " INFO " not in line]
        return said + [f"exit code {run.returncode}" for run in runs if run.returncode != 0]

    def shacl(self, shapes: Path, jobs: Iterable[tuple[Path, Sequence[Path]]]) -> None:
        """Jena SHACL: each job's report (N-Triples) written to its path, for the union of its files."""
        lines = "".join("\t".join([str(out), *map(str, files)]) + "\n" for out, files in jobs)
        run = self.java("JenaCheck", "shacl", str(shapes), stdin=lines)
        assert run.returncode == 0, run.stderr

    def reason(self, ruleset: str, out: Path, files: Sequence[Path]) -> list[str]:
        """The closure of the files under Jena's OWL ``ruleset`` (micro, mini, full) into ``out``
        (N-Triples); returns the lines of Jena's validity report (``error``/``warning``, type, text)."""
        run = self.java("JenaCheck", "reason", ruleset, str(out), *map(str, files))
        assert run.returncode == 0, run.stderr
        return run.stdout.splitlines()


def jena(folder: Path) -> Jena:
    """Jena ready to run from ``folder`` (moved message bundles, compiled harness), or a skip."""
    for tool in ("java", "javac"):
        if shutil.which(tool) is None:
            pytest.skip(f"`{tool}` is missing: run `make jena` (installs default-jdk-headless)")
    jars = [JARS / f"{name}.jar" for name in (*MODULES, *DEPENDENCIES)]
    missing = [jar.name for jar in jars if not jar.is_file()]
    if missing:
        pytest.skip(f"Apache Jena's jars are missing from {JARS} ({', '.join(missing[:3])}…): run `make jena`")
    bundles = folder / "bundles"
    with zipfile.ZipFile(JARS / "jena-core.jar") as core:
        for name in core.namelist():
            if name.startswith(_MOVED_BUNDLES) and not name.endswith("/"):
                target = bundles / "xerces" / name.removeprefix(_MOVED_BUNDLES)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(core.read(name))
    classes = folder / "classes"
    classpath = ":".join([str(classes), str(bundles), *map(str, jars)])
    subprocess.run(["javac", "-d", str(classes), "-cp", classpath, str(HARNESS)], check=True, timeout=300)
    return Jena(classpath)


def key(result: ValidationResult) -> Key:
    shape = result.source_shape
    return (
        str(result.focus),
        result.path_text,
        result.component,
        result.severity.name,
        None if shape is None or isinstance(shape, BNode) else str(shape),
    )


def report_keys(report: Path) -> set[Key]:
    """The top-level results of a report graph Jena wrote."""
    return {key(r) for r in results_from_report(Graph().parse(report, format="nt"))}
