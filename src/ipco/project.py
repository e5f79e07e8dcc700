"""Where IPCO's own inputs live: a checkout's ``ontology/``, ``shapes/`` and ``data/``, or the copies
of the ontology and shapes that ship inside the installed package.

Knowing the layout in one place keeps the stages free of path logic, and lets ``ipco validate`` work
from a wheel, far from any checkout.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from ipco.errors import NotInCheckout
from ipco.load import Loaded, declared_ontologies, load, parse_file, resolve_imports
from ipco.namespaces import graph_iri
from ipco.syntaxes import TURTLE

QUALITY_SHAPES = "ontology-quality.shapes.ttl"
ONTOLOGY_GRAPH = graph_iri("ontology")
IMPORTS_GRAPH = graph_iri("imports")
SHAPES_GRAPH = graph_iri("shapes")
QUALITY_GRAPH = graph_iri("ontology-quality")
INFERRED_GRAPH = graph_iri("inferred")


@dataclass(frozen=True)
class Project:
    """The folders that hold the ontology, the shapes and (in a checkout) the data."""

    ontology_dir: Path
    shapes_dir: Path
    data_dir: Path | None = None

    @classmethod
    def checkout(cls, root: Path) -> Project:
        """The project rooted at ``root``; NotInCheckout when it is not an IPCO checkout."""
        if not (root / "ontology" / "ipco.ttl").is_file():
            raise NotInCheckout(
                f"{root}: not an IPCO checkout (no ontology/ipco.ttl)",
                hint="run `ipco build` at the root of a checkout, or pass --root",
            )
        return cls(root / "ontology", root / "shapes", root / "data")

    @classmethod
    def bundled(cls) -> Project:
        """The ontology and shapes shipped with the package (or, in a development install, the
        checkout the package is imported from)."""
        packaged = files("ipco") / "_resources"
        if packaged.is_dir():
            base = Path(str(packaged))
            return cls(base / "ontology", base / "shapes")
        return cls.checkout(Path(__file__).resolve().parents[2])

    def ontology_files(self) -> list[Path]:
        """IPCO's own ontology modules and vocabularies (not the vendored imports)."""
        imports = self.ontology_dir / "imports"
        return sorted(p for p in self.ontology_dir.rglob("*.ttl") if imports not in p.parents)

    def import_catalog(self) -> dict[str, Path]:
        """Ontology IRI → vendored local copy, so ``owl:imports`` never reach the network."""
        catalog: dict[str, Path] = {}
        for path in sorted((self.ontology_dir / "imports").glob("*.ttl")):
            for iri in declared_ontologies(parse_file(path, TURTLE, IMPORTS_GRAPH)):
                catalog[iri] = path
        return catalog

    def source_texts(self) -> dict[str, str]:
        """File name → content of the source texts beside the data (``sources/*.txt``), which the
        evidence's character offsets count in; empty outside a checkout."""
        if self.data_dir is None:
            return {}
        folder = self.data_dir.parent / "sources"
        return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}

    def shape_files(self) -> list[Path]:
        """Data shapes (everything in ``shapes/`` but the ontology-quality shapes)."""
        return sorted(p for p in self.shapes_dir.glob("*.ttl") if p.name != QUALITY_SHAPES)

    def quality_shape_files(self) -> list[Path]:
        """Shapes that check the ontology itself."""
        path = self.shapes_dir / QUALITY_SHAPES
        return [path] if path.is_file() else []

    def data_files(self) -> list[Path]:
        """The knowledge graph's data files, one per source document (plus reference files)."""
        if self.data_dir is None or not self.data_dir.is_dir():
            return []
        return sorted(self.data_dir.glob("*.ttl"))

    def load_ontology(self) -> tuple[Loaded, Loaded]:
        """IPCO's ontology (one graph) and, separately, the imported vocabularies it needs."""
        ontology = load(self.ontology_files(), graph_for=lambda _: ONTOLOGY_GRAPH)
        imports = Loaded(files=[])
        staged = Loaded(quads=list(ontology.quads), files=list(ontology.files))
        before = len(staged.quads)
        resolve_imports(staged, self.import_catalog(), lambda _: IMPORTS_GRAPH)
        imports.quads = staged.quads[before:]
        imports.files = staged.files[len(ontology.files) :]
        return ontology, imports

    def load_shapes(self) -> Loaded:
        """The data shapes, in the shapes graph."""
        return load(self.shape_files(), graph_for=lambda _: SHAPES_GRAPH)

    def load_quality_shapes(self) -> Loaded:
        """The shapes that check the ontology itself."""
        return load(self.quality_shape_files(), graph_for=lambda _: QUALITY_GRAPH)

    def load_data(self) -> Loaded:
        """The data, each file in the named graph ``graph/<file stem>``."""
        return load(self.data_files(), graph_for=lambda path: graph_iri(path.stem))


@dataclass
class Reference:
    """What users' data is checked and reasoned against: IPCO's ontology, imports and shapes."""

    ontology: Loaded
    imports: Loaded
    shapes: Loaded
    quality_shapes: Loaded


def load_reference(project: Project) -> Reference:
    """Parse the ontology, its local imports and the shapes of ``project``."""
    ontology, imports = project.load_ontology()
    return Reference(ontology, imports, project.load_shapes(), project.load_quality_shapes())
