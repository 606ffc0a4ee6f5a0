"""Review retrieval quality on SubjQA dev: hit@1/3/10 and MRR@10 of BM25, dense and hybrid search.

Sits beside the flow, not in it: the distinct reviews of SubjQA's electronics and grocery dev splits
go through the real review path (chunk_review -> sync into a Chroma collection -> HybridIndex ->
ReviewSearch), then each answerable question is asked, and the review holding the human answer is
the one relevant review. Two scopes: only the question's product's reviews, and all products.

Run: HF_HUB_OFFLINE=1 python -m eval.bench_review_retrieval [--config FILE] [--set section.key=value ...] [--json OUT] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import logging
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.builders import build_embedder
from assistant.config import Config, load_config
from retrieval.indexing import chunk_review, review_document, sync
from retrieval.records import Review
from retrieval.search import HybridIndex, ReviewSearch, SearchSettings
from retrieval.store import ChromaStore, collection_name, open_client
from runtime.errors import UserError

log = logging.getLogger("shopassist.bench_review_retrieval")
DOMAINS = ("electronics", "grocery")
NO_ANSWER = "ANSWERNOTFOUND"
CUTOFFS = (1, 3, 10)
DEPTH = 50  # chunks asked for per query (~3.7 chunks per review), so usually well over 10 distinct reviews
SCOPES = ("product", "all")


@dataclass(frozen=True)
class Query:
    domain: str
    product_id: str
    text: str
    review_id: str  # the review holding the human answer span


def load_dev(folder: Path) -> tuple[list[Review], list[Query], Counter]:
    """Distinct reviews (by review_id) and deduplicated answerable questions of both dev splits."""
    reviews: dict[str, Review] = {}
    queries: dict[tuple[str, str, str], Query] = {}
    sizes: Counter = Counter()
    for domain in DOMAINS:
        with open(folder / f"{domain}_dev.csv", newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["review_id"] not in reviews:
                    # SubjQA appends the no-answer marker to every review so unanswerable spans can point at it
                    text = row["review"].strip().removesuffix(NO_ANSWER).strip()
                    reviews[row["review_id"]] = Review(row["review_id"], row["item_id"], text)
                    sizes[domain] += 1
                if row["human_ans_spans"] != NO_ANSWER:
                    key = (row["item_id"], row["question"], row["review_id"])
                    queries.setdefault(key, Query(domain, *key))
    return list(reviews.values()), list(queries.values()), sizes


def method_settings(base: SearchSettings) -> dict[str, SearchSettings]:
    """BM25 only, dense only and hybrid (the configured fusion), all deep enough for hit@10."""
    deep = replace(base, k=DEPTH, candidates=max(base.candidates, 100, DEPTH))
    return {
        "bm25": replace(deep, dense_weight=0.0, lexical_weight=1.0),
        "dense": replace(deep, dense_weight=1.0, lexical_weight=0.0),
        "hybrid": deep,
    }


def rank_of(search: ReviewSearch, query: Query, scoped: bool) -> int | None:
    """1-based rank of the relevant review among distinct reviews (best chunk each), None past 10."""
    hits = search.search(query.text, (query.product_id,) if scoped else ())
    ranked = list(dict.fromkeys(h.chunk.review_id for h in hits))[: max(CUTOFFS)]
    return ranked.index(query.review_id) + 1 if query.review_id in ranked else None


def metrics(ranks: list[int | None]) -> dict[str, float]:
    """hit@1/3/10 and MRR over the top 10 from the relevant review's rank per query."""
    n = len(ranks) or 1
    out = {f"hit@{c}": sum(r is not None and r <= c for r in ranks) / n for c in CUTOFFS}
    out["mrr@10"] = sum(1 / r for r in ranks if r is not None) / n
    return out


def run(config: Config, data_dir: Path, reviews: list[Review], queries: list[Query]) -> dict:
    """Index the reviews into Chroma under `data_dir`, ask every query per scope and method, score."""
    embedder = build_embedder(config)
    store = ChromaStore(
        open_client("persistent", data_dir),
        collection_name("subjqa-dev", "reviews", embedder.model_id, embedder.dim),
        embedder.model_id,
        embedder.dim,
    )
    start = time.perf_counter()
    chunks = [c for r in reviews for c in chunk_review(r, config.reviews.chunk_words, config.reviews.overlap_words)]
    summary = sync(store, embedder, [review_document(c) for c in chunks], config.embedder.batch_size * 4)
    index_s = time.perf_counter() - start
    log.info("indexed %d chunks in %.1f s (%s)", len(chunks), index_s, summary)
    start = time.perf_counter()
    index = HybridIndex.load(store)
    load_s = time.perf_counter() - start
    rows = []
    for scope in SCOPES:
        for method, settings in method_settings(config.search).items():
            search = ReviewSearch(index, embedder, settings)
            ranks, times_ms = [], []
            for query in queries:
                start = time.perf_counter()
                ranks.append(rank_of(search, query, scope == "product"))
                times_ms.append((time.perf_counter() - start) * 1000)
            for domain in ("all", *DOMAINS):
                picked = [r for r, q in zip(ranks, queries) if domain in ("all", q.domain)]
                rows.append(
                    {
                        "scope": scope,
                        "method": method,
                        "domain": domain,
                        "queries": len(picked),
                        **metrics(picked),
                        "p50_ms": statistics.median(times_ms),
                    }
                )
            log.info("%s/%s done", scope, method)
    return {
        "chunks": len(chunks),
        "index_s": index_s,
        "load_s": load_s,
        "model": embedder.model_id,
        "device": config.embedder.device,
        "results": rows,
    }


def print_report(report: dict) -> None:
    """The corpus figures, then one table (scope x method) overall and one per question domain."""
    c = report["corpus"]
    print(
        f"SubjQA dev, {' + '.join(DOMAINS)}: {c['reviews']} reviews ({', '.join(f'{d} {c[d]}' for d in DOMAINS)}) -> {report['chunks']} chunks; {c['queries']} answerable queries"
    )
    floor = ", ".join(f"hit@{k} {c[f'random_hit@{k}']:.3f}" for k in CUTOFFS)
    print(
        f"scoped setting: {c['mean_reviews_per_product']:.2f} candidate reviews per product on average ({c['products']} products), {c['mean_candidates_per_query']:.2f} per query;"
        f" a random order would score {floor}"
    )
    print(
        f"indexing (chunk + embed + Chroma upsert): {report['index_s']:.1f} s; load (vectors + BM25): {report['load_s']:.2f} s; model {report['model']} on {report['device']}"
    )
    print("ranks are over distinct reviews (a review's best chunk); MRR counts only ranks 1..10; ms/query includes the query embedding\n")
    header = f"{'scope':<8} {'method':<7} {'domain':<12} {'n':>4} {'hit@1':>6} {'hit@3':>6} {'hit@10':>6} {'MRR@10':>6} {'p50 ms/q':>9}"
    for title, keep in (("all questions", lambda d: d == "all"), ("per question domain", lambda d: d != "all")):
        print(f"{title}\n{header}\n{'-' * len(header)}")
        for r in (r for r in report["results"] if keep(r["domain"])):
            print(
                f"{r['scope']:<8} {r['method']:<7} {r['domain']:<12} {r['queries']:>4} {r['hit@1']:>6.3f} {r['hit@3']:>6.3f} {r['hit@10']:>6.3f} {r['mrr@10']:>6.3f} {r['p50_ms']:>9.1f}"
            )
        print()


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m eval.bench_review_retrieval", description=__doc__.splitlines()[0])
    parser.add_argument("--config", help="TOML config file")
    parser.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE", help="config override, repeatable")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures as JSON")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep the Chroma store in DIR instead of a temporary folder")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        config = load_config(args.config, args.set)
        folder = config.shared_data / "reviews/subjqa"
        if not all((folder / f"{d}_dev.csv").is_file() for d in DOMAINS):
            print(
                f"SubjQA dev splits not found under {folder}; set paths.shared_data_dir (or SHOPASSIST_SHARED_DATA) to the shared data folder. Nothing measured."
            )
            return 0
        reviews, queries, sizes = load_dev(folder)
        per_product = Counter(r.product_id for r in reviews)
        corpus = {
            "reviews": len(reviews),
            **{d: sizes[d] for d in DOMAINS},
            "queries": len(queries),
            "products": len(per_product),
            "mean_reviews_per_product": statistics.mean(per_product.values()),
            "mean_candidates_per_query": statistics.mean(per_product[q.product_id] for q in queries),
            # expected hit@c of a random order over the question's product's reviews: the floor for the scoped rows
            **{
                f"random_hit@{c}": statistics.mean(min(c, per_product[q.product_id]) / per_product[q.product_id] for q in queries)
                for c in CUTOFFS
            },
        }
        with contextlib.nullcontext(args.keep) if args.keep else tempfile.TemporaryDirectory(prefix="subjqa-chroma-") as data_dir:
            report = {"corpus": corpus, **run(config, Path(data_dir), reviews, queries)}
    except UserError as exc:  # reported as one line, exit 2
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print_report(report)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        log.info("wrote %s", args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
