"""The models that turn text into vectors: the Encoder protocol, its two implementations, their packages,
and the embedding cache."""
