"""Questions are embedded with numpy (search/models/numpy_model.py): the same vectors, token counts and
rankings as sentence-transformers gives from the same weights, which builds use."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from search import load_index
from search.errors import UnsupportedModel
from search.evaluation.metrics import load_questions
from search.models.numpy_model import LightModel
from tests.conftest import PROJECT_ROOT

EVAL = PROJECT_ROOT / "tests" / "eval"
# float32 arithmetic in another order differs in the last bits; vectors further apart than this
# would no longer be the same model's.
TOLERANCE = 1e-5
TEXTS = [
    "do you take my insurance",
    "¿Puedo traer a mi mamá a las sesiones?",
    "can my mom come 2 sessions?? 🙂",
    "IOP",
    "what happens if I miss three days in a row because my car broke down and I could not get a ride",
    # Longer than either model reads: both cut it at the same token.
    "Tell me everything about the program. " * 120,
]


def evaluation_questions() -> list[str]:
    return [question.query for name in ("tuning", "heldout") for question in load_questions(EVAL / f"{name}.jsonl")]


@pytest.mark.parametrize("which", [0, 1], ids=["search model", "re-scoring model"])
def test_vectors_and_token_counts_are_those_of_sentence_transformers(
    which: int, embedder, rescorer, build_models
) -> None:
    light, reference = (embedder, rescorer)[which], build_models[which]
    assert light.dimension == reference.dimension and light.max_tokens == reference.max_tokens
    # One at a time (as questions are asked) and together (padded to the longest).
    one_by_one = np.concatenate([light.encode([text]) for text in TEXTS])
    together = light.encode(TEXTS)
    expected = reference.encode(TEXTS)
    assert np.abs(one_by_one - expected).max() < TOLERANCE
    assert np.abs(together - expected).max() < TOLERANCE
    assert [light.count_tokens(text) for text in TEXTS] == [reference.count_tokens(text) for text in TEXTS]


@pytest.mark.quality
def test_rankings_are_identical_on_the_evaluation_sets(program_index: Path, embedder, rescorer, build_models) -> None:
    index = load_index(program_index)
    questions = evaluation_questions()
    chunks = np.arange(len(index.chunk_ids))
    for light, reference, rescoring in ((embedder, build_models[0], False), (rescorer, build_models[1], True)):
        mine, theirs = light.encode(questions), reference.encode(questions)
        for question, a, b in zip(questions, mine, theirs, strict=True):
            ours = np.argsort(-index.best_row_scores(chunks, a, rescoring), kind="stable")[:10]
            expected = np.argsort(-index.best_row_scores(chunks, b, rescoring), kind="stable")[:10]
            assert list(ours) == list(expected), question


def test_a_model_folder_it_does_not_implement_is_refused(tmp_path: Path) -> None:
    (tmp_path / "modules.json").write_text('[{"type": "sentence_transformers.models.Transformer"}]')
    with pytest.raises(UnsupportedModel, match="modules"):
        LightModel(tmp_path)
