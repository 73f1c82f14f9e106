"""The embedding models run with numpy: the same weights and the same vectors as sentence-transformers,
without importing torch and sentence-transformers (about 10 s of every cold start).

Questions are embedded here; building an index may keep using sentence-transformers. Only what
the two bundled models need is implemented: a BERT (all-MiniLM-L6-v2) or MPNet (all-mpnet-base-v2)
encoder, mean pooling over the real tokens, then L2 normalisation. A model folder that asks for
anything else is refused, not approximated. tests/test_numpy_model.py holds the vectors of both
to those of sentence-transformers, and `benchmarks/bench_embedding.py` times them.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from scipy.special import erf
from tokenizers import Tokenizer

from search.errors import UnsupportedModel
from search.models.encoder import batches_by_length

TRANSFORMER, POOLING, NORMALIZE = (
    "sentence_transformers.models.Transformer",
    "sentence_transformers.models.Pooling",
    "sentence_transformers.models.Normalize",
)
# Texts embedded together in one padded batch; a batch of similar lengths wastes little on padding.


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _check_pipeline(folder: Path) -> None:
    modules = [module["type"] for module in _read_json(folder / "modules.json")]
    if modules != [TRANSFORMER, POOLING, NORMALIZE]:
        raise UnsupportedModel(f"{folder}: modules {modules} are not a transformer, pooling and normalisation")
    pooling = _read_json(folder / "1_Pooling" / "config.json")
    modes = [name for name, on in pooling.items() if name.startswith("pooling_mode") and on]
    if modes != ["pooling_mode_mean_tokens"]:
        raise UnsupportedModel(f"{folder}: pooling {modes} is not mean pooling")


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(-1, keepdims=True)
    return centred / np.sqrt(variance + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    # The exact (erf) GELU that both models were trained with, not the tanh approximation.
    return x * 0.5 * (1.0 + erf(x / math.sqrt(2.0)))


def _softmax(x: np.ndarray) -> np.ndarray:
    x = np.exp(x - x.max(-1, keepdims=True))
    return x / x.sum(-1, keepdims=True)


def _relative_position_buckets(length: int, buckets: int, max_distance: int = 128) -> np.ndarray:
    """MPNet's bucket for each (query, key) position pair, as transformers computes it."""
    relative = np.arange(length)[None, :] - np.arange(length)[:, None]
    n = -relative
    half = buckets // 2
    bucket = (n < 0).astype(np.int64) * half
    n = np.abs(n)
    max_exact = half // 2
    with np.errstate(divide="ignore"):
        large = max_exact + (
            np.log(n.astype(np.float32) / max_exact) / math.log(max_distance / max_exact) * (half - max_exact)
        )
    large = np.minimum(np.nan_to_num(large, neginf=0).astype(np.int64), half - 1)
    return bucket + np.where(n < max_exact, n, large)


# Where each part of a layer is in the weights file, by the names transformers gives them.
_LAYER_PARTS = {
    "bert": {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "o": "attention.output.dense",
        "attention_norm": "attention.output.LayerNorm",
    },
    "mpnet": {
        "q": "attention.attn.q",
        "k": "attention.attn.k",
        "v": "attention.attn.v",
        "o": "attention.attn.o",
        "attention_norm": "attention.LayerNorm",
    },
}
_SHARED_PARTS = {"up": "intermediate.dense", "down": "output.dense", "output_norm": "output.LayerNorm"}


def _tokenizer(folder: Path, truncate_at: int | None) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    if truncate_at is None:
        tokenizer.no_truncation()
    else:
        tokenizer.enable_truncation(truncate_at)
    return tokenizer


def _layer(weights: dict[str, np.ndarray], kind: str, number: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """One layer's (weight, bias) pairs, taken out of `weights`. Linear weights are stored (out, in):
    they are transposed once here, and query, key and value joined, so each is one matrix product."""
    parts = {}
    for short, name in (_LAYER_PARTS[kind] | _SHARED_PARTS).items():
        weight = weights.pop(f"encoder.layer.{number}.{name}.weight")
        bias = weights.pop(f"encoder.layer.{number}.{name}.bias")
        parts[short] = (np.ascontiguousarray(weight.T) if weight.ndim == 2 else weight, bias)
    q, k, v = parts.pop("q"), parts.pop("k"), parts.pop("v")
    parts["qkv"] = (np.concatenate([q[0], k[0], v[0]], axis=1), np.concatenate([q[1], k[1], v[1]]))
    return parts


class LightModel:
    """One sentence-transformers model folder, run with numpy.

    Offers what search/models/embed.py's Embedder asks of a model: `encode`, `count_tokens`,
    `max_seq_length` and `dimension`.
    """

    def __init__(self, folder: Path) -> None:
        _check_pipeline(folder)
        config = _read_json(folder / "config.json")
        self.kind = config["model_type"]
        if self.kind not in _LAYER_PARTS or config["hidden_act"] != "gelu":
            raise UnsupportedModel(f"{folder}: a {self.kind} model with {config['hidden_act']} is not supported")
        self.max_seq_length: int = _read_json(folder / "sentence_bert_config.json")["max_seq_length"]
        self.dimension: int = config["hidden_size"]
        self._heads: int = config["num_attention_heads"]
        self._layers: int = config["num_hidden_layers"]
        self._eps: float = config["layer_norm_eps"]
        self._pad_id: int = config["pad_token_id"]
        self._buckets: int = config.get("relative_attention_num_buckets", 0)
        # sentence-transformers truncates at max_seq_length and pads each batch itself; counting
        # tokens needs the same tokenizer without the truncation.
        self._tokenizer = _tokenizer(folder, self.max_seq_length)
        self._counter = _tokenizer(folder, None)
        weights = load_file(folder / "model.safetensors")
        self._layer_weights = [_layer(weights, self.kind, number) for number in range(self._layers)]
        self._weights = weights  # what is left: the embedding tables

    def get_embedding_dimension(self) -> int:
        return self.dimension

    def count_tokens(self, text: str) -> int:
        """Tokens the text splits into, special tokens not counted and before truncation."""
        return len(self._counter.encode(text, add_special_tokens=False).ids)

    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalised float32 vectors, shape (len(texts), dimension)."""
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(texts) if texts else []
        for batch in batches_by_length([len(encoding.ids) for encoding in encodings]):
            vectors[batch] = self._embed([encodings[i].ids for i in batch])
        return vectors

    def _embed(self, token_ids: list[list[int]]) -> np.ndarray:
        length = max(len(ids) for ids in token_ids)
        ids = np.full((len(token_ids), length), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(token_ids), length), dtype=np.float32)
        for row, these in enumerate(token_ids):
            ids[row, : len(these)] = these
            mask[row, : len(these)] = 1.0
        hidden = self._embeddings(ids, mask)
        # Padding is never attended to: its scores get the most negative float32, as in transformers.
        bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        if self.kind == "mpnet":
            table = self._weights["encoder.relative_attention_bias.weight"]
            bias = bias + table[_relative_position_buckets(length, self._buckets)].transpose(2, 0, 1)[None]
        for layer in self._layer_weights:
            hidden = self._layer(hidden, bias, layer)
        pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _embeddings(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        weights = self._weights
        words = weights["embeddings.word_embeddings.weight"][ids]
        if self.kind == "bert":
            positions = np.arange(ids.shape[1])
            hidden = words + weights["embeddings.position_embeddings.weight"][positions][None]
            hidden = hidden + weights["embeddings.token_type_embeddings.weight"][0]
        else:
            # MPNet numbers positions after the padding id, as RoBERTa does; padding keeps the padding id.
            positions = (np.cumsum(mask, axis=1) * mask).astype(np.int64) + self._pad_id
            hidden = words + weights["embeddings.position_embeddings.weight"][positions]
        return _layer_norm(
            hidden, weights["embeddings.LayerNorm.weight"], weights["embeddings.LayerNorm.bias"], self._eps
        )

    def _layer(self, hidden: np.ndarray, bias: np.ndarray, layer: dict) -> np.ndarray:
        # `hidden` is (batch, length, width); the linear layers see it as one (batch * length, width)
        # matrix, which BLAS multiplies far faster than a stack of small ones.
        batch, length, width = hidden.shape
        head_width = width // self._heads
        flat = hidden.reshape(batch * length, width)
        qkv = (flat @ layer["qkv"][0] + layer["qkv"][1]).reshape(batch, length, 3, self._heads, head_width)
        q, k, v = qkv.transpose(2, 0, 3, 1, 4)  # each (batch, heads, length, head_width)
        scores = (q @ k.transpose(0, 1, 3, 2)) / np.float32(math.sqrt(head_width)) + bias
        context = (_softmax(scores) @ v).transpose(0, 2, 1, 3).reshape(batch * length, width)
        attended = context @ layer["o"][0] + layer["o"][1]
        flat = _layer_norm(attended + flat, *layer["attention_norm"], self._eps)
        up = _gelu(flat @ layer["up"][0] + layer["up"][1])
        flat = _layer_norm(up @ layer["down"][0] + layer["down"][1] + flat, *layer["output_norm"], self._eps)
        return flat.reshape(batch, length, width)
