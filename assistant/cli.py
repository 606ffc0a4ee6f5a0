"""The `shopassist` command line: `index` and `search` (more subcommands come with later stages).

This is a boundary: it builds the config once, calls the builders, prints results, and turns
the project's typed errors into one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import asdict, replace

from assistant.config import Config, ConfigError, load_config
from assistant.grounding import stock_text
from retrieval.catalog import CatalogError
from retrieval.embedder import EmbedderError
from retrieval.filters import FilterError, Filters
from retrieval.mapping import MappingError
from retrieval.search import SearchError, SearchResult
from retrieval.store import StoreError

USER_ERRORS = (ConfigError, CatalogError, MappingError, EmbedderError, FilterError, SearchError, StoreError)
log = logging.getLogger("shopassist")


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; returns the exit status."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        overrides = list(args.set)
        if getattr(args, "catalog", None):
            overrides.append(f"catalog.paths={json.dumps(args.catalog)}")
        if getattr(args, "mapping", None):
            overrides.append(f"catalog.mapping={json.dumps(args.mapping)}")
        if getattr(args, "strict", False):
            overrides.append("catalog.strict=true")
        config = load_config(args.config, overrides)
        return args.run(config, args)
    except USER_ERRORS as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: the index is marked incomplete until a run finishes; re-run `shopassist index`", file=sys.stderr)
        return 130


def _index(config: Config, args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from assistant.builders import build_client, build_embedder, run_index

    embedder = build_embedder(config)
    client = build_client(config)
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None or bar.total != total or done < bar.n:
            if bar is not None:
                bar.close()
            bar = tqdm(total=total, desc="embedding", unit="doc", file=sys.stderr, disable=args.quiet)
        bar.update(done - bar.n)

    report = run_index(config, embedder, client, rebuild=args.rebuild, progress=progress)
    if bar is not None:
        bar.close()
    print(report.catalog.summary(limit=args.show_rejected))
    print(f"products: {report.products}")
    if report.review_count or report.review_rejections:
        print(f"reviews: {report.review_count} loaded, {len(report.review_rejections)} rejected; chunks: {report.reviews}")
        for rejection in report.review_rejections[: args.show_rejected]:
            print(f"  {rejection}")
    return 0


def _search(config: Config, args: argparse.Namespace) -> int:
    from assistant.builders import build_client, build_embedder, build_searches

    k = args.k if args.k is not None else config.search.k
    settings = replace(config.search, k=k, candidates=max(config.search.candidates, k), mmr=args.mmr or config.search.mmr)
    products, reviews = build_searches(config, build_embedder(config), build_client(config))
    if args.reviews:
        hits = reviews.search(args.query, tuple(args.product), settings=settings)
        if reviews.index.warning:
            print(f"warning: {reviews.index.warning}", file=sys.stderr)
        rows = [{"chunk_id": h.chunk.id, "product_id": h.chunk.product_id, "rating": h.chunk.rating, "text": h.chunk.text, **_arms(h.ranking)} for h in hits]
        print(json.dumps(rows, indent=2, ensure_ascii=False) if args.json else "\n".join(f"{i}. [{r['product_id']}] {r['text'][:160]}" for i, r in enumerate(rows, 1)))
        return 0
    filters = Filters(
        price_min=args.min_price, price_max=args.max_price, currency=args.currency, brands=tuple(args.brand),
        exclude_brands=tuple(args.exclude_brand), category=args.category or "", min_rating=args.min_rating, in_stock=args.in_stock,
    )
    result = products.search(args.query, filters, settings)
    if result.warning:
        print(f"warning: {result.warning}", file=sys.stderr)
    print(json.dumps(_result_json(result), indent=2, ensure_ascii=False) if args.json else _result_text(result))
    return 0


def _arms(r) -> dict:
    return {"score": round(r.score, 6), "dense_rank": r.dense_rank, "dense_score": round(r.dense_score, 4), "lexical_rank": r.lexical_rank, "lexical_score": round(r.lexical_score, 4)}


def _result_json(result: SearchResult) -> dict:
    return {
        "matched": result.matched,
        "warning": result.warning,
        "hits": [{**asdict(h.product), "category": h.product.category_path, "attributes": dict(h.product.attributes), **_arms(h.ranking)} for h in result.hits],
    }


def _result_text(result: SearchResult) -> str:
    if not result.hits:
        return f"no product matches ({result.matched} pass the filters)"
    lines = [f"{result.matched} products pass the filters; top {len(result.hits)}:"]
    for i, hit in enumerate(result.hits, 1):
        p, r = hit.product, hit.ranking
        rating = "no rating" if p.rating is None else f"{p.rating:.1f}★ ({p.rating_count or 0})"
        lines.append(f"{i:>2}. {p.title} [{p.id}]")
        lines.append(f"    {p.price:,.2f} {p.currency} · {p.brand or 'no brand'} · {p.category_path} · {rating} · {stock_text(p)}")
        dense = f"#{r.dense_rank}" if r.dense_rank else "-"
        lexical = f"#{r.lexical_rank}" if r.lexical_rank else "-"
        lines.append(f"    fused {r.score:.4f} · dense {dense} ({r.dense_score:.3f}) · bm25 {lexical} ({r.lexical_score:.2f})")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shopassist", description="Conversational shopping assistant: catalog indexing and search.")
    parser.add_argument("--config", help="TOML config file (see README)")
    parser.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE", help="override one config value; repeatable")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    index = sub.add_parser("index", help="load, validate and (incrementally) index a catalog and its reviews")
    index.add_argument("--catalog", nargs="+", metavar="FILE", help="catalog file(s); default: the demo store")
    index.add_argument("--mapping", help="column-mapping TOML for the catalog files")
    index.add_argument("--strict", action="store_true", help="fail on the first bad row instead of skipping it")
    index.add_argument("--rebuild", action="store_true", help="drop the collections and re-embed everything")
    index.add_argument("--show-rejected", type=int, default=10, metavar="N", help="list at most N rejected rows (default 10)")
    index.add_argument("--quiet", action="store_true", help="no progress bar")
    index.set_defaults(run=_index)

    search = sub.add_parser("search", help="hybrid search of the indexed catalog (or its reviews)")
    search.add_argument("query")
    search.add_argument("--k", type=int, help="number of results")
    search.add_argument("--min-price", type=float)
    search.add_argument("--max-price", type=float)
    search.add_argument("--currency", help="currency of --min/--max-price (default: the catalog's only currency)")
    search.add_argument("--brand", action="append", default=[], help="keep only this brand; repeatable")
    search.add_argument("--exclude-brand", action="append", default=[], help="drop this brand; repeatable")
    search.add_argument("--category", help='category prefix, e.g. "Electronics > Headphones"')
    search.add_argument("--min-rating", type=float)
    search.add_argument("--in-stock", action="store_true", help="only products the catalog says are available")
    search.add_argument("--mmr", action="store_true", help="diversify results (maximal marginal relevance)")
    search.add_argument("--reviews", action="store_true", help="search review snippets instead of products")
    search.add_argument("--product", action="append", default=[], help="with --reviews: only this product's reviews; repeatable")
    search.add_argument("--json", action="store_true", help="machine-readable output")
    search.set_defaults(run=_search)
    return parser


if __name__ == "__main__":
    sys.exit(main())
