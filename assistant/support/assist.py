"""Agent assist: one conversation in, one `Suggestion` out — intent, missing facts, drafts with what
they rely on, the hand-off decision, proposed actions and a summary. The one place that knows the
order of the support stages:

thread -> identifiers -> intent -> tools (customer, orders, policy checks) -> policy passages
       -> missing facts -> hand-off -> proposed actions -> drafts (facts; model, grounded) -> Suggestion
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from assistant.policy import Passage, PolicyBook
from assistant.support.actions import ProposedAction, propose
from assistant.support.drafts import Draft, missing_facts, model_draft
from assistant.support.eligibility import PolicyRules
from assistant.support.handoff import ACCOUNT_INTENTS, Handoff, decide
from assistant.support.intents import Intent, IntentClassifier
from assistant.support.nearest import NearestExamples
from assistant.support.orders import OrderBook
from assistant.support.replies import facts_reply
from assistant.support.thread import Thread, identifiers
from assistant.support.tools import Fact, Lookup, look_up
from runtime.base import Generator, LLMError

log = logging.getLogger(__name__)
UNSURE = 0.5  # below this confidence the latest message alone does not say the topic; all the customer wrote is read
SEARCH_WORDS = {  # what a policy search adds to the customer's words, by intent
    "return": "returns",
    "exchange": "exchanges size colour",
    "refund": "refund timing",
    "cancel": "order changes cancellation",
    "shipping": "shipping delivery",
    "payment": "payment charged",
    "complaint": "damaged or missing items",
    "order_status": "shipping tracking",
}


@dataclass(frozen=True)
class Suggestion:
    thread_id: str
    intent: Intent
    missing: tuple[str, ...]  # facts the reply still needs from the customer
    drafts: tuple[Draft, ...]  # best first
    dropped: tuple[str, ...]  # drafts not shown, and why (a model draft with nothing grounded left)
    handoff: Handoff
    actions: tuple[ProposedAction, ...]
    facts: tuple[Fact, ...]  # what the tools returned, labelled F1…
    passages: tuple[Passage, ...]  # the policy passages given, labelled P1… in order
    calls: tuple[str, ...]  # the tool calls made
    summary: tuple[str, ...]  # three lines for the next agent
    timings: tuple[tuple[str, float], ...]  # (stage, seconds)

    def as_dict(self) -> dict:
        """Everything, as JSON-ready values (the CLI's --json, the records store)."""
        return {
            "thread_id": self.thread_id,
            "intent": {"name": self.intent.name, "confidence": self.intent.confidence, "runner_up": self.intent.runner_up},
            "missing": list(self.missing),
            "drafts": [
                {
                    "kind": d.kind,
                    "text": d.text,
                    "facts": list(d.facts),
                    "passages": list(d.passages),
                    "repairs": [r.detail for r in d.repairs],
                }
                for d in self.drafts
            ],
            "dropped": list(self.dropped),
            "handoff": self.handoff.as_dict(),
            "actions": [a.as_dict() for a in self.actions],
            "facts": [{"label": f.label, "text": f.text, "tool": f.tool} for f in self.facts],
            "passages": [{"label": f"P{i}", "section": p.section, "text": p.text} for i, p in enumerate(self.passages, 1)],
            "calls": list(self.calls),
            "summary": list(self.summary),
            "timings": {stage: round(seconds, 4) for stage, seconds in self.timings},
        }

    def as_text(self) -> str:
        """The suggestion for a terminal: what the agent reads before choosing a draft."""
        i = self.intent
        lines = [f"intent: {i.name} (confidence {i.confidence:.2f}" + (f", next: {i.runner_up})" if i.runner_up else ")")]
        lines += [f"missing: {m}" for m in self.missing]
        h = self.handoff
        lines.append(f"hand-off: {h.action}" + (f" ({h.reason}: {h.detail})" if h.reason else ""))
        for n, d in enumerate(self.drafts, 1):
            relies = ", ".join(d.facts + d.passages) or "nothing looked up"
            lines += ["", f"draft {n} ({d.kind}; relies on {relies}):", f"  {d.text}"]
            lines += [f"  repaired: {r.detail}" for r in d.repairs]
        lines += [f"(not shown: {why})" for why in self.dropped]
        for a in self.actions:
            lines += ["", f"proposed action: {a.name} {dict(a.arguments)} — " + ("ready to confirm" if a.ready else "NOT allowed")]
            lines += [f"  [{'x' if ok else ' '}] {text}" for text, ok in a.preconditions]
        if self.facts or self.passages:
            lines += ["", "sources:"]
            lines += [f"  {f.label} {f.text}  <- {f.tool}" for f in self.facts]
            lines += [f"  P{n} ({p.section}) {p.text}" for n, p in enumerate(self.passages, 1)]
        return "\n".join(lines + ["", "summary:", *(f"  {line}" for line in self.summary)])


class SupportAssistant:
    """Suggestions for a customer-service agent over one order book, policy and (optionally) model."""

    def __init__(
        self,
        book: OrderBook,
        rules: PolicyRules,
        policy: PolicyBook | None,
        classifier: IntentClassifier,
        generator: Generator | None,
        store: str,
        today: Callable[[], date] = date.today,
        passages: int = 2,
        similar: NearestExamples | None = None,
    ):
        self.book, self.rules, self.policy, self.classifier = book, rules, policy, classifier
        self.generator, self.store, self.today, self.passages = generator, store, today, passages
        self.similar = similar  # the hand-off examples, asked when no hand-off rule fires

    def with_generator(self, generator: Generator | None) -> SupportAssistant:
        """The same assistant with another model (or none): the evaluators plant replies this way."""
        return SupportAssistant(
            self.book, self.rules, self.policy, self.classifier, generator, self.store, self.today, self.passages, self.similar
        )

    def suggest(self, thread: Thread) -> Suggestion:
        """The suggestion for the conversation's latest customer message."""
        timings: list[tuple[str, float]] = []
        clock = time.perf_counter()

        def lap(stage: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            timings.append((stage, now - clock))
            clock = now

        today = self.today()
        ids = identifiers(thread)
        intent = self.classifier.classify(thread.last_customer_text)
        if intent.confidence < UNSURE and thread.customer_text != thread.last_customer_text:  # "yes, tags still on": the topic is earlier
            whole = self.classifier.classify(thread.customer_text)
            intent = whole if whole.confidence > intent.confidence else intent
        lap("intent")
        lookup = look_up(thread, ids, intent.name, self.book, self.rules, today)
        lap("tools")
        query = f"{thread.last_customer_text} {SEARCH_WORDS.get(intent.name, '')}"
        passages = [] if self.policy is None else self.policy.search(query, self.passages)
        sections = {result.section for _, result in lookup.eligibility}
        if self.policy is not None and self.passages and sections and not any(p.section in sections for p in passages):
            ruling = next((p for p in self.policy.search(query, len(self.policy.passages), 0.0) if p.section in sections), None)
            passages = ([ruling] if ruling else []) + passages[: self.passages - 1 if ruling else self.passages]  # the rule applied, first
        lap("policy")
        needs_identity = intent.name in ACCOUNT_INTENTS or bool(ids.order_ids)
        missing = missing_facts(intent.name, lookup, needs_identity)
        handoff = decide(thread, intent.name, lookup, self.similar)
        actions = propose(intent.name, lookup, thread.customer_text, self.rules, today)
        drafts, dropped = [facts_reply(intent.name, lookup, passages, missing, handoff, today)], []
        if self.generator is not None and handoff.action == "handoff":
            dropped.append("model draft: not asked; the conversation goes to a person, and the first draft says so")
        elif self.generator is not None:
            try:
                draft, why = model_draft(self.generator, thread, self.store, lookup, passages, missing)
            except LLMError as exc:  # the facts draft still stands; the agent is told why there is no other
                log.warning("support draft: the model failed: %s", exc)
                draft, why = None, f"the model failed: {exc}"
            if draft is not None:
                drafts.append(draft)
            else:
                dropped.append(f"model draft: {why}")
        lap("drafts")
        return Suggestion(
            thread.thread_id,
            intent,
            missing,
            tuple(drafts),
            tuple(dropped),
            handoff,
            actions,
            lookup.facts,
            tuple(passages),
            lookup.calls,
            summary(intent, lookup, missing, handoff, actions),
            tuple(timings),
        )


def summary(
    intent: Intent, lookup: Lookup, missing: tuple[str, ...], handoff: Handoff, actions: tuple[ProposedAction, ...]
) -> tuple[str, ...]:
    """Three lines for the next agent: who, what, what next."""
    who = (
        f"Customer: {lookup.customer.name} ({lookup.customer.email}), identified by {lookup.authenticated_by}."
        if lookup.customer
        else "Customer: not identified."
    )
    orders = ", ".join(f"{o.order_id} ({o.status})" for o in lookup.orders) or "no order looked up"
    what = f"Issue: {intent.name.replace('_', ' ')} (confidence {intent.confidence:.2f}); orders: {orders}."
    if handoff.action == "handoff":
        nxt = f"Next: hand off to a person ({handoff.reason.replace('_', ' ')}: {handoff.detail})."
    elif missing:
        nxt = f"Next: ask for what is missing ({missing[0]})."
    elif actions:
        a = actions[0]
        nxt = f"Next: {a.name.replace('_', ' ')} {dict(a.arguments)['order_id']} " + (
            "is ready to confirm." if a.ready else "is not allowed by the policy; explain why."
        )
    else:
        nxt = "Next: answer from the facts and policy shown."
    return (who, what, nxt)
