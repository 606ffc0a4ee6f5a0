"""The Chroma vector store on a real persistent client in a temp folder: rows in and out with the
vectors the project passes, the index state, collections tied to a model, and one-sentence errors.
Every call passes vectors: a Chroma call without embeddings would try to download a model."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

import retrieval.store as store_module
from retrieval.store import (
    ChromaStore,
    IndexState,
    StoreError,
    catalog_names,
    collection_name,
    drop_collection,
    open_client,
)
from runtime.errors import UserError
from tests.conftest import free_port

DIM = 3
MODEL = "fake/unit-model"
CHROMA_NAME = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9._-]{1,510}[a-zA-Z0-9]")  # Chroma's rule, without ".."
_names = itertools.count()


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return open_client("persistent", tmp_path_factory.mktemp("chroma") / "nested" / "chroma")


@pytest.fixture
def store(client):
    """A fresh collection per test on the shared client."""
    return ChromaStore(client, f"unit-{next(_names)}", MODEL, DIM)


def rows(*ids: str) -> tuple[list[str], np.ndarray, list[str], list[dict]]:
    vectors = {"a": [1, 0, 0], "b": [0, 1, 0], "c": [0, 0, 1], "d": [0.6, 0.8, 0]}
    return (
        list(ids),
        np.array([vectors[i] for i in ids], dtype=np.float32),
        [f"doc {i}" for i in ids],
        [{"text_hash": f"t{i}", "meta_hash": f"m{i}", "price": 1.5} for i in ids],
    )


def test_persistent_client_creates_its_folder(tmp_path):
    path = tmp_path / "a" / "b"
    open_client("persistent", path)
    assert path.is_dir()


def test_a_new_collection_is_empty(store):
    assert store.state() == IndexState("empty", "", 0)
    assert not store.state().complete
    loaded = store.load_all()
    assert loaded.ids == [] and loaded.documents == [] and loaded.metadatas == []
    assert loaded.vectors.shape == (0, DIM) and loaded.vectors.dtype == np.float32
    assert store.hashes() == {}
    ids, scores = store.query(np.array([1, 0, 0], dtype=np.float32), 5)
    assert ids == [] and scores.shape == (0,)


def test_upsert_then_load_all_returns_every_row_in_id_order(store):
    store.upsert(*rows("c", "a", "b"))
    loaded = store.load_all()
    assert loaded.ids == ["a", "b", "c"]
    np.testing.assert_array_equal(loaded.vectors, np.eye(3, dtype=np.float32))
    assert loaded.vectors.dtype == np.float32
    assert loaded.documents == ["doc a", "doc b", "doc c"]
    assert loaded.metadatas == [{"text_hash": f"t{i}", "meta_hash": f"m{i}", "price": 1.5} for i in "abc"]
    assert store.state().count == 3
    assert store.hashes() == {"a": ("ta", "ma"), "b": ("tb", "mb"), "c": ("tc", "mc")}


def test_upsert_replaces_a_row_with_the_same_id(store):
    store.upsert(*rows("a", "b"))
    store.upsert(["a"], np.array([[0, 0, 1]], dtype=np.float32), ["new a"], [{"text_hash": "t2", "meta_hash": "m2"}])
    loaded = store.load_all()
    assert loaded.ids == ["a", "b"]
    np.testing.assert_array_equal(loaded.vectors[0], [0, 0, 1])
    assert loaded.documents == ["new a", "doc b"]
    assert store.hashes()["a"] == ("t2", "m2")


def test_update_metadata_keeps_vectors_and_documents(store):
    store.upsert(*rows("a", "b"))
    store.update_metadata(["b"], [{"text_hash": "tb", "meta_hash": "changed", "price": 2.0}])
    loaded = store.load_all()
    np.testing.assert_array_equal(loaded.vectors, [[1, 0, 0], [0, 1, 0]])
    assert loaded.documents == ["doc a", "doc b"]
    assert loaded.metadatas[1] == {"text_hash": "tb", "meta_hash": "changed", "price": 2.0}
    assert store.hashes() == {"a": ("ta", "ma"), "b": ("tb", "changed")}


def test_delete_removes_the_rows_and_ignores_unknown_ids(store):
    store.upsert(*rows("a", "b", "c"))
    store.delete(["b", "not-there"])
    assert store.load_all().ids == ["a", "c"]
    assert store.state().count == 2
    store.delete([])
    assert store.state().count == 2


def test_paging_covers_every_row(store, monkeypatch):
    monkeypatch.setattr(store_module, "PAGE", 2)  # 5 rows in pages of 2 for upsert, get and delete
    ids = ["a", "b", "c", "d", "e"]
    vectors = np.arange(15, dtype=np.float32).reshape(5, 3)
    store.upsert(ids, vectors, [f"doc {i}" for i in ids], [{"text_hash": i, "meta_hash": i} for i in ids])
    loaded = store.load_all()
    assert loaded.ids == ids
    np.testing.assert_allclose(loaded.vectors, vectors, rtol=1e-6)  # Chroma keeps float32, not always bit-exact
    assert store.hashes() == {i: (i, i) for i in ids}
    store.update_metadata(ids, [{"text_hash": i, "meta_hash": "x"} for i in ids])
    assert {m for _, m in store.hashes().values()} == {"x"}
    store.delete(ids[:4])
    assert store.load_all().ids == ["e"]


def test_query_returns_nearest_ids_with_cosine_similarity(store):
    store.upsert(*rows("a", "b", "c", "d"))
    ids, scores = store.query(np.array([1, 0, 0], dtype=np.float32), 2)
    assert ids == ["a", "d"]
    np.testing.assert_allclose(scores, [1.0, 0.6], atol=1e-5)
    ids, scores = store.query(np.array([0, 1, 0], dtype=np.float32), 50)  # n above the count: every row
    assert ids[:2] == ["b", "d"] and sorted(ids) == ["a", "b", "c", "d"]
    np.testing.assert_allclose(scores, [1.0, 0.8, 0.0, 0.0], atol=1e-5)


def test_index_state_round_trip_and_reopen(client, store):
    store.upsert(*rows("a"))
    store.set_state("indexing", "target-fp")
    assert store.state() == IndexState("indexing", "target-fp", 1)
    assert not store.state().complete
    store.set_state("complete", "done-fp")
    assert store.state() == IndexState("complete", "done-fp", 1)
    assert store.state().complete
    again = ChromaStore(client, store.name, MODEL, DIM)  # opening an existing collection keeps its state and rows
    assert again.state() == IndexState("complete", "done-fp", 1)
    assert again.load_all().ids == ["a"]


def test_state_persists_in_a_new_client_on_the_same_folder(tmp_path):
    first = ChromaStore(open_client("persistent", tmp_path), "persisted", MODEL, DIM)
    first.upsert(*rows("a", "b"))
    first.set_state("complete", "fp")
    del first
    reopened = ChromaStore(open_client("persistent", tmp_path), "persisted", MODEL, DIM)
    assert reopened.state() == IndexState("complete", "fp", 2)
    np.testing.assert_array_equal(reopened.load_all().vectors, [[1, 0, 0], [0, 1, 0]])


@pytest.mark.parametrize(("model", "dim"), [("other/model", DIM), (MODEL, 4)])
def test_a_collection_is_tied_to_its_model_and_dimension(client, store, model, dim):
    with pytest.raises(StoreError) as info:
        ChromaStore(client, store.name, model, dim)
    message = str(info.value)
    assert f"collection {store.name!r} holds vectors of {MODEL!r} (dim {DIM}), not {model!r} (dim {dim})" in message
    assert "index --rebuild" in message


def test_store_error_is_a_user_error_and_a_runtime_error():
    assert issubclass(StoreError, UserError) and issubclass(StoreError, RuntimeError)


def test_unknown_store_mode_is_a_store_error(tmp_path):
    with pytest.raises(StoreError) as info:
        open_client("memory", tmp_path)
    assert str(info.value) == 'store.mode must be "persistent" or "http", got \'memory\''


def test_unreachable_chroma_server_is_one_sentence_with_the_fix(tmp_path):
    port = free_port()
    with pytest.raises(StoreError) as info:
        open_client("http", tmp_path, host="127.0.0.1", port=port)
    message = str(info.value)
    assert message.startswith(f"cannot reach the Chroma server at 127.0.0.1:{port} (")
    assert f"chroma run --path DIR --port {port}" in message and "store.host/store.port" in message
    assert info.value.__cause__ is None and info.value.__suppress_context__


# (store name, kind, model id, dim) -> collection name
NAMES = [
    ("demo", "products", "sentence-transformers/all-MiniLM-L6-v2", 384, "demo-products-all-minilm-l6-v2-384-5bdba0bf"),
    ("My Shop!", "products", "sentence-transformers/all-MiniLM-L6-v2", 384, "My-Shop-products-all-minilm-l6-v2-384-5bdba0bf"),
    ("", "products", "m", 3, "store-products-m-3-800152a7"),
    ("...", "reviews", "Org/Some_Model.v2", 3, "store-reviews-some-model-v2-3-eb3d382a"),
]


@pytest.mark.parametrize(("store_name", "kind", "model", "dim", "expected"), NAMES)
def test_collection_name_known_answers(store_name, kind, model, dim, expected):
    assert collection_name(store_name, kind, model, dim) == expected


def test_collection_name_separates_models_and_dimensions():
    names = {collection_name("shop", "products", m, d) for m in ("a/x", "b/x", "x") for d in (3, 384)}
    assert len(names) == 6  # same slug "x", told apart by the digest of model id and dimension
    assert collection_name("shop", "products", "m", 3) != collection_name("shop", "reviews", "m", 3)


@pytest.mark.parametrize(
    "store_name", ["", "-", "__x__", "a", "ab", "über shop", "a..b", "x" * 600, "../../etc/passwd", "shop name with spaces", "日本"]
)
def test_collection_names_are_always_valid_for_chroma(client, store_name):
    model = "org/" + "Very.Long_Model Name " * 5
    name = collection_name(store_name, "products", model, DIM)
    assert CHROMA_NAME.fullmatch(name) and ".." not in name, name
    assert len(name) <= 200
    ChromaStore(client, name, model, DIM)  # Chroma accepts it


@pytest.mark.parametrize("name", ["ab", "bad name!"])
def test_an_invalid_collection_name_is_a_store_error(client, name):
    with pytest.raises(StoreError):
        ChromaStore(client, name, MODEL, DIM)


def test_catalog_names_lists_the_catalogs_of_one_model(client):
    for catalog in ("zz-shop-one", "zz-shop-two"):
        for kind in ("products", "reviews"):
            ChromaStore(client, collection_name(catalog, kind, MODEL, DIM), MODEL, DIM)
    ChromaStore(client, collection_name("zz-other-model", "products", "other/model", DIM), "other/model", DIM)
    found = catalog_names(client, MODEL, DIM)
    assert [n for n in found if n.startswith("zz-")] == ["zz-shop-one", "zz-shop-two"]
    assert "zz-other-model" not in found
    assert catalog_names(client, "other/model", DIM) == ["zz-other-model"]


def test_drop_collection_removes_it_and_ignores_a_missing_one(client):
    name = collection_name("zz-drop-me", "products", MODEL, DIM)
    ChromaStore(client, name, MODEL, DIM).upsert(*rows("a"))
    drop_collection(client, name)
    assert "zz-drop-me" not in catalog_names(client, MODEL, DIM)
    drop_collection(client, name)  # no error the second time
    assert ChromaStore(client, name, MODEL, DIM).state() == IndexState("empty", "", 0)
