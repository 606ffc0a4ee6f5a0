"""Benchmark: catalog indexing throughput and query latency at 20k products (flipkart-20k).

Measures, in one run on the same texts and vectors:
- index build: raw `SentenceTransformer.encode` vs the project's `sync` into Chroma (ratio), then
  incremental re-runs (no change; 1% price changes; 1% title changes);
- query latency p50/p95 over real shopper queries: raw Chroma `query` unfiltered and with a
  where-filter vs the project's hybrid search unfiltered and with hard filters (query vectors
  precomputed for both, so only search is timed), plus the query embedding cost on its own.

Run: `.venv/bin/python -m eval.bench_catalog [--limit N] [--queries N]` (needs ../shared/data).
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from assistant.builders import build_embedder
from assistant.config import load_config
from retrieval.catalog import load_catalog
from retrieval.filters import Filters
from retrieval.indexing import product_document, sync
from retrieval.mapping import MAPPINGS_DIR, load_mapping
from retrieval.search import HybridIndex, ProductSearch
from retrieval.store import ChromaStore, collection_name, open_client


class PrecomputedQueries:
    """An embedder that answers queries from a precomputed table, so only search is timed."""

    def __init__(self, model_id: str, dim: int, vectors: dict[str, np.ndarray]):
        self.model_id, self.dim, self.vectors = model_id, dim, vectors

    def embed_query(self, text: str) -> np.ndarray:
        """The stored vector of `text`."""
        return self.vectors[text]


def percentiles(samples_s: list[float]) -> str:
    """'p50 x ms, p95 y ms' of durations in seconds."""
    ms = np.array(samples_s) * 1000
    return f"p50 {np.percentile(ms, 50):7.2f} ms   p95 {np.percentile(ms, 95):7.2f} ms"


def timed(fn, queries) -> list[float]:
    """Duration of fn(q) for each query, after one warm-up call."""
    fn(queries[0])
    out = []
    for q in queries:
        start = time.perf_counter()
        fn(q)
        out.append(time.perf_counter() - start)
    return out


def shopper_queries(shared: Path, n: int, products) -> list[str]:
    """Real human search queries (WebShop), else product-title prefixes."""
    path = shared / "queries/webshop-human-goals/goal_query_map.json"
    if path.exists():
        data = json.loads(path.read_text())
        texts = sorted({q for qs in data.values() for q in (qs if isinstance(qs, list) else [qs]) if isinstance(q, str) and q.strip()})
        if texts:
            return random.Random(0).sample(texts, min(n, len(texts)))
    return [" ".join(p.title.split()[:4]) for p in random.Random(0).sample(products, n)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config")
    parser.add_argument("--set", action="append", default=[])
    parser.add_argument("--limit", type=int, default=0, help="use only the first N products (0: all)")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    config = load_config(args.config, args.set)
    folder = config.shared_data / "catalog/flipkart-20k"
    if not folder.exists():
        print(f"skipped: {folder} not found (the benchmark needs ../shared/data)")
        return 0
    mapping = load_mapping(MAPPINGS_DIR / "flipkart-20k.toml")
    start = time.perf_counter()
    report = load_catalog(sorted(folder.glob("products_20k_part*.csv")), mapping)
    load_s = time.perf_counter() - start
    products = list(report.products)[: args.limit or None]
    print(f"catalog: {len(products)} products ({len(report.rejections)} rows rejected), loaded in {load_s:.2f} s")
    docs = [product_document(p) for p in products]
    texts = [d.text for d in docs]

    embedder = build_embedder(config)
    start = time.perf_counter()
    embedder._model.encode(texts, batch_size=config.embedder.batch_size, normalize_embeddings=True, show_progress_bar=False)
    raw_s = time.perf_counter() - start
    print(f"\nindex build ({len(texts)} texts, mean {statistics.mean(len(t.split()) for t in texts):.0f} words)")
    print(f"  raw SentenceTransformer.encode      {raw_s:7.1f} s  {len(texts) / raw_s:7.1f} docs/s")

    with tempfile.TemporaryDirectory() as tmp:
        client = open_client("persistent", Path(tmp))
        store = ChromaStore(client, collection_name("bench", "products", embedder.model_id, embedder.dim), embedder.model_id, embedder.dim)
        start = time.perf_counter()
        summary = sync(store, embedder, docs, batch_size=config.embedder.batch_size * 4)
        sync_s = time.perf_counter() - start
        print(
            f"  project sync (embed + Chroma upsert) {sync_s:7.1f} s  {len(texts) / sync_s:7.1f} docs/s   ratio {raw_s / sync_s:.2f}x raw   [{summary}]"
        )
        for label, changed in (
            ("no change", docs),
            ("1% prices changed", _bump(docs, products, "price")),
            ("1% titles changed", _bump(docs, products, "title")),
        ):
            start = time.perf_counter()
            summary = sync(store, embedder, changed, batch_size=config.embedder.batch_size * 4)
            print(f"  re-run, {label:<18} {time.perf_counter() - start:7.2f} s   [{summary}]")
        sync(store, embedder, docs)

        start = time.perf_counter()
        index = HybridIndex.load(store)
        print(f"  search start-up (load {len(index)} rows from Chroma + build BM25) {time.perf_counter() - start:.2f} s")

        queries = shopper_queries(config.shared_data, args.queries, products)
        start = time.perf_counter()
        vectors = {q: embedder.embed_query(q) for q in queries}
        embed_s = (time.perf_counter() - start) / len(queries)
        search = ProductSearch(index, PrecomputedQueries(embedder.model_id, embedder.dim, vectors), config.search)
        collection = client.get_collection(store.name)
        top_category = products[0].category[0]
        brand = max({p.brand for p in products if p.brand}, key=lambda b: sum(p.brand == b for p in products[:2000]))
        settings = replace(config.search, k=10)
        hnsw = replace(settings, exact_max_rows=0)
        cases = [
            ("raw Chroma, unfiltered", lambda q: collection.query(query_embeddings=[vectors[q]], n_results=10)),
            (
                "raw Chroma, where price <= 1000",
                lambda q: collection.query(query_embeddings=[vectors[q]], n_results=10, where={"price": {"$lte": 1000.0}}),
            ),
            (
                f"raw Chroma, where brand = {brand!r}",
                lambda q: collection.query(query_embeddings=[vectors[q]], n_results=10, where={"brand": brand.lower()}),
            ),
            ("project hybrid, unfiltered (exact dense arm)", lambda q: search.search(q, Filters(), settings)),
            ("project hybrid, unfiltered (Chroma HNSW dense arm)", lambda q: search.search(q, Filters(), hnsw)),
            ("project hybrid, price <= 1000", lambda q: search.search(q, Filters(price_max=1000.0), settings)),
            (f"project hybrid, brand = {brand!r}", lambda q: search.search(q, Filters(brands=(brand,)), settings)),
            (
                f"project hybrid, category {top_category!r} + price 200..2000",
                lambda q: search.search(q, Filters(price_min=200, price_max=2000, category=top_category), settings),
            ),
        ]
        print(
            f"\nquery latency, {len(queries)} real shopper queries, top 10, vectors precomputed (query embedding alone: {embed_s * 1000:.1f} ms/query)"
        )
        results = {}
        for label, fn in cases:
            samples = timed(fn, queries)
            results[label] = samples
            print(f"  {label:<62} {percentiles(samples)}")
        print("\nratios (p50): project filtered vs raw Chroma filtered:")
        print(f"  price:  raw {np.median(results[cases[1][0]]) / np.median(results[cases[5][0]]):.1f}x slower than project")
        print(f"  brand:  raw {np.median(results[cases[2][0]]) / np.median(results[cases[6][0]]):.1f}x slower than project")
    return 0


def _bump(docs, products, field: str):
    """A copy of `docs` with 1% of products changed in `field`."""
    changed = list(docs)
    for i in range(0, len(products), 100):
        p = products[i]
        changed[i] = product_document(replace(p, price=p.price + 1) if field == "price" else replace(p, title=p.title + " (new)"))
    return changed


if __name__ == "__main__":
    sys.exit(main())
