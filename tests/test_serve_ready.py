"""serve.py's /ready: not ready while the models load, nor when they could not be loaded."""

from __future__ import annotations

import pytest

import serve


@pytest.fixture(autouse=True)
def cold_server(monkeypatch):
    monkeypatch.setattr(serve, "WARMED_UP", serve.threading.Event())
    monkeypatch.setattr(serve, "WARM_UP_FAILURE", [])


def ready() -> tuple[int, str]:
    return serve.readiness_state()


def test_not_ready_while_the_models_load_then_ready() -> None:
    assert ready() == (503, "loading the models")
    serve.WARMED_UP.set()
    assert ready() == (200, "ready")


def test_a_failed_load_is_not_ready_and_says_why(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("IOP_SEARCH_INDEX", str(tmp_path / "no-index"))
    serve.warm_up()
    status, text = ready()
    assert status == 503 and text.startswith("the models could not be loaded: ")
    assert "no-index" in text
