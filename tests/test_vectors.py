"""The dense vectors a search process holds: float32 scored exactly, int8 codes scanned and their
shortlist rescored; both agree with a brute-force float32 ranking, masks hold, rows keep their ids."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.indexing import product_document, sync
from retrieval.records import Product
from retrieval.search import HybridIndex, ProductSearch, SearchSettings
from retrieval.vectors import Float32Vectors, Int8Vectors, quantize, top_rows
from tests.fakes import HashEmbedder, MemoryStore


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def crowded() -> tuple[np.ndarray, np.ndarray]:
    """2,000 unit vectors made of 200 products x 10 near-copies (as the grown benchmark catalogs
    are), and 20 queries near some of them."""
    rng = np.random.default_rng(7)
    base = unit(rng.standard_normal((200, 384)))
    vectors = unit(np.repeat(base, 10, axis=0) + rng.normal(0, 0.015, (2000, 384)))
    queries = unit(base[:20] + rng.normal(0, 0.05, (20, 384)))
    return vectors, queries


def exact_top(vectors: np.ndarray, query: np.ndarray, depth: int, mask: np.ndarray | None = None) -> list[int]:
    scores = vectors @ query
    if mask is not None:
        scores[~mask] = -np.inf
    return top_rows(scores, depth)


def test_quantize_keeps_every_component_within_half_a_step():
    vectors = unit(np.random.default_rng(0).standard_normal((50, 384)))
    codes, scales = quantize(vectors)
    assert codes.dtype == np.int8 and scales.dtype == np.float32 and np.abs(codes).max() == 127
    assert np.all(np.abs(codes * scales[:, None] - vectors) <= scales[:, None] / 2 + 1e-7)


def test_quantize_a_zero_vector_and_no_vectors():
    codes, scales = quantize(np.zeros((1, 4), dtype=np.float32))
    assert codes.tolist() == [[0, 0, 0, 0]] and scales.tolist() == [1.0]
    codes, scales = quantize(np.zeros((0, 4), dtype=np.float32))
    assert codes.shape == (0, 4) and scales.shape == (0,)


def test_float32_top_is_the_brute_force_ranking_with_and_without_masks(crowded):
    vectors, queries = crowded
    held = Float32Vectors(vectors)
    sparse = np.zeros(len(vectors), dtype=bool)
    sparse[::37] = True  # few rows pass: gathered
    dense = np.ones(len(vectors), dtype=bool)
    dense[::3] = False  # most rows pass: one product, then masked
    for query in queries[:5]:
        for mask in (None, sparse, dense):
            rows, scores = held.top(query, mask, 50)
            assert rows == exact_top(vectors, query, 50, mask)
            if mask is not None:
                assert np.all(np.isneginf(scores[~mask]))


def test_int8_top_finds_the_exact_top_100_among_near_copies(crowded):
    vectors, queries = crowded
    held = Int8Vectors(*quantize(vectors))
    found = [len(set(held.top(q, None, 100)[0]) & set(exact_top(vectors, q, 100))) / 100 for q in queries]
    assert np.mean(found) >= 0.97 and min(found) >= 0.9


@pytest.mark.parametrize("every", [37, 2])  # a sparse mask (its rows gathered) and a dense one (scanned, then masked)
def test_int8_top_returns_only_masked_rows_best_first(crowded, every):
    vectors, queries = crowded
    held = Int8Vectors(*quantize(vectors))
    mask = np.zeros(len(vectors), dtype=bool)
    mask[::every] = True
    rows, scores = held.top(queries[3], mask, 30)
    assert scores is None and len(rows) == 30 and all(mask[r] for r in rows)
    rescored = held[rows] @ queries[3]
    assert np.all(np.diff(rescored) <= 0)
    assert len(set(rows) & set(exact_top(vectors, queries[3], 30, mask))) >= 27


def test_int8_rows_are_the_dequantized_vectors(crowded):
    vectors, _ = crowded
    held = Int8Vectors(*quantize(vectors[:10]))
    assert held[3].shape == (384,) and held[[1, 2]].shape == (2, 384) and len(held) == 10
    assert np.abs(held[[1, 2]] - vectors[1:3]).max() < 0.005 and np.abs(held[3] - vectors[3]).max() < 0.005


PRODUCTS = [
    Product(f"p{i:02d}", title, price, "USD", brand=brand, category=("Home", kind), availability="in_stock")
    for i, (title, price, brand, kind) in enumerate(
        [
            ("Ceramic coffee mug", 12.0, "Hearth", "Kitchen"),
            ("Insulated travel mug", 25.0, "Hearth", "Kitchen"),
            ("Stainless steel kettle", 40.0, "Brewco", "Kitchen"),
            ("Cotton bath towel", 15.0, "Soft", "Bath"),
            ("Bamboo bath mat", 22.0, "Soft", "Bath"),
            ("Glass teapot with infuser", 30.0, "Brewco", "Kitchen"),
        ]
        * 4
    )
]


def test_a_store_read_page_by_page_is_in_id_order_as_float32_or_int8():
    store, embedder = MemoryStore(), HashEmbedder()
    sync(store, embedder, [product_document(p) for p in reversed(PRODUCTS)])
    expected = store.load_all()
    for int8 in (False, True):
        index = HybridIndex.load(store, int8=int8)  # MemoryStore hands its pages last first
        assert index.ids == expected.ids == sorted(p.id for p in PRODUCTS)
        assert isinstance(index.vectors, Int8Vectors if int8 else Float32Vectors)
        assert np.abs(index.vectors[list(range(len(PRODUCTS)))] - expected.vectors).max() < 0.01
        assert index.fields["brand"] == [m["brand"] for m in expected.metadatas] and "text_hash" not in index.fields


def test_int8_and_float32_searches_return_the_same_products():
    store, embedder = MemoryStore(), HashEmbedder()
    sync(store, embedder, [product_document(p) for p in PRODUCTS])
    settings = SearchSettings(k=5, candidates=20)
    exact, int8 = (ProductSearch(HybridIndex.load(store, int8=flag), embedder, settings) for flag in (False, True))
    for query in ("coffee mug", "bath towel", "kettle for tea"):
        assert [h.product.id for h in exact.search(query).hits] == [h.product.id for h in int8.search(query).hits]


def test_rows_added_while_the_store_is_read_still_fit():
    store, embedder = MemoryStore(), HashEmbedder()
    sync(store, embedder, [product_document(p) for p in PRODUCTS])
    counted = store.state()
    store.state = lambda: type(counted)(counted.state, counted.fingerprint, 3)  # counted before most rows came
    for int8 in (False, True):
        index = HybridIndex.load(store, int8=int8)
        assert len(index) == len(index.vectors) == len(PRODUCTS) and index.ids == sorted(p.id for p in PRODUCTS)
