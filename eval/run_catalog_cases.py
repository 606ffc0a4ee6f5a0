"""Run the real-catalog shopper requests (eval/cases/catalog_requests.jsonl: Amazon 1k and Flipkart
20k from ../shared) through the whole pipeline (`Assistant.ask`) with the real models, and print per
catalog: constraint violations among the products presented as fitting (checked on the records
against what a careful reader expects), abstention precision and recall (a request nothing in the
catalog satisfies must get no product presented as fitting), relevance (fitting products whose title
names the thing asked for), and turn latency.

Run: `.venv/bin/python -m eval.run_catalog_cases [--catalog amazon-1k] [--cases FILE] [--limit N] [--set section.key=value ...]`.
Each catalog is indexed once into <paths.data_dir>/eval-catalogs (a re-run finds it unchanged).
Needs ../shared/data; says so and exits 2 without it.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

from assistant.builders import build_assistant, build_client, build_embedder, run_index
from assistant.config import load_config
from assistant.conversation import Session
from assistant.profiles import SQLiteProfileStore
from retrieval.mapping import MAPPINGS_DIR
from retrieval.records import Product

CASES = Path(__file__).resolve().parent / "cases" / "catalog_requests.jsonl"


def has_term(text: str, terms: list[str]) -> bool:
    """True when one of the (singular) terms is a whole word of the text, plural 's'/'es' allowed."""
    lowered = text.lower()
    return any(re.search(rf"\b{re.escape(t.lower())}(?:s|es)?\b", lowered) for t in terms)


def violations(product: Product, expect: dict) -> list[str]:
    """The expected hard constraints a product presented as fitting breaks, checked on its record."""
    broken = []
    if expect.get("price_max") is not None and product.price > expect["price_max"]:
        broken.append("price_max")
    if expect.get("price_min") is not None and product.price < expect["price_min"]:
        broken.append("price_min")
    if expect.get("brands") and product.brand.lower() not in {b.lower() for b in expect["brands"]}:
        broken.append("brand")
    if expect.get("min_rating") is not None and (product.rating is None or product.rating < expect["min_rating"]):
        broken.append("min_rating")
    if expect.get("type_terms") and not has_term(f"{product.title} {product.category_path}", expect["type_terms"]):
        broken.append("type")
    return broken


def run_catalog(name: str, cases: list[dict], overrides: list[str]) -> dict:
    """Index the catalog (if needed), ask every case, and return its figures."""
    data_dir = Path(load_config(None, overrides).paths.data_dir) / "eval-catalogs"
    config = load_config(
        None,
        [
            *overrides,
            f'catalog.name="{name}"',
            f"catalog.mapping={json.dumps(str(MAPPINGS_DIR / f'{name}.toml'))}",
            f'paths.data_dir="{data_dir}"',
        ],
    )
    embedder = build_embedder(config)
    client = build_client(config)
    start = time.perf_counter()
    report = run_index(config, embedder, client)
    print(f"{name}: {len(report.catalog.products)} products indexed ({time.perf_counter() - start:.0f} s)", flush=True)
    assistant = build_assistant(config, embedder=embedder, client=client, profiles=SQLiteProfileStore())
    shown = broken = relevant = 0
    truth_abstain = predicted = true_positive = 0
    latencies = []
    for case in cases:
        session = Session()
        for turn in case["turns"]:
            began = time.perf_counter()
            answer = assistant.ask(session, turn)
            latencies.append(time.perf_counter() - began)
        fitting = [assistant.catalog[p.id] for p in answer.products if p.fits_constraints]
        bad = [(p.id, v) for p in fitting if (v := violations(p, case["expect"]))]
        shown += len(fitting)
        broken += len(bad)
        relevant += sum(has_term(p.title, case["expect"].get("type_terms") or []) for p in fitting)
        should, did = not case["satisfiable"], not fitting
        truth_abstain += should
        predicted += did
        true_positive += should and did
        if bad or should != did:
            print(
                f"  {case['id']} {case['turns']}: satisfiable={case['satisfiable']} fitting={[p.id for p in fitting]} broken={bad} rules={answer.rules}"
            )
    return {
        "cases": len(cases),
        "shown": shown,
        "violations": broken,
        "relevant": relevant,
        "abstain_truth": truth_abstain,
        "abstain_predicted": predicted,
        "abstain_right": true_positive,
        "latencies": latencies,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", action="append", help="amazon-1k or flipkart-20k (default: both)")
    parser.add_argument("--limit", type=int, default=0, help="cases per catalog")
    parser.add_argument("--cases", type=Path, default=CASES, help="a JSONL case file in the same format (default: %(default)s)")
    parser.add_argument("--set", action="append", default=[])
    args = parser.parse_args()
    if not (MAPPINGS_DIR / "../../../shared/data/catalog").resolve().is_dir():
        print("error: ../shared/data is not beside the checkout; these cases need its catalogs", file=sys.stderr)
        return 2
    cases = [json.loads(line) for line in args.cases.read_text(encoding="utf-8").splitlines() if line.strip()]
    for name in args.catalog or ["amazon-1k", "flipkart-20k"]:
        mine = [c for c in cases if c["catalog"] == name][: args.limit or None]
        f = run_catalog(name, mine, args.set)
        n, lat = f["cases"], sorted(f["latencies"])
        precision = f["abstain_right"] / max(f["abstain_predicted"], 1)
        recall = f["abstain_right"] / max(f["abstain_truth"], 1)
        print(f"\n{name}: {n} requests ({f['abstain_truth']} that nothing satisfies), {len(lat)} turns")
        print(
            f"  products presented as fitting: {f['shown']}; breaking a stated constraint: {f['violations']} = {f['violations'] / max(f['shown'], 1):.1%}"
        )
        print(
            f"  abstention: precision {precision:.2f}, recall {recall:.2f} ({f['abstain_right']} right of {f['abstain_predicted']} abstained)"
        )
        print(
            f"  relevance (fitting products whose title names the thing asked for): {f['relevant']}/{f['shown']} = {f['relevant'] / max(f['shown'], 1):.1%}"
        )
        print(f"  turn latency: median {statistics.median(lat):.2f} s, p95 {lat[int(0.95 * (len(lat) - 1))]:.2f} s\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
