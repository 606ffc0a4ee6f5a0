"""Suggested replies: the one the model writes from the tools' facts and the policy passages, checked
before the agent sees it (the one rendered from records alone is `replies.py`). A sentence of the
model's that states an order id, tracking number, date, amount, figure or order status no fact or
passage holds is dropped (a repair, counted); a draft with nothing left is dropped.

Stage: lookup + passages -> drafts (this module) -> Suggestion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from assistant.answer import Repair
from assistant.grounding import FIGURE, REFUSAL, SENTENCE, comparable_figure
from assistant.policy import Passage
from assistant.support.thread import ORDER_ID, Thread
from assistant.support.tools import Lookup
from assistant.templates import load_prompt
from runtime.base import GenerationParams, Generator, Message, task_adapter

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = re.compile(rf"\b(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b")
TRACKING = re.compile(r"\b(?:1Z[0-9A-Z]{16}|\d{12,22})\b")
STATUSES = r"placed|preparing to ship|shipped|delivered|cancell?ed|in transit|out for delivery|refunded|received|requested|pending|processed|exchanged"
STATUS_WORD = re.compile(rf"\b({STATUSES})\b", re.IGNORECASE)
STATUS = re.compile(  # a claim about a status: "your order is shipped", "the refund was processed"
    rf"\b(?:order|package|parcel|shipment|it|refund|return)(?:\s+(?:ORD-\d{{5}}|#W\d{{7}}))?\s+(?:is|was|has\s+been|is\s+now|was\s+already)\s+({STATUSES})\b",
    re.IGNORECASE,
)
PLACEHOLDER = re.compile(r"\{\{[^}]*\}\}|\[[A-Z][A-Za-z ]+\]")  # "{{Order Number}}", "[Customer Name]": the model did not fill it
DRAFT_TOKENS = 160
MAX_SENTENCES = 5
ECHOED_LABEL = re.compile(
    r"^\s*(?:\([^)]{2,40}\)\s*|\[(?:F|P)\d+\]\s*)+"
)  # "(Shipping) …", "[F2] …": a fact or passage copied with its label
SIGN_OFF = re.compile(
    r"^(?:(?:best|kind|warm)?\s*(?:regards|wishes|sincerely|thanks)\b[\w\s,.]*|best|cheers)[\s,.!]*$", re.IGNORECASE
)  # "Best regards," and the name after it
PROMPT_ECHO = re.compile(r"^(?:still missing|facts from the order system|store policy)\s*:", re.IGNORECASE)
LABELS = re.compile(r"\[[A-Z]\d+\]|\([A-Z][\w &,-]{1,40}\)")  # "[C1]", "(Cancellation of order)": labels, not words
MIN_WORDS = 3  # a sentence with fewer words once labels are out says nothing an agent can send
INTERNAL = re.compile(
    r"\bidentified by (?:verified email|email|name \+ zip)|\(policy: [^)]*\)|\bholds: ", re.IGNORECASE
)  # a fact's own wording


@dataclass(frozen=True)
class Draft:
    kind: str  # "facts" (rendered from records) or "model"
    text: str
    facts: tuple[str, ...]  # labels of the facts it relies on (F1, …)
    passages: tuple[str, ...]  # labels of the policy passages it relies on (P1, …)
    repairs: tuple[Repair, ...] = ()


def missing_facts(intent: str, lookup: Lookup, needs_identity: bool) -> tuple[str, ...]:
    """What the reply cannot do without: the customer's identity, an order id, a known order."""
    missing = []
    if needs_identity and lookup.customer is None:
        missing.append("customer not identified: ask for the email on the account, or full name and zip code")
    missing += [f"order {o} not found: ask the customer to check the number" for o in lookup.unknown_orders]
    if lookup.customer and intent in ("return", "exchange", "cancel", "refund") and len(lookup.orders) > 1:
        missing.append("order id not given: ask which order")
    return tuple(missing)


def draft_messages(store: str, conversation: list[dict], facts: list[dict], passages: list[dict], missing: list[str]) -> list[dict]:
    """The model's prompt for a draft, as chat messages ({"role", "content"}): the facts and passages
    labelled as the draft will cite them, then the conversation (customer as user, agent as assistant).
    The one rendering of it: drafting and the export of agents' replies as training data both use it."""
    listed = "\n".join(f"[{f['label']}] {f['text']}" for f in facts) or "(none: the customer is not identified)"
    cited = "\n".join(f"[{p['label']}] ({p['section']}) {p['text']}" for p in passages) or "(none)"
    system = load_prompt("support_draft").substitute(store=store, facts=listed, passages=cited, missing="; ".join(missing) or "nothing")
    turns = [{"role": "user" if m["role"] == "customer" else "assistant", "content": m["text"]} for m in conversation]
    return [{"role": "system", "content": system}, *turns]


def model_draft(
    generator: Generator, thread: Thread, store: str, lookup: Lookup, passages: list[Passage], missing: tuple[str, ...]
) -> tuple[Draft | None, str]:
    """The model's reply from the same facts, grounded; (None, why) when nothing of it holds up."""
    messages = draft_messages(
        store,
        [{"role": m.role, "text": m.text} for m in thread.messages],
        [{"label": f.label, "text": f.text} for f in lookup.facts],
        [{"label": f"P{i}", "section": p.section, "text": p.text} for i, p in enumerate(passages, 1)],
        list(missing),
    )
    params = GenerationParams(max_new_tokens=DRAFT_TOKENS, adapter=task_adapter(generator, "support"))
    text = generator.generate([Message(m["role"], m["content"]) for m in messages], params).strip()
    kept, repairs = ground_draft(text, tuple(f.text for f in lookup.facts), tuple(p.text for p in passages), thread.customer_text)
    if not kept:
        return None, "; ".join(r.detail for r in repairs) or "the model wrote nothing"
    used = tuple(f.label for f in lookup.facts if f.label in kept or any(_order_in(f.text, o) for o in ORDER_ID.findall(kept)))
    refs = tuple(dict.fromkeys(re.findall(r"\[(P\d+)\]", kept)))
    return Draft("model", re.sub(r"\s*\[(?:F|P)\d+\]", "", kept).strip(), used, refs, tuple(repairs)), ""


def _order_in(text: str, order_id: str) -> bool:
    return order_id.upper() in text.upper()


def ground_draft(text: str, facts: tuple[str, ...], passages: tuple[str, ...] = (), customer_text: str = "") -> tuple[str, list[Repair]]:
    """The sentences of `text` whose order ids, tracking numbers, dates and figures all appear in the
    facts or passages, and whose order statuses are the facts', and the repairs for the sentences dropped: also a sentence said before, one copied from
    the customer's messages, and the prompt's own labels echoed back; at most MAX_SENTENCES kept."""
    joined = "\n".join(facts + passages)
    ids = {m.upper() for m in ORDER_ID.findall(joined)} | set(TRACKING.findall(joined))
    days = {_day(m) for m in DATE.findall(joined)} - {None}
    figures = {comparable_figure(f) for f in FIGURE.findall(_without_ids_and_dates(joined))}  # a date's day is not a figure to quote
    statuses = {_status(s) for s in STATUS_WORD.findall("\n".join(facts))}
    kept, repairs, seen = [], [], set()
    said = _words(customer_text)
    for sentence in (ECHOED_LABEL.sub("", s).strip() for s in SENTENCE.split(text)):
        words = _words(sentence)
        if not words or PROMPT_ECHO.match(sentence) or SIGN_OFF.match(sentence):
            continue
        if INTERNAL.search(sentence):
            repairs.append(Repair("internal", f"dropped {sentence[:60]!r}: the order system's wording, for the agent, not the customer"))
            continue
        if len(LABELS.sub(" ", sentence).split()) < MIN_WORDS:
            repairs.append(Repair("fragment", f"dropped {sentence[:60]!r}: labels or a fragment, not a sentence"))
            continue
        if REFUSAL.search(sentence):
            repairs.append(Repair("refusal", f"dropped {sentence[:60]!r}: declines what the agent can do"))
            continue
        if words in seen or (len(words) >= 4 and len(words & said) >= 0.8 * len(words)):
            repairs.append(Repair("repetition", f"dropped {sentence[:60]!r}: said before, by the draft or the customer"))
            continue
        seen.add(words)
        problems = [f"order id {m}" for m in ORDER_ID.findall(sentence) if m.upper() not in ids]
        problems += [f"tracking number {m}" for m in TRACKING.findall(sentence) if m not in ids]
        problems += [f"date {m!r}" for m in DATE.findall(sentence) if _day(m) not in days]
        rest = _without_ids_and_dates(re.sub(r"\[(?:F|P)\d+\]", "", sentence))
        problems += [f"figure {f}" for f in FIGURE.findall(rest) if comparable_figure(f) not in figures]
        problems += [f"status {m.group(1)!r}" for m in STATUS.finditer(sentence) if _status(m.group(1)) not in statuses]
        problems += [f"unfilled placeholder {m.group(0)}" for m in PLACEHOLDER.finditer(sentence)]
        if problems:
            repairs.append(Repair("unsupported_fact", f"dropped a sentence stating {', '.join(problems)}, which no fact or passage says"))
        elif len(kept) < MAX_SENTENCES:
            kept.append(sentence)
    return " ".join(kept), repairs


def _without_ids_and_dates(text: str) -> str:
    return DATE.sub("", TRACKING.sub("", ORDER_ID.sub("", text)))


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", text.lower()))


def _day(text: str) -> tuple[int, int] | None:
    """(month, day) of 'December 3' / 'December 3rd, 2026'."""
    found = re.match(rf"({MONTHS})\s+(\d{{1,2}})", text)
    if not found:
        return None
    try:
        return datetime.strptime(f"{found.group(1)} {found.group(2)}", "%B %d").month, int(found.group(2))
    except ValueError:
        return None


def _status(word: str) -> str:
    return word.lower().replace("canceled", "cancelled")
