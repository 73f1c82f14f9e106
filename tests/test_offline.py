"""Building and searching work with no network at all: the model comes from its package."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT
from tests.test_corpus import SEED_FILE

# Runs a command with every way of opening a connection refused, so any attempt fails loudly.
NO_NETWORK = """
import runpy, socket, sys
def refuse(*args, **kwargs):
    raise OSError("the test switched networking off")
socket.socket.connect = socket.socket.connect_ex = refuse
socket.create_connection = socket.getaddrinfo = refuse
target, sys.argv = sys.argv[1], sys.argv[1:]
if target.endswith(".py"):
    runpy.run_path(target, run_name="__main__")
else:
    runpy.run_module(target, run_name="__main__", alter_sys=True)
"""


def without_network(*argv: str, home: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in {"HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"}}
    # An empty Hugging Face cache, and the re-scoring model unpacked afresh from its packages:
    # nothing downloaded or unpacked earlier can help.
    env.update(HF_HOME=str(home / "hf"), IOP_SEARCH_MODEL_CACHE=str(home / "models"), PYTHONPATH=str(PROJECT_ROOT))
    command = [sys.executable, "-c", NO_NETWORK, *argv]
    # Where this machine allows it, also run in a network namespace with no interfaces.
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        command = [unshare, "-n", *command]
    return subprocess.run(command, env=env, cwd=home, capture_output=True, text=True, timeout=300)


def test_build_and_ask_with_networking_disabled(tmp_path: Path) -> None:
    index = tmp_path / "index"
    build = without_network(
        str(PROJECT_ROOT / "build_index.py"),
        "--corpus",
        str(SEED_FILE),
        "--index",
        str(index),
        "--quiet",
        home=tmp_path,
    )
    assert build.returncode == 0, build.stderr
    assert ": 1 document, 4 chunks (4 public, 0 staff; 8 vectors), " in build.stdout
    assert (tmp_path / "models" / "all-mpnet-base-v2-0.0.1" / "model.safetensors").is_file()
    ask = without_network(
        "search", "ask", "how is IOP different from normal counseling", "--index", str(index), "--json", home=tmp_path
    )
    assert ask.returncode == 0, ask.stderr
    answer = json.loads(ask.stdout)
    # Shown open, as the answer or the likely one (a four-entry corpus knows few of its words).
    assert answer["outcome"] in ("answer", "likely")
    assert answer["results"][0]["id"] == "how-is-an-iop-different-from-general-outpatient-counseling"
