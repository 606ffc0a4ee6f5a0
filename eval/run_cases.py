"""Run the shopper-request cases (eval/cases/shopper_requests.jsonl) and the other-intent cases
(eval/cases/other_intents.jsonl) through the whole pipeline (`Assistant.ask`) on the demo store
with the real models, and print: constraint parsing accuracy, hallucinated-product rate (model text
naming a non-candidate before grounding repaired it), constraint-violation rate (shown products
marked as fitting that break a hard constraint), abstention correctness, intent accuracy, citation
rates for policy and product questions, turn latency, and the refusal rate: turns with fitting cards
whose model text declined or named none of them (replaced by the record summary), and the same
check on the text the shopper saw.

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

from assistant.builders import build_assistant
from assistant.config import load_config
from assistant.conversation import Session
from assistant.grounding import presentation_problem
from assistant.profiles import SQLiteProfileStore

CASES = Path(__file__).resolve().parent / "cases" / "shopper_requests.jsonl"
OTHER_CASES = Path(__file__).resolve().parent / "cases" / "other_intents.jsonl"


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
    assistant = build_assistant(config, profiles=SQLiteProfileStore())
    generator = assistant.generator
    by_id = assistant.catalog
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()][: args.limit or None]
    parsed_ok = abstain_ok = shown = violations = hallucinated = 0
    latencies = []
    with_cards, model_problems, final_problems = 0, {"refusal": 0, "ignored_products": 0}, {"refusal": 0, "ignored_products": 0}
    for case in cases:
        session = Session()
        for turn in case["turns"]:
            start = time.perf_counter()
            answer = assistant.ask(session, turn)
            latencies.append(time.perf_counter() - start)
            cards = [by_id[p.id] for p in answer.products if p.fits_constraints]
            if answer.intent == "recommend" and cards:  # the model's text beside fitting cards: did it decline or ignore them?
                with_cards += 1
                for kind in model_problems:
                    model_problems[kind] += any(r.kind == kind for r in answer.repairs)
                if (problem := presentation_problem(answer.text, cards)) is not None:
                    final_problems[problem] += 1
        expect, c = case["expect"], answer.constraints
        parsed = (
            c.category == expect["category"]
            and c.price_min == expect["price_min"]
            and c.price_max == expect["price_max"]
            and set(c.brands) == set(expect["brands"])
            and set(c.exclude_brands) == set(expect["exclude_brands"])
            and c.min_rating == expect["min_rating"]
            and c.in_stock == expect["in_stock"]
        )
        parsed_ok += parsed
        abstain_ok += answer.abstained == expect["should_abstain"]
        fitting = [by_id[p.id] for p in answer.products if p.fits_constraints]
        shown += len(fitting)
        bad = [(p.id, violates(p, expect)) for p in fitting if violates(p, expect)]
        violations += len(bad)
        hallucinated += any(r.kind in ("unknown_id", "foreign_product") for r in answer.repairs)
        if not parsed or bad or answer.abstained != expect["should_abstain"]:
            print(
                f"{case['id']}: parsed={parsed} abstained={answer.abstained} expected={expect['should_abstain']} violations={bad} constraints={c}"
            )
    n = len(cases)
    print(f"\n{n} cases, {len(latencies)} turns, generator {generator.name}")
    print(f"constraint parsing exact: {parsed_ok}/{n} = {parsed_ok / n:.2f}")
    print(f"answers whose model text named a non-candidate (repaired by grounding): {hallucinated}/{n} = {hallucinated / n:.2f}")
    print(f"constraint violations among products shown as fitting: {violations}/{shown} = {violations / max(shown, 1):.3f}")
    print(f"abstention correct: {abstain_ok}/{n} = {abstain_ok / n:.2f}")
    declined = sum(model_problems.values())
    print(
        f"turns with fitting cards whose model text refused or named none of them: {declined}/{with_cards} = {declined / max(with_cards, 1):.2f} "
        f"(refused {model_problems['refusal']}, ignored the cards {model_problems['ignored_products']}); replaced by the record summary"
    )
    seen = sum(final_problems.values())
    print(
        f"the same in the text the shopper saw: {seen}/{with_cards} = {seen / max(with_cards, 1):.2f} "
        f"(refused {final_problems['refusal']}, ignored the cards {final_problems['ignored_products']})"
    )
    print(
        f"median turn latency: {statistics.median(latencies) * 1000:.0f} ms (p95 {sorted(latencies)[int(0.95 * (len(latencies) - 1))] * 1000:.0f} ms)"
    )
    other_cases(
        assistant, [json.loads(line) for line in OTHER_CASES.read_text(encoding="utf-8").splitlines() if line.strip()][: args.limit or None]
    )
    return 0


def other_cases(assistant, cases: list[dict]) -> None:
    """Policy, product-question, comparison and chit-chat turns: intent, citations, abstention, latency."""
    intent_ok, cited, cite_expected, text_ok, text_expected, abstained, latencies = 0, 0, 0, 0, 0, 0, {}
    for case in cases:
        session = Session()
        for turn in case["turns"]:
            start = time.perf_counter()
            answer = assistant.ask(session, turn)
            elapsed = time.perf_counter() - start
        expect = case["expect"]
        latencies.setdefault(expect["intent"], []).append(elapsed)
        intent_ok += answer.intent == expect["intent"]
        abstained += answer.abstained
        if expect["cite"]:
            cite_expected += 1
            cited += bool(answer.citations) and all(c.kind == expect["cite"] for c in answer.citations)
        if expect["cited_text"]:
            text_expected += 1
            text_ok += any(expect["cited_text"].lower() in c.text.lower() for c in answer.citations)
        print(
            f"{case['id']}: intent={answer.intent} abstained={answer.abstained} citations={[c.source[:40] for c in answer.citations]} text={answer.text[:100]!r}"
        )
    n = len(cases)
    print(
        f"\n{n} other-intent cases: intent correct {intent_ok}/{n} = {intent_ok / n:.2f}; abstained (catalog/policy could not answer) {abstained}"
    )
    print(
        f"answers with citations of the expected kind: {cited}/{cite_expected}; expected passage among the citations: {text_ok}/{text_expected}"
    )
    for intent, values in sorted(latencies.items()):
        print(f"  {intent}: median {statistics.median(values) * 1000:.0f} ms over {len(values)} cases")


if __name__ == "__main__":
    sys.exit(main())
