"""Run the shopper-request cases (eval/cases/shopper_requests.jsonl) through the recommend path on
the demo store with the real models, and print: constraint parsing accuracy, hallucinated-product
rate (model text naming a non-candidate before grounding repaired it), constraint-violation rate
(shown products marked as fitting that break a hard constraint), abstention correctness, and the
median turn latency.

Run: `.venv/bin/python -m eval.run_cases [--limit N] [--set section.key=value ...]` (index the demo
store first: `shopassist index`).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from assistant.builders import build_client, build_embedder, build_generator, build_searches
from assistant.config import load_config
from assistant.recommend import recommend
from assistant.understanding import Vocabulary, understand

CASES = Path(__file__).resolve().parent / "cases" / "shopper_requests.jsonl"


def violates(product, expect: dict) -> list[str]:
    """The expected hard constraints a shown product breaks."""
    broken = []
    if expect.get("category") and not (product.category_path + " >").lower().startswith(expect["category"].lower() + " >"):
        broken.append("category")
    if expect.get("price_max") is not None and product.price > expect["price_max"]:
        broken.append("price_max")
    if expect.get("price_min") is not None and product.price < expect["price_min"]:
        broken.append("price_min")
    if expect.get("brands") and product.brand not in expect["brands"]:
        broken.append("brand")
    if product.brand in expect.get("exclude_brands", []):
        broken.append("excluded brand")
    if expect.get("min_rating") is not None and (product.rating is None or product.rating < expect["min_rating"]):
        broken.append("rating")
    if expect.get("in_stock") and not product.in_stock:
        broken.append("stock")
    return broken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", default=[])
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    config = load_config(None, args.set)
    embedder = build_embedder(config)
    products, _ = build_searches(config, embedder, build_client(config))
    generator = build_generator(config)
    vocabulary = Vocabulary.from_products(products.products)
    brands = {p.brand for p in products.products if p.brand}
    by_id = {p.id: p for p in products.products}
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()][: args.limit or None]
    parsed_ok = abstain_ok = shown = violations = hallucinated = 0
    latencies = []
    for case in cases:
        previous, shown_products = None, ()
        for turn in case["turns"]:
            start = time.perf_counter()
            understanding = understand(turn, vocabulary, previous, shown_products)
            answer = recommend(understanding, products, generator, catalog_brands=brands)
            latencies.append(time.perf_counter() - start)
            previous, shown_products = understanding, tuple(by_id[p.id] for p in answer.products)
        expect, c = case["expect"], answer.constraints
        parsed = (c.category == expect["category"] and c.price_min == expect["price_min"] and c.price_max == expect["price_max"]
                  and set(c.brands) == set(expect["brands"]) and set(c.exclude_brands) == set(expect["exclude_brands"])
                  and c.min_rating == expect["min_rating"] and c.in_stock == expect["in_stock"])
        parsed_ok += parsed
        abstain_ok += answer.abstained == expect["should_abstain"]
        fitting = [by_id[p.id] for p in answer.products if p.fits_constraints]
        shown += len(fitting)
        bad = [(p.id, violates(p, expect)) for p in fitting if violates(p, expect)]
        violations += len(bad)
        hallucinated += any(r.kind in ("unknown_id", "foreign_product") for r in answer.repairs)
        if not parsed or bad or answer.abstained != expect["should_abstain"]:
            print(f"{case['id']}: parsed={parsed} abstained={answer.abstained} expected={expect['should_abstain']} violations={bad} constraints={c}")
    n = len(cases)
    print(f"\n{n} cases, {len(latencies)} turns, generator {generator.name}")
    print(f"constraint parsing exact: {parsed_ok}/{n} = {parsed_ok / n:.2f}")
    print(f"answers whose model text named a non-candidate (repaired by grounding): {hallucinated}/{n} = {hallucinated / n:.2f}")
    print(f"constraint violations among products shown as fitting: {violations}/{shown} = {violations / max(shown, 1):.3f}")
    print(f"abstention correct: {abstain_ok}/{n} = {abstain_ok / n:.2f}")
    print(f"median turn latency: {statistics.median(latencies) * 1000:.0f} ms (p95 {sorted(latencies)[int(0.95 * (len(latencies) - 1))] * 1000:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
