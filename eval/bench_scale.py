"""Benchmark: the cost curve of retrieval as the catalog grows, 20k -> 200k -> 1M products.

The real flipkart-20k products and their real all-MiniLM-L6-v2 vectors (encoded once, cached under
.shopassist/bench-cache/) are grown to N rows synthetically (`eval.grown_catalog`). Same seed, same
data; a smaller catalog is the start of a larger one.

Each size is measured in fresh child processes, so every figure is that size's alone:
- build: the project's `sync` writing the N rows (vectors precomputed, so no model runs) into a
  Chroma PersistentClient, and the indexing process's peak RSS;
- start-up: a new search process loading the index as the app does (`HybridIndex.load`: rows page
  by page, vectors as float32 up to INT8_MIN_ROWS and int8 codes above, BM25) and the records and
  filter columns (`ProductSearch`); RSS after it, and peak;
- query latency p50/p95 over real shopper queries (WebShop), vectors precomputed so only search is
  timed: the hybrid search unfiltered with the exact arm as held, filtered by price and by brand;
  then, for comparison only (after the app's RSS is taken), the exact arm with the other vectors
  (float32 vs int8), Chroma's HNSW arm (`exact_max_rows=0`) and raw Chroma `query`; and how much of
  the exact float32 dense top 100 the int8 scan and HNSW return.
Prints a table per size and a summary (where the exact arm crosses HNSW; the goals p95 <= 50 ms and
RSS <= 3 GB), and writes the figures as JSON and a plot (PNG).

Run: `.venv/bin/python -m eval.bench_scale [--sizes 20000,200000,1000000] [--queries 200] [--out DIR]`
(needs ../shared/data; the first run encodes the 20k texts, about 3 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import logging
import multiprocessing
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from assistant.config import load_config
from eval.bench_catalog import PrecomputedQueries, shopper_queries, timed
from eval.grown_catalog import NOISE, grow, grown_vectors
from retrieval.catalog import load_catalog
from retrieval.filters import Filters
from retrieval.indexing import product_document, sync
from retrieval.mapping import MAPPINGS_DIR, load_mapping
from retrieval.records import Product
from retrieval.search import HybridIndex, ProductSearch, SearchSettings
from retrieval.store import ChromaStore, collection_name, open_client
from retrieval.vectors import Float32Vectors, Int8Vectors, quantize

GOAL_P95_MS = 50.0
GOAL_RSS_GB = 3.0  # decimal GB (1e9 bytes), resident set of the search process
PRICE_MAX = 1000.0  # the price filter (INR), as in bench_catalog
KINDS = {  # search kind -> label in the tables ({held}: the vectors the search process holds at that size)
    "exact": "hybrid, unfiltered, exact arm ({held})",
    "exact_other": "hybrid, unfiltered, exact arm ({other})",
    "hnsw": "hybrid, unfiltered, HNSW dense arm",
    "price": f"hybrid, price <= {PRICE_MAX:g} ({{held}})",
    "brand": "hybrid, brand = {brand} ({held})",
    "raw": "raw Chroma query, unfiltered",
}
OTHER = {"int8": "float32", "float32": "int8"}


@dataclass(frozen=True)
class Base:
    """The real rows the grown catalogs are made of, and the shopper queries."""

    products: tuple[Product, ...]
    vectors: np.ndarray  # (n, dim) float32 unit rows; row i embeds products[i]
    queries: tuple[str, ...]
    query_vectors: np.ndarray  # (q, dim) float32 unit rows
    model_id: str
    brand: str  # the brand filter: the commonest brand among the first 2,000 products

    @property
    def dim(self) -> int:
        """Embedding dimension."""
        return int(self.vectors.shape[1])


class PrecomputedDocuments:
    """An embedder whose document vectors are known already, found by text: `sync` runs its whole
    path (hashes, upserts, states) while no model runs."""

    def __init__(self, model_id: str, texts: list[str], vectors: np.ndarray):
        self.model_id, self.dim, self.vectors = model_id, int(vectors.shape[1]), vectors
        self._rows: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            self._rows.setdefault(text, []).append(i)  # equal texts (repeated real titles) share the list

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        """The stored vectors of `texts` (each row handed out once)."""
        return self.vectors[[self._rows[t].pop() for t in texts]]


def cached_vectors(texts: list[str], cache: Path, name: str, embed) -> np.ndarray:
    """`embed(texts)`, stored as .npy under `cache` keyed by the texts, so it runs once."""
    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = cache / f"{name}-{key}.npy"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        np.save(path, np.asarray(embed(texts), dtype=np.float32))
        print(f"encoded {len(texts)} texts for {name} in {time.perf_counter() - start:.1f} s, cached in {path}")
    return np.load(path)


def flipkart_base(config, n_queries: int) -> Base:
    """flipkart-20k with its real vectors and the WebShop queries with theirs (encoded once, cached)."""
    folder = config.shared_data / "catalog/flipkart-20k"
    products = list(load_catalog(sorted(folder.glob("products_20k_part*.csv")), load_mapping(MAPPINGS_DIR / "flipkart-20k.toml")).products)
    queries = shopper_queries(config.shared_data, n_queries, products)
    model: list = []  # built on the first cache miss only

    def embed(texts: list[str]) -> np.ndarray:
        if not model:
            from assistant.builders import build_embedder  # torch only when something must be encoded

            model.append(build_embedder(config))
        return model[0].embed_documents(texts)

    cache = Path(config.paths.data_dir) / "bench-cache"
    vectors = cached_vectors([product_document(p).text for p in products], cache, "flipkart-20k-minilm", embed)
    query_vectors = cached_vectors(queries, cache, "webshop-queries-minilm", embed)
    counts: dict[str, int] = {}
    for p in products[:2000]:
        if p.brand:
            counts[p.brand] = counts.get(p.brand, 0) + 1
    brand = max(sorted(counts), key=counts.__getitem__)
    model_id = config.embedder.model or "sentence-transformers/all-MiniLM-L6-v2"
    return Base(tuple(products), vectors, tuple(queries), query_vectors, model_id, brand)


def rss_gb() -> float:
    """Resident set of this process now, GB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e9


def peak_rss_gb() -> float:
    """Peak resident set of this process so far, GB: VmHWM, not getrusage's ru_maxrss, which a
    spawned child inherits from its parent across fork + exec (it read the parent's 1 GB)."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) * 1024 / 1e9


def _store(client, base: Base) -> ChromaStore:
    name = collection_name("scale", "products", base.model_id, base.dim)
    return ChromaStore(client, name, base.model_id, base.dim)


def build_child(base: Base, n: int, path: str, seed: int, batch: int) -> dict:
    """Grow the catalog to `n` rows and write it into a new Chroma store with the project's `sync`."""
    logging.basicConfig(level=logging.WARNING)
    start = time.perf_counter()
    products, vectors = grow(list(base.products), base.vectors, n, seed)
    docs = [product_document(p) for p in products]
    embedder = PrecomputedDocuments(base.model_id, [d.text for d in docs], vectors)
    del products, vectors
    generate_s = time.perf_counter() - start
    store = _store(open_client("persistent", Path(path)), base)
    start = time.perf_counter()
    summary = sync(store, embedder, docs, batch_size=batch)
    build_s = time.perf_counter() - start
    disk = sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())
    return {"generate_s": generate_s, "build_s": build_s, "rows_per_s": n / build_s, "sync": str(summary)} | {
        "peak_rss_gb": peak_rss_gb(),
        "disk_gb": disk / 1e9,
    }


def serve_child(base: Base, n: int, path: str, settings: SearchSettings, seed: int) -> dict:
    """Start a search process on the store at `path`, time the queries of every search kind, and
    measure how much of the exact float32 dense top 100 the int8 scan and Chroma's HNSW return."""
    logging.basicConfig(level=logging.WARNING)
    seconds, rss, clock = {}, {"bare": rss_gb()}, [time.perf_counter()]

    def stage(name: str) -> None:  # seconds since the previous stage, and the RSS after it
        seconds[name], clock[0] = time.perf_counter() - clock[0], time.perf_counter()
        rss[name] = rss_gb()

    client = open_client("persistent", Path(path))
    store = _store(client, base)
    vectors = dict(zip(base.queries, base.query_vectors))
    queries = list(base.queries)
    clock[0] = time.perf_counter()
    store.state()  # the embedded Chroma loads the collection's HNSW index on its first access, whatever it is
    stage("chroma_open")
    index = HybridIndex.load(store, keep_documents=False)  # as the app loads it
    stage("rows_bm25")
    search = ProductSearch(index, PrecomputedQueries(base.model_id, base.dim, vectors), settings)
    stage("records")
    held = "int8" if isinstance(index.vectors, Int8Vectors) else "float32"
    exact, hnsw = replace(settings, k=10, exact_max_rows=len(index)), replace(settings, k=10, exact_max_rows=0)
    cases = {
        "exact": lambda q: search.search(q, Filters(), exact),
        "price": lambda q: search.search(q, Filters(price_max=PRICE_MAX), exact),
        "brand": lambda q: search.search(q, Filters(brands=(base.brand,)), exact),
    }
    latency, load = {}, os.getloadavg()[0]  # other work on the machine shows in the load average

    def time_kind(kind: str, fn) -> None:
        ms = np.array(timed(fn, queries)) * 1000
        latency[kind] = {"p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95))}

    for kind, fn in cases.items():
        time_kind(kind, fn)
    stage("queries")
    peak_serving = peak_rss_gb()  # the app's own footprint ends here; what follows is for comparison
    ids, f32 = grown_vectors([p.id for p in base.products], base.vectors, n, seed)
    position = {id_: row for row, id_ in enumerate(ids)}
    f32 = f32[[position[id_] for id_ in index.ids]]  # the true float32 vectors, in the index's row order
    del ids, position
    as_held = index.vectors
    index.vectors = Float32Vectors(f32) if held == "int8" else Int8Vectors(*quantize(f32))
    time_kind("exact_other", cases["exact"])
    int8 = index.vectors if held == "float32" else as_held
    index.vectors = as_held
    clock[0] = time.perf_counter()
    store.query(base.query_vectors[0], settings.candidates)
    stage("first_hnsw_query")
    collection = client.get_collection(store.name)
    time_kind("hnsw", lambda q: search.search(q, Filters(), hnsw))
    time_kind("raw", lambda q: collection.query(query_embeddings=[vectors[q]], n_results=10))
    stage("hnsw_queries")
    found_hnsw, found_int8, agree, depth = [], [], [], min(settings.candidates, len(index))
    for q, v in vectors.items():
        best = set(np.argpartition(-(f32 @ v), depth - 1)[:depth].tolist())
        found_hnsw.append(len(best & {index.row_of[i] for i in store.query(v, depth)[0]}) / depth)
        found_int8.append(len(best & set(int8.top(v, None, depth)[0])) / depth)
        top = {h.product.id for h in search.search(q, Filters(), exact).hits}
        agree.append(len(top & {h.product.id for h in search.search(q, Filters(), hnsw).hits}) / max(len(top), 1))
    return {
        "rows": len(index),
        "held": held,
        "seconds": seconds,
        "startup_s": seconds["chroma_open"] + seconds["rows_bm25"] + seconds["records"],
        "chroma_open_gb": rss["chroma_open"] - rss["bare"],  # Chroma's own share of the search process
        "rss_gb": rss,
        "rss_startup_gb": rss["records"],
        "rss_serving_gb": rss["queries"],  # after the app's own kinds of query (its vectors as held, no HNSW)
        "peak_rss_gb": peak_serving,
        "rss_with_hnsw_gb": rss["hnsw_queries"],  # plus the other vectors and Chroma's HNSW index in this process
        "hnsw_recall_at_depth": float(np.mean(found_hnsw)),  # share of the exact float32 dense top `candidates` HNSW returns
        "int8_recall_at_depth": float(np.mean(found_int8)),  # the same for the int8 scan
        "hnsw_top10_agreement": float(np.mean(agree)),  # share of the exact hybrid top 10 the HNSW hybrid returns too
        "latency": latency,
        "load_average_1min": [load, os.getloadavg()[0]],
    }


def in_child(fn, *args) -> dict:
    """`fn(*args)` in a fresh process (spawned: nothing of this one is resident in it)."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def measure(base: Base, sizes: list[int], work: Path, settings: SearchSettings, seed: int = 0, batch: int = 256, done=None) -> list[dict]:
    """Build and serve each size in its own child processes; print each size's figures as they come,
    and hand the results so far to `done` after each size (a later failure loses nothing)."""
    results: list[dict] = []
    for n in sizes:
        path = work / f"store-{n}"
        shutil.rmtree(path, ignore_errors=True)
        print(f"\n== {n:,} products ==", flush=True)
        build = in_child(build_child, base, n, str(path), seed, batch)
        print(build_line(build), flush=True)
        serve = in_child(serve_child, base, n, str(path), settings, seed)
        shutil.rmtree(path, ignore_errors=True)
        results.append({"rows": n, "build": build, "serve": serve})
        print(serve_table(serve, base), flush=True)
        if done:
            done(results)
    return results


def build_line(b: dict) -> str:
    """The build figures of one size."""
    sync_s = f"project sync into Chroma {b['build_s']:.1f} s ({b['rows_per_s']:,.0f} rows/s), peak RSS {b['peak_rss_gb']:.2f} GB"
    return f"build      grow + documents {b['generate_s']:.1f} s; {sync_s}; store on disk {b['disk_gb']:.2f} GB"


def serve_table(s: dict, base: Base) -> str:
    """The start-up, memory and latency figures of one size."""
    t = s["seconds"]
    startup = f"Chroma opens the collection {t['chroma_open']:.1f} s + rows + BM25 {t['rows_bm25']:.1f} s + records/columns {t['records']:.1f} s = {s['startup_s']:.1f} s"
    lines = [
        f"start-up   {startup}; vectors held as {s['held']}; first HNSW query {t['first_hnsw_query'] * 1000:.0f} ms",
        "RSS (GB)   " + ", ".join(f"{k} {v:.2f}" for k, v in s["rss_gb"].items()) + f"; peak while serving {s['peak_rss_gb']:.2f}",
        f"recall     of the exact float32 dense top 100: int8 scan {s['int8_recall_at_depth']:.1%}, HNSW {s['hnsw_recall_at_depth']:.1%}; "
        + f"the HNSW hybrid top 10 shares {s['hnsw_top10_agreement']:.1%} with the exact one",
        f"query latency, {len(base.queries)} shopper queries, top 10:",
    ]
    for kind, label in KINDS.items():
        figures = s["latency"][kind]
        text = label.format(brand=base.brand, held=s["held"], other=OTHER[s["held"]])
        lines.append(f"  {text:<48} p50 {figures['p50_ms']:8.2f} ms   p95 {figures['p95_ms']:8.2f} ms")
    return "\n".join(lines)


def crossing(points: list[tuple[int, float, float]]) -> tuple[float | None, str]:
    """Rows where the exact arm's p95 meets HNSW's, log-linear between measured (rows, exact, hnsw) sizes."""
    for (n0, e0, h0), (n1, e1, h1) in itertools.pairwise(points):
        d0, d1 = e0 - h0, e1 - h1
        if d0 <= 0 < d1:
            at = float(np.exp(np.log(n0) + (np.log(n1) - np.log(n0)) * -d0 / (d1 - d0)))
            return at, f"exact crosses HNSW at about {at:,.0f} rows (between the measured {n0:,} and {n1:,})"
    if all(e > h for _, e, h in points):
        return None, f"HNSW is faster at every measured size, from {points[0][0]:,} rows"
    return None, f"exact is still faster at {points[-1][0]:,} rows"


def summarize(results: list[dict], settings: SearchSettings) -> dict:
    """Where the exact arm crosses HNSW, and the goals at each size under the default settings."""
    p95 = [(r["rows"], r["serve"]["latency"]["exact"]["p95_ms"], r["serve"]["latency"]["hnsw"]["p95_ms"]) for r in results]
    at, sentence = crossing(p95)
    goals = []
    for r in results:
        latency = r["serve"]["latency"]
        arm = "exact" if r["rows"] <= settings.exact_max_rows else "hnsw"
        worst = {k: latency[k]["p95_ms"] for k in (arm, "price", "brand")}
        broken = [f"p95 {k} {v:.1f} ms" for k, v in worst.items() if v > GOAL_P95_MS]
        broken += [f"RSS {k} {r['serve'][k]:.2f} GB" for k in ("rss_serving_gb", "peak_rss_gb") if r["serve"][k] > GOAL_RSS_GB]
        goals.append(
            {"rows": r["rows"], "default_arm": arm, "held": r["serve"]["held"], "worst_p95_ms": max(worst.values()), "broken": broken}
        )
    return {
        "exact_crosses_hnsw_at_rows": at,
        "crossing": f"as shipped, {sentence}",
        "exact_max_rows": settings.exact_max_rows,
        "goals": goals,
    }


def print_summary(results: list[dict], summary: dict) -> None:
    """The curve in one table, then the crossing and the goals."""
    print("\nsummary: p95 ms; RSS GB of the search process once serving, and its peak; build s = project sync; recall of the exact top 100")
    print(
        f"{'rows':>10} {'build s':>8} {'start s':>8} {'held':>7} {'exact':>7} {'other':>7} {'hnsw':>7} {'price':>7} {'brand':>7} {'raw':>7} {'RSS':>6} {'peak':>6} {'int8@100':>8} {'HNSW@100':>8}"
    )
    for r in results:
        s, p95 = r["serve"], {k: v["p95_ms"] for k, v in r["serve"]["latency"].items()}
        print(
            f"{r['rows']:>10,} {r['build']['build_s']:>8.1f} {s['startup_s']:>8.1f} {s['held']:>7} {p95['exact']:>7.2f} {p95['exact_other']:>7.2f} {p95['hnsw']:>7.2f} "
            f"{p95['price']:>7.2f} {p95['brand']:>7.2f} {p95['raw']:>7.2f} {s['rss_serving_gb']:>6.2f} {s['peak_rss_gb']:>6.2f} "
            f"{s['int8_recall_at_depth']:>8.1%} {s['hnsw_recall_at_depth']:>8.1%}"
        )
    print(f"\n{summary['crossing']}; search.exact_max_rows is {summary['exact_max_rows']:,}")
    for g in summary["goals"]:
        verdict = "goals met" if not g["broken"] else "over the goal: " + ", ".join(g["broken"])
        print(f"{g['rows']:>10,} rows ({g['default_arm']} arm, {g['held']} vectors): worst p95 {g['worst_p95_ms']:.1f} ms; {verdict}")


def write_report(results: list[dict], summary: dict, meta: dict, out: Path) -> tuple[Path, Path]:
    """scale_curve.json and scale_curve.png under `out`."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    data, plot = out / "scale_curve.json", out / "scale_curve.png"
    data.write_text(json.dumps({**meta, "sizes": results, "summary": summary}, indent=2) + "\n")
    rows = [r["rows"] for r in results]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8))
    held = "/".join(dict.fromkeys(r["serve"]["held"] for r in results))  # float32 below INT8_MIN_ROWS, int8 above
    for kind, label in KINDS.items():
        text = label.format(brand=meta["brand"], held=f"as held: {held}", other="the other")
        left.plot(rows, [r["serve"]["latency"][kind]["p95_ms"] for r in results], "o-", label=text)
    left.axhline(GOAL_P95_MS, color="red", ls="--", lw=1, label=f"goal {GOAL_P95_MS:g} ms")
    if summary["exact_crosses_hnsw_at_rows"]:
        left.axvline(summary["exact_crosses_hnsw_at_rows"], color="grey", ls=":", lw=1, label="exact = HNSW")
    left.set(xscale="log", yscale="log", xlabel="products", ylabel="p95 latency (ms)", title="query latency, p95")
    for key, label in (
        ("rss_serving_gb", "search process, serving"),
        ("peak_rss_gb", "search process, peak"),
        ("rss_with_hnsw_gb", "+ the other vectors and Chroma's HNSW (comparison only)"),
    ):
        right.plot(rows, [r["serve"][key] for r in results], "o-", label=label)
    right.plot(rows, [r["build"]["peak_rss_gb"] for r in results], "s--", label="indexing process, peak")
    right.axhline(GOAL_RSS_GB, color="red", ls="--", lw=1, label=f"goal {GOAL_RSS_GB:g} GB")
    right.set(xscale="log", xlabel="products", ylabel="RSS (GB)", title="memory")
    for ax in (left, right):
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(f"shopassist retrieval cost curve ({meta['machine']})", fontsize=10)
    fig.tight_layout()
    fig.savefig(plot, dpi=110)
    plt.close(fig)
    return data, plot


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config")
    parser.add_argument("--set", action="append", default=[])
    parser.add_argument("--sizes", default="20000,200000,1000000", help="catalog sizes, comma-separated")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="docs", help="folder for scale_curve.json and scale_curve.png")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    config = load_config(args.config, args.set)
    if not (config.shared_data / "catalog/flipkart-20k").exists():
        print(f"skipped: {config.shared_data / 'catalog/flipkart-20k'} not found (the benchmark needs ../shared/data)")
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    base = flipkart_base(config, args.queries)
    print(f"base: {len(base.products)} real products, {len(base.queries)} WebShop queries, brand filter {base.brand!r}")
    started = time.perf_counter()
    work = Path(config.paths.data_dir) / "bench-cache" / "scale-stores"
    batch = config.embedder.batch_size * 4  # what `shopassist index` passes to sync
    meta = {
        "command": " ".join(["python -m eval.bench_scale", *sys.argv[1:]]),
        "machine": f"{os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, no GPU",
        "seed": args.seed,
        "noise_sigma": NOISE,
        "queries": len(base.queries),
        "brand": base.brand,
        "price_max": PRICE_MAX,
    }

    def done(results: list[dict]) -> None:
        write_report(results, summarize(results, config.search), meta | {"wall_s": time.perf_counter() - started}, Path(args.out))

    results = measure(base, sizes, work, config.search, args.seed, batch, done)
    print_summary(results, summarize(results, config.search))
    print(f"\nwrote {Path(args.out) / 'scale_curve.json'} and .png ({(time.perf_counter() - started) / 60:.1f} minutes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
