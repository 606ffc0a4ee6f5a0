"""eval/bench_scale.py: the grown catalog is deterministic and well formed, and a tiny size runs end to end
(demo store products, hashed fake vectors: no ../shared data, no model)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from eval.bench_scale import (
    KINDS,
    Base,
    PrecomputedDocuments,
    cached_vectors,
    measure,
    summarize,
    write_report,
)
from eval.grown_catalog import grow, grown_vectors, variant
from retrieval.catalog import DEMO_DIR, load_catalog
from retrieval.indexing import product_document
from retrieval.mapping import MAPPINGS_DIR, load_mapping
from retrieval.search import SearchSettings
from tests.fakes import HashEmbedder

QUERIES = ("wireless headphones", "running shoes for men", "coffee maker", "yoga mat")


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Base:
    products = load_catalog([DEMO_DIR / "products.jsonl"], load_mapping(MAPPINGS_DIR / "demo.toml")).products
    embedder = HashEmbedder(dim=32)
    cache = tmp_path_factory.mktemp("bench-cache")
    texts = [product_document(p).text for p in products]
    vectors = cached_vectors(texts, cache, "demo", embedder.embed_documents)
    assert np.array_equal(cached_vectors(texts, cache, "demo", lambda _: pytest.fail("the cache was not used")), vectors)
    brand = max(sorted({p.brand for p in products}), key=[p.brand for p in products].count)
    return Base(tuple(products), vectors, QUERIES, embedder.embed_documents(list(QUERIES)), embedder.model_id, brand)


def test_growing_is_deterministic_and_a_smaller_catalog_is_the_start_of_a_larger_one(base):
    products, vectors = grow(list(base.products), base.vectors, 1500, seed=3)
    again, again_vectors = grow(list(base.products), base.vectors, 1500, seed=3)
    smaller, smaller_vectors = grow(list(base.products), base.vectors, 700, seed=3)
    other, other_vectors = grow(list(base.products), base.vectors, 1500, seed=4)
    assert products == again and np.array_equal(vectors, again_vectors)
    assert products[:700] == smaller and np.array_equal(vectors[:700], smaller_vectors)
    assert [p.price for p in other] != [p.price for p in products] and not np.array_equal(other_vectors, vectors)


def test_grown_rows_have_unique_ids_unit_vectors_and_small_variations(base):
    n = len(base.products)
    products, vectors = grow(list(base.products), base.vectors, 5 * n + 17)
    assert len(products) == len(vectors) == 5 * n + 17
    assert len({p.id for p in products}) == len(products)
    assert products[:n] == list(base.products) and np.array_equal(vectors[:n], base.vectors)
    assert vectors.dtype == np.float32 and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    for row in (n, 2 * n + 5, 5 * n + 16):
        copy, real = products[row], base.products[row % n]
        assert copy.id.startswith(real.id + "-v") and copy.title.startswith(real.title + " (") and copy.brand == real.brand
        assert 0.6 * real.price - 1 <= copy.price <= 1.6 * real.price + 1
        assert float(vectors[row] @ base.vectors[row % n]) > 0.9


def test_grown_vectors_are_those_of_grow_without_the_products(base):
    products, vectors = grow(list(base.products), base.vectors, 1234, seed=5)
    ids, same = grown_vectors([p.id for p in base.products], base.vectors, 1234, seed=5)
    assert ids == [p.id for p in products] and np.array_equal(same, vectors)


def test_every_copy_gets_its_own_title_variant():
    assert len({variant(c) for c in range(1, 2001)}) == 2000
    assert variant(1) == "Black, S" and variant(73) == "Black, S, Pack of 2"


def test_precomputed_documents_hand_out_each_row_once_even_for_equal_texts():
    vectors = np.arange(12, dtype=np.float32).reshape(4, 3)
    embedder = PrecomputedDocuments("fake", ["a", "b", "a", "c"], vectors)
    out = embedder.embed_documents(["c", "a", "b", "a"])
    assert out[0].tolist() == vectors[3].tolist() and out[2].tolist() == vectors[1].tolist()
    assert sorted(out[[1, 3], 0].tolist()) == [0.0, 6.0]


def test_a_tiny_size_runs_in_child_processes_and_writes_the_figures(base, tmp_path):
    settings = SearchSettings(exact_max_rows=1000)
    results = measure(base, [2000], tmp_path / "stores", settings, batch=512)
    summary = summarize(results, settings)
    data, plot = write_report(results, summary, {"machine": "test", "brand": base.brand}, tmp_path / "out")
    written = json.loads(data.read_text())
    size = written["sizes"][0]
    assert size["rows"] == size["serve"]["rows"] == 2000
    assert size["build"]["build_s"] > 0 and size["build"]["peak_rss_gb"] > 0 and "added 2000" in size["build"]["sync"]
    assert size["serve"]["startup_s"] > 0 and 0 < size["serve"]["rss_startup_gb"] <= size["serve"]["peak_rss_gb"]
    assert 0.0 <= size["serve"]["hnsw_recall_at_depth"] <= 1.0 and 0.0 <= size["serve"]["hnsw_top10_agreement"] <= 1.0
    assert size["serve"]["held"] == "float32" and size["serve"]["int8_recall_at_depth"] >= 0.9  # 2000 rows: float32; int8 compared
    assert size["serve"]["rss_serving_gb"] <= size["serve"]["peak_rss_gb"] and size["serve"]["rss_with_hnsw_gb"] > 0
    assert set(size["serve"]["latency"]) == set(KINDS)
    assert all(0 < v["p50_ms"] <= v["p95_ms"] for v in size["serve"]["latency"].values())
    assert written["summary"]["goals"][0]["default_arm"] == "hnsw"  # 2000 rows is past exact_max_rows=1000
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not (tmp_path / "stores" / "store-2000").exists()  # each size's store is removed after it is measured
