"""Hybrid search with fakes: filters apply before ranking in both arms, arms fuse, reviews scope."""

from __future__ import annotations

import pytest

from retrieval.filters import Filters
from retrieval.indexing import chunk_review, product_document, review_document, sync
from retrieval.records import Product, Review
from retrieval.search import HybridIndex, ProductSearch, ReviewSearch, SearchError, SearchSettings
from tests.fakes import HashEmbedder, MemoryStore

PRODUCTS = [
    Product(
        id="h1",
        title="Wireless noise cancelling headphones",
        price=199.0,
        currency="USD",
        brand="Aurelle",
        category=("Electronics", "Headphones"),
        availability="in_stock",
    ),
    Product(
        id="h2",
        title="Wired studio headphones",
        price=49.0,
        currency="USD",
        brand="Tono",
        category=("Electronics", "Headphones"),
        availability="in_stock",
    ),
    Product(
        id="h3",
        title="Kids headphones volume limited",
        price=19.0,
        currency="USD",
        brand="Tono",
        category=("Electronics", "Headphones"),
        availability="out_of_stock",
    ),
    Product(
        id="m1",
        title="Ceramic coffee mug",
        price=12.0,
        currency="USD",
        brand="Hearth",
        category=("Home", "Kitchen"),
        availability="in_stock",
    ),
    Product(
        id="m2",
        title="Insulated travel mug",
        price=25.0,
        currency="USD",
        brand="Hearth",
        category=("Home", "Kitchen"),
        availability="in_stock",
    ),
]
SETTINGS = SearchSettings(k=3, candidates=10)


@pytest.fixture()
def search() -> ProductSearch:
    store, embedder = MemoryStore(), HashEmbedder()
    sync(store, embedder, [product_document(p) for p in PRODUCTS])
    return ProductSearch(HybridIndex.load(store), embedder, SETTINGS)


def test_unfiltered_search_ranks_by_both_arms(search):
    result = search.search("headphones")
    assert result.matched == 5 and result.warning == ""
    assert {h.product.id for h in result.hits} == {"h1", "h2", "h3"}
    top = result.hits[0].ranking
    assert top.lexical_rank is not None and top.lexical_score > 0 and top.dense_rank is not None


def test_filters_apply_before_ranking_so_only_matching_products_appear(search):
    result = search.search("headphones", Filters(price_max=60, in_stock=True))
    assert result.matched == 3
    assert [h.product.id for h in result.hits] == ["h2", "m1", "m2"]  # mugs only fill the list from the dense arm
    assert result.hits[1].ranking.lexical_rank is None


def test_nothing_passes_the_filters(search):
    result = search.search("headphones", Filters(price_max=1))
    assert result.hits == () and result.matched == 0


def test_lexical_only_weighting(search):
    result = search.search("mug", settings=SearchSettings(k=5, candidates=10, dense_weight=0.0))
    assert [h.product.id for h in result.hits] == ["m1", "m2"]


def test_same_query_same_answer(search):
    first = [h.product.id for h in search.search("travel headphones mug").hits]
    assert all([h.product.id for h in search.search("travel headphones mug").hits] == first for _ in range(3))


def test_empty_query_is_an_error(search):
    with pytest.raises(SearchError, match="query is empty"):
        search.search("  ")


def test_mmr_trades_relevance_for_diversity(search):
    plain = search.search("headphones", settings=SearchSettings(k=3, candidates=10))
    diverse = search.search("headphones", settings=SearchSettings(k=3, candidates=10, mmr=True, mmr_lambda=0.3))
    assert {h.product.category[0] for h in plain.hits} == {"Electronics"}  # relevance alone: all headphones
    categories = {h.product.category[0] for h in diverse.hits}
    assert categories == {"Electronics", "Home"} and len({h.product.id for h in diverse.hits}) == 3


def test_review_search_scoped_to_a_product_and_across_products():
    reviews = [
        Review("r1", "h1", "Battery lasted 31 hours on a long flight", rating=5),
        Review("r2", "h2", "The cable is short and the battery question does not apply", rating=3),
        Review("r3", "m1", "Keeps coffee warm, dishwasher safe", rating=4),
    ]
    store, embedder = MemoryStore(), HashEmbedder()
    sync(store, embedder, [review_document(c) for r in reviews for c in chunk_review(r)])
    search = ReviewSearch(HybridIndex.load(store), embedder, SETTINGS)
    assert [h.chunk.review_id for h in search.search("battery hours", k=2)][:1] == ["r1"]
    assert [h.chunk.product_id for h in search.search("battery", product_ids=("h2",))] == ["h2"]
    assert search.search("battery", product_ids=("unknown",)) == []


def test_store_hnsw_arm_and_exact_arm_agree_on_an_exact_store(search):
    exact = search.search("wireless headphones", settings=SearchSettings(k=5, candidates=10))
    via_store = search.search("wireless headphones", settings=SearchSettings(k=5, candidates=10, exact_max_rows=0))
    assert [h.product.id for h in via_store.hits] == [h.product.id for h in exact.hits]
    assert [h.ranking.dense_score for h in via_store.hits] == pytest.approx([h.ranking.dense_score for h in exact.hits])
