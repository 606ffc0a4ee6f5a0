"""The reply rendered from records alone — the tools' facts, the policy checks and passages — in the
customer's voice. Nothing in it is typed by a model, so it is the draft that is always grounded.

Stage: lookup + passages -> this reply (first of the drafts) -> Suggestion.
"""

from __future__ import annotations

from datetime import date

from assistant.policy import Passage
from assistant.support.drafts import Draft
from assistant.support.eligibility import Eligibility
from assistant.support.handoff import Handoff
from assistant.support.orders import Order, long_date
from assistant.support.tools import Lookup

ABOUT_AN_ORDER = ("order_status", "return", "exchange", "refund", "cancel", "complaint")
OFFER = {  # what the agent offers when the policy allows the action
    "cancel": "It can still be cancelled: shall I cancel it for you?",
    "return": "Would you like me to start the return? We'll email you a prepaid label.",
    "exchange": "Which size or colour would you like instead?",
    "damage_claim": "I'm sorry it arrived like that.",
    "change_address": "What is the new address?",
}


def facts_reply(intent: str, lookup: Lookup, passages: list[Passage], missing: tuple[str, ...], handoff: Handoff, today: date) -> Draft:
    """The reply rendered from the lookup: what it says about each order cites the fact it comes from."""
    name = f" {lookup.customer.first_name}" if lookup.customer else ""
    sentences, used, cited = [f"Hi{name}, thanks for getting in touch."], [], []
    if handoff.action == "handoff":
        sentences.append(
            "I'm sorry for the trouble. I'm passing this conversation to a colleague who can take it further; they will reply here."
        )
        return Draft("facts", " ".join(sentences), (), ())
    if lookup.customer is None and any(m.startswith("customer not identified") for m in missing):
        ask = "Before I can look into an order, please send me the email address on your account, or your full name and zip code"
        sentences.append(ask + (", and the order number." if intent in ABOUT_AN_ORDER and not lookup.unverified_orders else "."))
    for order_id in lookup.foreign_orders:
        sentences.append(f"I can only help with orders on your own account, and {order_id} isn't one of them.")
    for order_id in lookup.unknown_orders:
        sentences.append(f"I couldn't find an order {order_id}: could you check the number in your confirmation email?")
    checks = dict(lookup.eligibility)
    if len(lookup.orders) > 1 and intent in ("return", "exchange", "cancel", "refund"):
        sentences.append("Which order is this about? I can see " + ", ".join(f"{o.order_id} ({o.status})" for o in lookup.orders) + ".")
    else:
        for order in lookup.orders:
            sentences += order_sentences(order, today)
            used += [
                f.label for f in lookup.facts if f.tool == f"get_order({order.order_id})" and f.text.startswith(f"Order {order.order_id}")
            ][:1]
            result = checks.get(order.order_id)
            if result is not None:
                sentences += eligibility_sentences(order.order_id, result)
                used += [f.label for f in lookup.facts if f.tool.startswith("check_") and order.order_id in f.tool]
            if intent == "refund":
                sentences += [f"Your {r.kind} {r.return_id} is {r.status}." for r in order.returns]
    if passages and (intent not in ("order_status",) or not lookup.orders):
        n = quoted_passage(passages, [result.section for _, result in lookup.eligibility])
        sentences.append(f"From our policy ({passages[n].section}): {passages[n].text}")
        cited.append(f"P{n + 1}")
    if len(sentences) == 1:
        sentences.append("Could you tell me a little more, and the order number if it is about an order?")
    return Draft("facts", " ".join(sentences), tuple(dict.fromkeys(used)), tuple(cited))


def quoted_passage(passages: list[Passage], sections: list[str]) -> int:
    """Which passage the reply quotes: the best-ranked one from the section behind the policy check
    (the rule the reply applies), else the best-ranked."""
    return next((n for n, p in enumerate(passages) if p.section in sections), 0)


def order_sentences(order: Order, today: date) -> list[str]:
    """Where the order stands, from its status and shipments."""
    status, oid = order.status, order.order_id
    if status == "placed" and order.placed_on:
        return [f"Your order {oid} was placed on {long_date(order.placed_on)} and hasn't shipped yet."]
    if status == "preparing to ship":
        return [f"Your order {oid} is being prepared for shipping."]
    if status == "cancelled":
        return [f"Your order {oid} was cancelled."]
    if status == "shipped" and order.shipments:
        said = []
        for s in order.shipments:
            carrier = f" with {s.carrier}" if s.carrier else ""
            on = f" on {long_date(s.shipped_on)}" if s.shipped_on else ""
            when = ""
            if s.expected_on:
                when = (
                    f"; it was expected on {long_date(s.expected_on)}"
                    if s.expected_on < today
                    else f"; it is expected on {long_date(s.expected_on)}"
                )
            said.append(f"Your order {oid} shipped{carrier}{on} (tracking {s.tracking_id}) and is {s.status}{when}.")
        return said
    if status == "delivered" and order.delivered_on:
        return [f"Your order {oid} was delivered on {long_date(order.delivered_on)}."]
    return [f"Your order {oid} is {status}."]


def eligibility_sentences(order_id: str, result: Eligibility) -> list[str]:
    """What the policy allows for the order, with the offer or what it allows instead."""
    what = {
        "cancel": "cancelled",
        "return": "returned",
        "exchange": "exchanged",
        "damage_claim": "reported as damaged",
        "change_address": "re-addressed",
    }
    verb = what.get(result.action, result.action)
    if not result.allowed:
        said = [f"I'm sorry, but order {order_id} can't be {verb}: {'; '.join(result.reasons)}."]
        return said + ([f"What you can do: {result.otherwise}."] if result.otherwise else [])
    until = f" until {long_date(result.deadline)}" if result.deadline else ""
    said = [f"Order {order_id} can be {verb}{until}."] if result.action != "cancel" else []
    if result.conditions:
        said.append("Please note: " + "; ".join(result.conditions) + ".")
    return said + [OFFER[result.action]] if result.action in OFFER else said
