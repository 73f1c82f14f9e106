"""The layers of search/: every import inside the package points down a layer, never up or sideways.

Layers keep each part usable without the ones above it (ingest works without models, retrieval without
the page that shows its answers) and keep light paths such as `python -m search --help` light. The
source is read with `ast`, not imported, so imports inside functions and under `if TYPE_CHECKING:` are
held to the same rule: a lazy upward import is still an upward dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The first name under search/ (subpackage or top-level module) -> (layer, group). A module may import
# its own group and any lower layer; nothing at its own layer in another group, nothing above.
LAYERS: dict[str, tuple[int, str]] = {
    "__init__": (0, "core"),
    "config": (0, "core"),
    "errors": (0, "core"),
    "text": (0, "core"),
    "vocab": (0, "core"),
    "ingest": (1, "ingest"),
    "models": (1, "models"),
    # usage/ may import only core: at layer 1, beside ingest and models, the general rule says exactly that.
    "usage": (1, "usage"),
    "index": (2, "index"),
    "safety": (3, "safety"),
    "retrieval": (4, "retrieval"),
    "evaluation": (5, "evaluation"),
    "present": (5, "present"),
    "publishing": (6, "publishing"),
    "api": (6, "api"),
    "cli": (7, "cli"),
    "__main__": (7, "cli"),
}


def _module_name(root: Path, path: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _group(module: str) -> tuple[int, str] | None:
    parts = module.split(".")
    return LAYERS.get(parts[1] if len(parts) > 1 else "__init__")


def _is_module(root: Path, module: str) -> bool:
    path = root.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or path.is_dir()


def _public_names(root: Path) -> dict[str, str]:
    """search/__init__.py's _WHERE: `from search import Searcher` really loads search.retrieval.searcher."""
    init = root / "search" / "__init__.py"
    for node in ast.parse(init.read_text()).body if init.is_file() else []:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "_WHERE" for t in node.targets):
            return ast.literal_eval(node.value)
    return {}


def _imports(root: Path, path: Path, public: dict[str, str]) -> set[str]:
    """The modules of search/ that `path` imports, wherever in the file the import statement sits."""
    package = _module_name(root, path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) + 1 - node.level] if node.level else []
            source = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                # `from search import models` imports the subpackage, not the package.
                if _is_module(root, f"{source}.{alias.name}"):
                    found.add(f"{source}.{alias.name}")
                elif source == "search" and alias.name in public:
                    found.add(f"search.{public[alias.name]}")
                else:
                    found.add(source)
    return {module for module in found if module == "search" or module.startswith("search.")}


def violations(root: Path) -> list[str]:
    """One line per import in root/search/ that goes up a layer, or sideways into another group."""
    public = _public_names(root)
    found = []
    for path in sorted((root / "search").rglob("*.py")):
        importer = _group(_module_name(root, path))
        for module in sorted(_imports(root, path, public)):
            imported = _group(module)
            # Modules in no layer are test_every_module_is_placed's to report.
            if importer is None or imported is None or imported == importer or imported[0] < importer[0]:
                continue
            found.append(
                f"{path.relative_to(root).as_posix()} imports {module} (layer {importer[0]} '{importer[1]}'"
                f" may not import layer {imported[0]} '{imported[1]}')"
            )
    return found


def unplaced(root: Path) -> list[str]:
    """The .py files under root/search/ whose module or subpackage has no row in LAYERS."""
    files = sorted((root / "search").rglob("*.py"))
    return [path.relative_to(root).as_posix() for path in files if _group(_module_name(root, path)) is None]


def test_imports_point_down() -> None:
    found = violations(ROOT)
    assert not found, "Imports against the layers (LAYERS in tests/test_layers.py):\n" + "\n".join(found)


def test_every_module_is_placed() -> None:
    missing = unplaced(ROOT)
    assert not missing, "In no layer; add its module or subpackage to LAYERS in tests/test_layers.py:\n" + "\n".join(
        missing
    )


def test_checker_reports_wrong_way_imports(tmp_path: Path) -> None:
    files = {
        "__init__.py": '_WHERE = {"Searcher": "retrieval.searcher"}\n',
        "__main__.py": "from search.cli import main\n",
        "cli/__init__.py": "from search.retrieval.searcher import Searcher\nfrom . import run\n",
        "cli/run.py": "",
        "usage/log.py": "from search.retrieval.searcher import Searcher\nfrom search.vocab import OUTCOMES\n",
        "ingest/corpus.py": "def load():\n    from ..models import embed\n    from . import chunking\n",
        "ingest/chunking.py": "from search import Searcher, models\n",
        "index/store.py": "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from search.retrieval import searcher\n",
        "models/embed.py": "import search.errors\nfrom .. import config\n",
        "retrieval/searcher.py": "from search import Searcher\nfrom search.index.store import X\n"
        "from .. import models\n",
        "errors.py": "",
        "config.py": "",
        "vocab.py": "",
        "newthing.py": "from search.retrieval.searcher import Searcher\n",
    }
    for name, source in files.items():
        (tmp_path / "search" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "search" / name).write_text(source)

    # Everything else above is a correct import: downward, or within its own group.
    assert violations(tmp_path) == [
        "search/index/store.py imports search.retrieval.searcher (layer 2 'index' may not import layer 4 'retrieval')",
        "search/ingest/chunking.py imports search.models (layer 1 'ingest' may not import layer 1 'models')",
        "search/ingest/chunking.py imports search.retrieval.searcher"
        " (layer 1 'ingest' may not import layer 4 'retrieval')",
        "search/ingest/corpus.py imports search.models.embed (layer 1 'ingest' may not import layer 1 'models')",
        "search/usage/log.py imports search.retrieval.searcher (layer 1 'usage' may not import layer 4 'retrieval')",
    ]
    assert unplaced(tmp_path) == ["search/newthing.py"]
