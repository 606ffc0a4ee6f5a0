"""The assistant suite: shopper cases (eval/cases.py) through `Assistant.ask`, the app's own code
path, and the figures an evaluator trusts: what was read, what was shown, whether it fits, whether
the assistant said honestly that nothing does, and how long it took.

Each case gets verdicts checked on the records (never on the model's say-so); `summarize` turns
them into metrics, each with the number of cases or products it is computed over.
"""

from __future__ import annotations

import math
import re
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from assistant.answer import Answer
from assistant.conversation import Session
from assistant.grounding import ID_REF, presentation_problem
from assistant.pipeline import Assistant
from assistant.vocabulary import address_words, lead
from eval.cases import PARSED_FIELDS, ShopperCase
from eval.details import DetailIndex, unsupported_details
from eval.workers import in_order
from retrieval.filters import brand_names
from retrieval.money import money_in
from retrieval.records import Product

HALLUCINATION_REPAIRS = ("unknown_id", "foreign_product")  # the model's text named a product that is not a candidate


@dataclass(frozen=True)
class CaseResult:
    case: ShopperCase
    answer: Answer  # the last turn's
    latencies: tuple[float, ...]  # seconds per turn
    verdicts: dict[str, object]  # check -> True/False, a number, or a list of what broke
    shown_ids: tuple[str, ...] = ()  # every product shown as fitting, in order (consistency)
    repeat_ids: tuple[str, ...] | None = None  # the same case asked again, when it was (consistency)


@dataclass(frozen=True)
class Metric:
    value: float | None  # None: no case could be scored for it
    n: int  # cases, turns or products it is computed over
    unit: str = "rate"  # "rate" (0..1), "seconds", "count", "ratio", "tokens"
    lower_is_better: bool = False


def run_cases(
    cases: Iterable[ShopperCase],
    assistant_for: Callable[[str | None], Assistant],
    repeat: int = 0,
    progress: Callable[[ShopperCase], None] = lambda case: None,
    workers: int = 1,
) -> list[CaseResult]:
    """Ask every case in a fresh session (with its shopper's profile when it names one), `workers`
    at a time; the first `repeat` cases are asked a second time in another session, for consistency."""
    cases = list(cases)
    assistants = {name: assistant_for(name) for name in dict.fromkeys(c.catalog for c in cases)}  # built before any thread starts
    details = {name: DetailIndex.of(a.catalog) for name, a in assistants.items()}

    def ask(indexed: tuple[int, ShopperCase]) -> CaseResult:
        index, case = indexed
        assistant = assistants[case.catalog]
        answer, latencies, shown = _ask(assistant, case)
        again = _ask(assistant, case)[2] if index < repeat else None
        found = verdicts(case, answer, assistant, shown, details[case.catalog])
        if case.user and answer.intent == "recommend" and assistant.profiles is not None:
            anonymous = _ask(assistant, replace(case, user=None))[0]
            found |= personalization(assistant, case.user, answer, anonymous)
        progress(case)
        return CaseResult(case, answer, latencies, found, shown, again)

    return in_order(ask, list(enumerate(cases)), workers)


def _ask(assistant: Assistant, case: ShopperCase) -> tuple[Answer, tuple[float, ...], tuple[str, ...]]:
    session = Session(user_id=case.user)
    latencies, shown = [], []
    for turn in case.turns:
        began = time.perf_counter()
        answer = assistant.ask(session, turn)
        latencies.append(time.perf_counter() - began)
        shown = [p.id for p in answer.products if p.fits_constraints]
    return answer, tuple(latencies), tuple(shown)


def personalization(assistant: Assistant, user: str, answer: Answer, anonymous: Answer) -> dict[str, object]:
    """How the shopper's profile moved the list against the same turns asked anonymously: the mean
    brand preference of the shown products (+1 a liked brand, -1 a disliked one; weighted by rank) with minus without,
    whether the list changed at all, and how many shown products were exploration picks."""
    profile = assistant.profiles.get(user)
    if profile is None:
        return {}
    liked, disliked = {b.lower() for b in profile.liked_brands}, {b.lower() for b in profile.disliked_brands}

    def taste(a: Answer) -> float:  # weighted by position as DCG weighs ranks: the top of the list counts most
        brands = [record.brand.lower() for p in a.products if (record := assistant.catalog.get(p.id)) is not None]
        weights = [1 / math.log2(rank + 2) for rank in range(len(brands))]
        return sum(w * ((b in liked) - (b in disliked)) for w, b in zip(weights, brands, strict=True)) / sum(weights) if brands else 0.0

    return {
        "personalization_effect": taste(answer) - taste(anonymous),
        "personalization_changed": [p.id for p in answer.products] != [p.id for p in anonymous.products],
        "shown_with_profile": len(answer.products),
        "exploration_picks": sum(p.exploration for p in answer.products),
    }


def verdicts(
    case: ShopperCase, answer: Answer, assistant: Assistant, shown_ids: tuple[str, ...] = (), details: DetailIndex | None = None
) -> dict[str, object]:
    """Every check the case's expectation allows, on the last turn's answer and the records."""
    expect, c = case.expect, answer.constraints
    records = {p.id: assistant.catalog.get(p.id) for p in answer.products}
    fitting = [records[p.id] for p in answer.products if p.fits_constraints and records[p.id] is not None]
    out: dict[str, object] = {"unknown_products": [p.id for p in answer.products if records[p.id] is None]}
    read = {
        "category": c.category,
        "price_min": c.price_min,
        "price_max": c.price_max,
        "currency": c.currency or store_currency(assistant),
        "brands": sorted(b.lower() for b in c.brands),
        "exclude_brands": sorted(b.lower() for b in c.exclude_brands),
        "colors": sorted(v.lower() for k, v in c.attributes if k == "color"),
        "min_rating": c.min_rating,
        "in_stock": c.in_stock,
    }
    for name in PARSED_FIELDS:
        if name in expect:
            wanted = expect[name]
            wanted = sorted(w.lower() for w in wanted) if isinstance(wanted, list) else wanted
            out[f"parse.{name}"] = read[name] == wanted
    if "currency" in expect and expect["currency"] is None:  # no budget, no currency: any reading is right when no price was read
        out["parse.currency"] = (c.price_min, c.price_max) == (None, None)
    out["model_named_noncandidate"] = any(r.kind in HALLUCINATION_REPAIRS for r in answer.repairs)  # before grounding repaired it
    named = {ref for ref in ID_REF.findall(answer.text) if not re.fullmatch(r"[RP]\d+", ref)}  # [R1]/[P2] are citation labels
    out["hallucinated"] = bool(out["unknown_products"]) or any(assistant.catalog.get(ref) is None for ref in named)
    out["fitting"] = len(fitting)
    out["violations"] = {p.id: broken for p in fitting if (broken := broken_constraints(p, expect))}
    if "type_terms" in expect:
        out["relevant"] = sum(_names_kind(called(p), expect["type_terms"]) for p in fitting)
    if expect.get("matching_ids"):
        matching = set(expect["matching_ids"])
        out["matching_recall"] = len(matching & {p.id for p in fitting}) / min(len(matching), assistant.settings.k)
    if "should_abstain" in expect:
        out["abstained"] = not fitting if answer.intent == "recommend" else answer.abstained
    if "intent" in expect:
        out["intent"] = answer.intent == expect["intent"]
    if expect.get("cite"):
        out["cited_kind"] = bool(answer.citations) and all(x.kind == expect["cite"] for x in answer.citations)
    if expect.get("cited_text"):
        out["cited_text"] = any(expect["cited_text"].lower() in x.text.lower() for x in answer.citations)
    if answer.intent == "recommend" and fitting:
        out["presentation"] = presentation_problem(answer.text, fitting) or "ok"
    if expect.get("not_said"):
        out["said"] = [w for w in expect["not_said"] if w.lower() in answer.text.lower()]
    out["repeated_sentences"] = repeated_sentences(answer.text)
    said = (*case.turns, *(x.text for x in answer.citations))
    out["wrong_amounts"] = wrong_amounts(answer, [r for r in records.values() if r is not None], said)
    if details is not None:  # what the text says of each product it names, against that product's record
        named_records = {ref: p for ref in ID_REF.findall(answer.text) if (p := assistant.catalog.get(ref)) is not None}
        out["unsupported_details"] = unsupported_details(answer.text, named_records, details, " ".join(case.turns))
    return out


SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+")


def repeated_sentences(text: str) -> list[str]:
    """Sentences of four words or more a reply says more than once (case and spacing aside): a model
    caught in a loop ("[DS-0154] is a closer alternative: [DS-0154] is a closer alternative: ...")."""
    counts: dict[str, int] = {}
    for sentence in SENTENCE_END.split(text):
        if len(words := sentence.lower().split()) >= 4:
            counts[" ".join(words)] = counts.get(" ".join(words), 0) + 1
    return [sentence for sentence, n in counts.items() if n > 1]


def store_currency(assistant: Assistant) -> str | None:
    """The one currency the store prices in (None when several): the currency a budget without one is in."""
    currencies = assistant.products.columns.currencies
    return currencies[0] if len(currencies) == 1 else None


def broken_constraints(product: Product, expect: dict) -> list[str]:
    """The expected hard constraints a product presented as fitting breaks, checked on its record."""
    broken = []
    if expect.get("category") and not f"{product.category_path} >".lower().startswith(f"{expect['category']} >".lower()):
        broken.append("category")
    if expect.get("price_max") is not None and product.price > expect["price_max"]:
        broken.append("price_max")
    if expect.get("price_min") is not None and product.price < expect["price_min"]:
        broken.append("price_min")
    names = {product.brand.lower(), *brand_names(product.brand.lower())}  # "IKEA of Sweden/Tom Dixon" names both
    if expect.get("brands") and not names & {b.lower() for b in expect["brands"]}:
        broken.append("brand")
    if product.brand and names & {b.lower() for b in expect.get("exclude_brands") or ()}:
        broken.append("excluded_brand")
    if expect.get("min_rating") is not None and (product.rating is None or product.rating < expect["min_rating"]):
        broken.append("min_rating")
    if expect.get("in_stock") and not product.in_stock:
        broken.append("in_stock")
    colours = " ".join([product.title, *(v for _, v in product.attributes), address_words(product)]).lower()
    if expect.get("colors") and not any(re.search(rf"\b{re.escape(c.lower())}\b", colours) for c in expect["colors"]):
        broken.append("color")
    if expect.get("type_terms") and not _names_kind(f"{product.title} {product.category_path} {product.description}", expect["type_terms"]):
        broken.append("type")
    return broken


def called(product: Product) -> str:
    """What a product is called: its title and the description's lead (IKEA titles products by name,
    "BILLY", and says "Bookcase, white" first)."""
    return f"{product.title} {lead(product.description)}".strip()


def _names_kind(text: str, terms: list[str]) -> bool:
    """One of the (singular) terms is a whole word or phrase of the text, plural 's'/'es' allowed, and a
    count after 'of' ('chest of drawers' in "Chest of 6 drawers")."""
    lowered = text.lower()
    patterns = [re.escape(t.lower()).replace(r"\ of\ ", r"\ of\ (?:\d+\ )?") for t in terms]
    return any(re.search(rf"\b{p}(?:s|es)?\b", lowered) for p in patterns)


def wrong_amounts(answer: Answer, products: list[Product], sources: tuple[str, ...]) -> list[str]:
    """Amounts in the answer's text that are none of: a shown product's price, a budget bound read from
    the shopper, an amount in what the shopper wrote or in a cited passage."""
    currencies = {p.currency for p in products}
    allowed = {round(p.price, 2) for p in products}
    allowed |= {round(v, 2) for v in (answer.constraints.price_min, answer.constraints.price_max) if v is not None}
    allowed |= {round(amount.value, 2) for text in sources for _, amount in money_in(text, currencies)}
    return [m.group(0).strip() for m, amount in money_in(answer.text, currencies) if round(amount.value, 2) not in allowed]


def summarize(results: list[CaseResult]) -> dict[str, Metric]:
    """The suite's metrics from the case verdicts."""
    metrics: dict[str, Metric] = {}
    v = [r.verdicts for r in results]
    for name in PARSED_FIELDS:
        scored = [x[f"parse.{name}"] for x in v if f"parse.{name}" in x]
        metrics[f"parse_{name}"] = _rate(scored)
    parsed = [all(x[k] for k in x if k.startswith("parse.")) for x in v if any(k.startswith("parse.") for k in x)]
    metrics["parse_all_fields"] = _rate(parsed)
    metrics["hallucinated_product_rate"] = _rate([x["hallucinated"] for x in v], lower_is_better=True)
    metrics["model_named_noncandidate_rate"] = _rate([x["model_named_noncandidate"] for x in v], lower_is_better=True)
    metrics["unknown_products_shown"] = Metric(sum(len(x["unknown_products"]) for x in v), len(v), "count", True)
    fitting = sum(x["fitting"] for x in v)
    broken = sum(len(x["violations"]) for x in v)
    metrics["constraint_violation_rate"] = Metric(broken / fitting if fitting else None, fitting, "rate", True)
    with_kind = [x for x in v if "relevant" in x]
    shown_with_kind = sum(x["fitting"] for x in with_kind)
    metrics["relevance"] = Metric(sum(x["relevant"] for x in with_kind) / shown_with_kind if shown_with_kind else None, shown_with_kind)
    metrics["matching_recall"] = _mean([x["matching_recall"] for x in v if "matching_recall" in x])
    should = [(r.case.expect["should_abstain"], r.verdicts["abstained"]) for r in results if "should_abstain" in r.case.expect]
    abstained = [s for s, did in should if did]
    truly = [did for s, did in should if s]
    metrics["abstention_precision"] = _rate(abstained)
    metrics["abstention_recall"] = _rate(truly)
    metrics["abstention_accuracy"] = _rate([s == did for s, did in should])
    metrics["intent_accuracy"] = _rate([x["intent"] for x in v if "intent" in x])
    metrics["citation_kind_rate"] = _rate([x["cited_kind"] for x in v if "cited_kind" in x])
    metrics["cited_passage_rate"] = _rate([x["cited_text"] for x in v if "cited_text" in x])
    presented = [x["presentation"] for x in v if "presentation" in x]
    metrics["refusal_rate"] = _rate([p != "ok" for p in presented], lower_is_better=True)
    metrics["wrong_amount_rate"] = _rate([bool(x["wrong_amounts"]) for x in v], lower_is_better=True)
    metrics["unsupported_detail_rate"] = _rate(
        [bool(x["unsupported_details"]) for x in v if "unsupported_details" in x], lower_is_better=True
    )
    metrics["repeated_sentence_rate"] = _rate([bool(x["repeated_sentences"]) for x in v], lower_is_better=True)
    metrics["not_said_broken_rate"] = _rate([bool(x["said"]) for x in v if "said" in x], lower_is_better=True)
    moved = [x for x in v if "personalization_effect" in x]
    metrics["personalization_effect"] = _mean([x["personalization_effect"] for x in moved])
    changed = [x for x in moved if x["personalization_changed"]]
    metrics["personalization_right_direction"] = _rate([x["personalization_effect"] >= 0 for x in changed])
    shown = sum(x["shown_with_profile"] for x in moved)
    metrics["exploration_share"] = Metric(sum(x["exploration_picks"] for x in moved) / shown if shown else None, shown)
    repeated = [r.shown_ids == r.repeat_ids for r in results if r.repeat_ids is not None]
    metrics["consistency"] = _rate(repeated)
    turns = [t for r in results for t in r.latencies]
    metrics["turn_latency_p50"] = Metric(percentile(turns, 50), len(turns), "seconds", True)
    metrics["turn_latency_p95"] = Metric(percentile(turns, 95), len(turns), "seconds", True)
    return metrics


def _rate(flags: list[bool], lower_is_better: bool = False) -> Metric:
    return Metric(sum(flags) / len(flags) if flags else None, len(flags), "rate", lower_is_better)


def _mean(values: list[float]) -> Metric:
    return Metric(statistics.fmean(values) if values else None, len(values))


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


@dataclass(frozen=True)
class SuiteRun:
    """One suite's results: metrics, per-case records for cases.jsonl, and stage timings."""

    suite: str
    metrics: dict[str, Metric]
    cases: list[dict] = field(default_factory=list)
    latencies: dict[str, list[float]] = field(default_factory=dict)  # label -> seconds, for the latency plot
