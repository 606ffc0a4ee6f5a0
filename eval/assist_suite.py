"""The agent-assist suite: whole suggestions (`SupportAssistant.suggest`, what `shopassist suggest`
and the Agent tab show) on conversations, scored on what an agent relies on:

- hand-off: precision and recall of `handoff` on a labelled file (`support_handoff.jsonl`: the
  conversation, `handoff` true/false and its `reason`), and how often a flagged reason is the label's;
- grounding: every shown draft checked against the order book itself (not the facts text the drafts
  were grounded on): an order id, tracking number or amount that is not the identified customer's
  record, or a date no fact states, counts (`shown_drafts_unsupported`, target 0);
- the model's drafts: shown or dropped, the repairs they needed;
- planted: replies with one invented fact (order id, tracking number, date, amount, status, policy
  figure, unfilled slot) planted as the model's, built from the order book on the day of the run:
  `planted_caught` is the share whose invented sentence no shown draft carries, `planted_true_kept`
  the share of true sentences beside it that survive;
- τ-bench retail dev scenarios (first person): the first proposed action against the task's first
  consequential gold action (`action_match`); orders shown before the customer was identified
  (`facts_before_identity`, target 0);
- Bitext messages: intent accuracy (Bitext's 27 intents filed under the assistant's 11), and the
  first draft's ROUGE-L F and MiniLM cosine to Bitext's reference reply;
- latency per suggestion, p50/p95.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from random import Random

from assistant.support.assist import Suggestion, SupportAssistant
from assistant.support.drafts import DATE, TRACKING
from assistant.support.orders import Order, OrderBook, long_date
from assistant.support.thread import ORDER_ID, Message, Thread, ThreadError, thread_from_dict
from eval import tau_bench
from eval.assistant_suite import Metric, SuiteRun, percentile
from eval.cases import CaseError, json_lines
from eval.shopbench_suite import cosine, rouge_l
from eval.support_suite import rows_to_score
from retrieval.money import format_price

AMOUNT = re.compile(r"\$\s?(\d[\d,]*(?:\.\d{2})?)")
BITEXT_INTENTS = {  # Bitext's 27 intents as the assistant's 11 (what an agent would file each under)
    "track_order": "order_status", "cancel_order": "cancel", "check_cancellation_fee": "cancel", "get_refund": "refund",
    "track_refund": "refund", "check_refund_policy": "refund", "delivery_options": "shipping", "delivery_period": "shipping",
    "change_shipping_address": "shipping", "set_up_shipping_address": "account", "payment_issue": "payment",
    "check_payment_methods": "payment", "check_invoice": "payment", "get_invoice": "payment", "create_account": "account",
    "delete_account": "account", "edit_account": "account", "recover_password": "account", "registration_problems": "account",
    "switch_account": "account", "newsletter_subscription": "account", "complaint": "complaint", "review": "other",
    "contact_customer_service": "other", "contact_human_agent": "other", "place_order": "other", "change_order": "other",
}  # fmt: skip
PLANTED = 42  # planted replies per run (six of each kind); --limit and --quick cut it like a file
TAU_ACTIONS = {  # τ-bench's first consequential action -> what the assistant proposes
    "cancel_pending_order": "cancel_order",
    "return_delivered_order_items": "return_items",
    "exchange_delivered_order_items": "exchange_items",
    "modify_pending_order_address": "change_address",
    "modify_pending_order_items": "modify_items",
    "modify_pending_order_payment": "modify_payment",
    "modify_user_address": "change_user_address",
    "transfer_to_human_agents": "handoff",
}


@dataclass(frozen=True)
class AssistCase:
    case_id: str
    thread: Thread
    handoff: bool | None = None  # labelled hand-off, when the file says
    reason: str = ""
    action: str = ""  # the expected first proposed action ("handoff" for a transfer), when known
    intent: str = ""  # the expected intent, when known (Bitext's, mapped to the assistant's)
    planted: str = ""  # a reply put in the model's mouth
    invented: str = ""  # the planted sentence that must not survive
    true: tuple[str, ...] = ()  # planted sentences that should
    reference: str = ""  # a reference reply (Bitext's response), when the file has one


def read_handoff_cases(path: Path) -> list[AssistCase]:
    """A labelled conversations file: {"id", "messages", "verified_email", "handoff", "reason"} per line."""
    cases = []
    for number, where, raw in json_lines(path, "hand-off cases file"):
        if not isinstance(raw, dict) or not isinstance(raw.get("handoff"), bool):
            raise CaseError(f'{where}: a case needs "handoff": true or false (and "messages", "reason")')
        try:
            thread = thread_from_dict(raw, str(raw.get("id") or f"line {number}"))
        except ThreadError as exc:
            raise CaseError(f"{where}: {exc}") from None
        cases.append(AssistCase(thread.thread_id, thread, raw["handoff"], str(raw.get("reason") or "")))
    return cases


def read_tau_scenarios(path: Path) -> list[AssistCase]:
    """τ-bench tasks (read and checked as the support suite reads them) as a customer's first message:
    the user-simulator instruction in the first person."""
    cases = []
    for task in tau_bench.read_tasks(path)[0]:
        first = next((TAU_ACTIONS[name] for name, _ in task.actions if name in TAU_ACTIONS), "")
        thread = Thread(f"tau-{task.index}", (Message("customer", first_person(task.instruction)),))
        cases.append(AssistCase(thread.thread_id, thread, action=first))
    return cases


def first_person(instruction: str) -> str:
    """'Your name is Olivia Ito and your zip code is 80218. You've ordered…' -> 'My name is … I've ordered…'."""
    swaps = [(r"\bYour\b", "My"), (r"\byour\b", "my"), (r"\bYou've\b", "I've"), (r"\byou've\b", "I've"), (r"\bYou're\b", "I'm")]
    swaps += [(r"\byou're\b", "I'm"), (r"\bYou are\b", "I am"), (r"\byou are\b", "I am"), (r"\bYou\b", "I"), (r"\byou\b", "I")]
    for pattern, word in swaps:
        instruction = re.sub(pattern, word, instruction)
    return instruction.strip()


class PlantedGenerator:
    """The model's seam with a reply chosen by the suite (a planted fact); it says it has the support adapter."""

    name, context_length, adapters = "planted", 4096, ("support",)

    def __init__(self, reply: str):
        self.reply = reply

    def count_tokens(self, messages) -> int:
        return sum(len(m.content.split()) for m in messages)

    def stream(self, messages, params):
        yield self.reply

    def generate(self, messages, params) -> str:
        return self.reply


def planted_cases(book: OrderBook, customers: list[tuple[str, str]], today: date, count: int = PLANTED, seed: int = 0) -> list[AssistCase]:
    """Replies with one invented fact each, in turn of kind, about a real order of a real customer
    (`customers`: (customer id, email)); the true sentences are rendered from the same order."""
    rng, cases = Random(seed), []
    kinds = ("order_id", "tracking", "date", "amount", "status", "figure", "slot")
    orders = [o for cid, _ in customers for o in book.orders_of(cid) if o.status in ("shipped", "delivered")]
    emails = dict(customers)
    for n in range(count):
        order = orders[rng.randrange(len(orders))]
        kind = kinds[n % len(kinds)]
        true = (f"Your order {order.order_id} is {order.status}.", f"It holds {order.lines[0].name}.")
        invented = _invented(kind, order, today)
        reply = f"{true[0]} {invented} {true[1]}"
        message = f"Hi, what's happening with my order {order.order_id}?"
        thread = Thread(f"planted-{n}-{kind}", (Message("customer", message),), emails[order.customer_id])
        cases.append(AssistCase(thread.thread_id, thread, planted=reply, invented=invented, true=true))
    return cases


def _invented(kind: str, order: Order, today: date) -> str:
    number = int(order.order_id.rsplit("-", 1)[-1]) if order.order_id.startswith("ORD-") else 10000
    return {
        "order_id": f"I also see order ORD-{number + 50000} on your account.",
        "tracking": "The tracking number is 1Z999AA10123456784.",
        "date": f"It will arrive on {long_date(date(today.year + 1, 2, 29 if (today.year + 1) % 4 == 0 else 28))}.",
        "amount": f"You were charged {format_price(order.total + 17.13, order.currency)} in total.",
        "status": f"Your order {order.order_id} was cancelled.",
        "figure": "Returns are free within 45 days.",
        "slot": "Please quote {{Order Number}} when you reply.",
    }[kind]


def unsupported(suggestion: Suggestion, book: OrderBook) -> list[str]:
    """What the shown drafts state that the order book does not back (checked on the records)."""
    customer = next((f.text for f in suggestion.facts if f.text.startswith("The customer is")), "")
    email = re.search(r"\(([^)]+@[^)]+)\)", customer)
    who = book.customer_by_email(email.group(1)) if email else None
    orders = book.orders_of(who.customer_id) if who else []
    ids = {o.order_id.upper() for o in orders}
    tracking = {s.tracking_id for o in orders for s in o.shipments}
    amounts = {round(x, 2) for o in orders for x in (o.total, o.shipping_cost, *(line.unit_price for line in o.lines))}
    said = "\n".join(f.text for f in suggestion.facts) + "\n" + "\n".join(p.text for p in suggestion.passages)
    amounts |= {round(float(a.replace(",", "")), 2) for a in AMOUNT.findall(said)}
    days = set(DATE.findall(said))
    found = []
    for draft in suggestion.drafts:
        found += [f"order {m}" for m in ORDER_ID.findall(draft.text) if m.upper() not in ids]
        found += [f"tracking {m}" for m in TRACKING.findall(draft.text) if m not in tracking]
        found += [f"amount ${m}" for m in AMOUNT.findall(draft.text) if round(float(m.replace(",", "")), 2) not in amounts]
        found += [f"date {m}" for m in DATE.findall(draft.text) if m not in days]
    return found


def run_assist(
    cases: list[AssistCase], support: SupportAssistant, planted: Callable[[str], SupportAssistant] | None = None, progress=lambda text: None
) -> tuple[dict[str, Metric], list[dict]]:
    """Suggest for every case; metrics over the kinds of label the cases carry."""
    embed = support.classifier.embedder.embed_documents
    records, seconds = [], []
    for case in cases:
        assistant = planted(case.planted) if case.planted and planted else support
        began = time.perf_counter()
        s = assistant.suggest(case.thread)
        seconds.append(time.perf_counter() - began)
        shown = " ".join(d.text for d in s.drafts)
        record = {
            "id": case.case_id,
            "messages": [{"role": m.role, "text": m.text} for m in case.thread.messages],
            "expected": {
                "handoff": case.handoff,
                "reason": case.reason,
                "action": case.action,
                "intent": case.intent,
                "invented": case.invented,
            },
            "output": s.as_dict(),
            "unsupported": unsupported(s, support.book),
            "proposed": "handoff" if s.handoff.action == "handoff" else (s.actions[0].name if s.actions else ""),
            "invented_shown": bool(case.invented) and _core(case.invented) in _core(shown),
            "true_kept": [t for t in case.true if _core(t) in _core(shown)],
            "seconds": round(seconds[-1], 4),
        }
        if case.reference and s.drafts:  # the first draft, the one the agent sees on top
            record["reply_rouge_l"] = round(rouge_l(s.drafts[0].text, case.reference), 4)
            record["reply_cosine"] = round(cosine(s.drafts[0].text, case.reference, embed), 4)
        records.append(record)
        progress(case.case_id)
    return summarize(cases, records, seconds), records


def _core(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _asked_model(output: dict) -> bool:
    return any(d["kind"] == "model" for d in output["drafts"]) or any(
        why.startswith("model draft:") and "not asked" not in why for why in output["dropped"]
    )


def share(count: int, n: int, lower_is_better: bool = False) -> Metric:
    """count / n as a rate; None when there is nothing to count."""
    return Metric(count / n if n else None, n, "rate", lower_is_better)


def summarize(cases: list[AssistCase], records: list[dict], seconds: list[float]) -> dict[str, Metric]:
    """The suite's metrics; a metric whose cases are absent is left out."""
    metrics: dict[str, Metric] = {}
    pairs = [(c, r) for c, r in zip(cases, records, strict=True)]
    labelled = [(c.handoff, r["output"]["handoff"]) for c, r in pairs if c.handoff is not None]
    if labelled:
        flagged = [truth for truth, out in labelled if out["action"] == "handoff"]
        wanted = [out for truth, out in labelled if truth]
        metrics["handoff_precision"] = Metric(sum(flagged) / len(flagged) if flagged else None, len(flagged))
        metrics["handoff_recall"] = Metric(sum(o["action"] == "handoff" for o in wanted) / len(wanted) if wanted else None, len(wanted))
        caught = [
            (c.reason, r["output"]["handoff"]["reason"]) for c, r in pairs if c.handoff and r["output"]["handoff"]["action"] == "handoff"
        ]
        metrics["handoff_reason_right"] = Metric(sum(a == b for a, b in caught) / len(caught) if caught else None, len(caught))
        routine = [r for c, r in pairs if c.handoff is False]
        metrics["routine_handed_off"] = share(sum(r["output"]["handoff"]["action"] == "handoff" for r in routine), len(routine), True)
    drafts = [d for r in records for d in r["output"]["drafts"]]
    metrics["shown_drafts_unsupported"] = Metric(sum(bool(r["unsupported"]) for r in records) / len(records), len(records), "rate", True)
    model = [d for d in drafts if d["kind"] == "model"]
    asked = sum(_asked_model(r["output"]) for r in records)
    if asked:
        metrics["model_draft_shown"] = Metric(len(model) / asked, asked)
        metrics["model_repairs_per_draft"] = Metric(
            sum(len(d["repairs"]) for d in model) / len(model) if model else None, len(model), "count", True
        )
    plants = [(c, r) for c, r in pairs if c.invented]
    if plants:
        metrics["planted_caught"] = Metric(sum(not r["invented_shown"] for _, r in plants) / len(plants), len(plants))
        kept = sum(len(r["true_kept"]) for _, r in plants)
        metrics["planted_true_kept"] = Metric(kept / sum(len(c.true) for c, _ in plants), sum(len(c.true) for c, _ in plants))
    labelled_intents = [(c.intent, r["output"]["intent"]["name"]) for c, r in pairs if c.intent]
    if labelled_intents:
        metrics["intent_accuracy"] = share(sum(a == b for a, b in labelled_intents), len(labelled_intents))
    scored = [r for r in records if "reply_rouge_l" in r]
    if scored:
        metrics["reply_rouge_l"] = Metric(sum(r["reply_rouge_l"] for r in scored) / len(scored), len(scored))
        metrics["reply_cosine"] = Metric(sum(r["reply_cosine"] for r in scored) / len(scored), len(scored))
    acted = [(c, r) for c, r in pairs if c.action]
    if acted:
        metrics["action_match"] = Metric(sum(r["proposed"] == c.action for c, r in acted) / len(acted), len(acted))
    early = sum(1 for r in records if not r["output"]["facts"] or r["output"]["facts"][0]["text"].startswith("The customer is"))
    metrics["facts_before_identity"] = Metric((len(records) - early) / len(records), len(records), "rate", True)
    metrics["suggestion_p50"] = Metric(percentile(seconds, 50), len(seconds), "seconds", True)
    metrics["suggestion_p95"] = Metric(percentile(seconds, 95), len(seconds), "seconds", True)
    asked_model = [t for r, t in zip(records, seconds, strict=True) if _asked_model(r["output"])]
    if asked_model and len(asked_model) < len(seconds):  # the turns that waited on the model, apart
        metrics["suggestion_with_model_p50"] = Metric(percentile(asked_model, 50), len(asked_model), "seconds", True)
        metrics["suggestion_with_model_p95"] = Metric(percentile(asked_model, 95), len(asked_model), "seconds", True)
    return metrics


def read_cases(path: Path) -> list[AssistCase]:
    """A file's cases: τ-bench tasks (.json), Bitext messages (.csv: the dev side of a train file) or
    labelled conversations (.jsonl)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return [
            AssistCase(
                f"row-{r.row}",
                Thread(f"row-{r.row}", (Message("customer", r.instruction),)),
                intent=BITEXT_INTENTS.get(r.intent, "other"),
                reference=r.response,
            )
            for r in rows_to_score(path)[1]
        ]
    return read_tau_scenarios(path) if suffix == ".json" else read_handoff_cases(path)


def case_limit(limit: int, quick: bool) -> int | None:
    """Cases taken per file: --limit, else 10 with --quick, else all."""
    return limit or (10 if quick else None)


def count_cases(files, limit: int | None) -> int:
    """What a run will suggest for: each file's cases and the planted replies (files read and checked now)."""
    return sum(len(read_cases(path)[:limit]) for path in files) + (limit or PLANTED)


def run_suite(config, embedder, generator, files, limit: int | None, read, progress) -> list[SuiteRun]:
    """A table per file (a labelled conversations JSONL, or τ-bench tasks whose folder holds their
    world), then the planted replies on the configured order book; `read(path, cases)` records each file."""
    from dataclasses import replace

    from assistant.builders import build_support

    demo = build_support(config, embedder, generator if config.support.model_drafts else None)
    runs = []
    for path in files:
        kind = {".json": "tau-bench ", ".csv": "bitext "}.get(Path(path).suffix.lower(), "")
        cases = read_cases(path)[:limit]
        read(path, len(cases))
        world = replace(config, support=replace(config.support, orders=str(Path(path).parent), policy="", rules=""))
        support = build_support(world, embedder, demo.generator) if kind == "tau-bench " else demo
        if kind == "bitext ":  # the rendered draft: the model's on 380 messages would take 15 minutes for one figure
            support = support.with_generator(None)
        metrics, records = run_assist(cases, support, progress=progress)
        runs.append(SuiteRun(f"assist[{kind}{Path(path).stem}]", metrics, records))
    customers = [(c.customer_id, c.email) for c in demo.book.customers()]
    planted = planted_cases(demo.book, customers, demo.today(), limit or PLANTED)
    metrics, records = run_assist(planted, demo, lambda reply: demo.with_generator(PlantedGenerator(reply)), progress)
    return [*runs, SuiteRun("assist[planted]", metrics, records)]
