"""The agent's read-only tools over the order book — find the customer (verified email, email, or
name + zip), get the orders the conversation is about, check what the policy allows — and the facts
they returned, each labelled (F1, F2, …) with the call that produced it. A draft may state an order
fact only if it is one of these.

Stage: thread identifiers + intent -> lookup (this module) -> drafts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant.support.eligibility import Eligibility, PolicyRules, check
from assistant.support.orders import Customer, Order, OrderBook, long_date
from assistant.support.thread import Identifiers, Thread
from retrieval.money import format_price

ACTION_OF_INTENT = {"cancel": "cancel", "return": "return", "exchange": "exchange", "refund": "return", "complaint": "damage_claim"}
RECENT_ORDERS = 3  # orders listed when the customer named none


@dataclass(frozen=True)
class Fact:
    label: str  # "F1": how a draft cites it
    text: str  # one sentence, rendered from the record
    tool: str  # the call that returned it: "get_order(ORD-10012)"


@dataclass(frozen=True)
class Lookup:
    customer: Customer | None
    authenticated_by: str  # "verified email", "email", "name + zip" or "" (not identified)
    orders: tuple[Order, ...]  # the orders this conversation is about, the customer's own only
    foreign_orders: tuple[str, ...]  # named orders of another customer than the identified one: never shown
    unknown_orders: tuple[str, ...]  # named orders the book does not have
    unverified_orders: tuple[str, ...]  # named while the customer is not identified: not looked up, nothing said of them
    eligibility: tuple[tuple[str, Eligibility], ...]  # (order id, the check of the intent's action)
    facts: tuple[Fact, ...]
    calls: tuple[str, ...]  # every tool call made, in order


def look_up(thread: Thread, ids: Identifiers, intent: str, book: OrderBook, rules: PolicyRules, today: date) -> Lookup:
    """Identify the customer, then fetch the orders the conversation is about and check the intent's action."""
    calls: list[str] = []
    customer, how = None, ""
    if thread.verified_email:
        calls.append(f"find_customer_by_email({thread.verified_email})")
        customer, how = book.customer_by_email(thread.verified_email), "verified email"
    for email in ids.emails:
        if customer is None:
            calls.append(f"find_customer_by_email({email})")
            customer, how = book.customer_by_email(email), "email"
    if customer is None and ids.name_zip:
        calls.append(f"find_customer_by_name_zip({', '.join(ids.name_zip)})")
        customer, how = book.customer_by_name_zip(*ids.name_zip), "name + zip"
    how = how if customer else ""
    facts: list[Fact] = []

    def fact(text: str, tool: str) -> None:
        facts.append(Fact(f"F{len(facts) + 1}", text, tool))

    if customer:
        fact(f"The customer is {customer.name} ({customer.email}), identified by {how}.", calls[-1])
    orders, foreign, unknown = [], [], []
    for order_id in ids.order_ids if customer else ():  # the policy: identify the customer before anything else
        calls.append(f"get_order({order_id})")
        order = book.order(order_id)
        if order is None:
            unknown.append(order_id)
        elif order.customer_id != customer.customer_id:
            foreign.append(order_id)
        else:
            orders.append(order)
    if customer and not ids.order_ids:
        calls.append(f"list_orders({customer.customer_id})")
        orders = book.orders_of(customer.customer_id)[:RECENT_ORDERS]
    action = ACTION_OF_INTENT.get(intent)
    checks = []
    for order in orders:
        for text in order_facts(order):
            fact(text, f"get_order({order.order_id})")
        if action:
            result = check(action, order, rules, today)
            checks.append((order.order_id, result))
            fact(eligibility_fact(order.order_id, result), f"check_{action}({order.order_id})")
    unverified = () if customer else ids.order_ids
    return Lookup(customer, how, tuple(orders), tuple(foreign), tuple(unknown), unverified, tuple(checks), tuple(facts), tuple(calls))


def order_facts(order: Order) -> list[str]:
    """An order as sentences: status and date, items and total, each shipment, each return."""
    placed = f" was placed on {long_date(order.placed_on)} and" if order.placed_on else ""
    items = "; ".join(
        f"{line.name} ({line.item_id}) × {line.quantity} at {format_price(line.unit_price, order.currency)}" for line in order.lines
    )
    shipping = f" including {format_price(order.shipping_cost, order.currency)} shipping" if order.shipping_cost else ""
    paid = f", paid with {order.payment}" if order.payment else ""
    texts = [
        f"Order {order.order_id}{placed} is {order.status}.",
        f"Order {order.order_id} holds: {items}; total {format_price(order.total, order.currency)}{shipping}{paid}.",
    ]
    for s in order.shipments:
        carrier = f"{s.carrier} " if s.carrier else ""
        when = (
            f", delivered on {long_date(s.delivered_on)}"
            if s.delivered_on
            else (f", expected {long_date(s.expected_on)}" if s.expected_on else "")
        )
        shipped = f", shipped {long_date(s.shipped_on)}" if s.shipped_on else ""
        texts.append(
            f"Order {order.order_id} shipment {carrier}tracking {s.tracking_id} ({', '.join(s.item_ids)}): {s.status}{shipped}{when}."
        )
    for r in order.returns:
        opened = f", opened {long_date(r.opened_on)}" if r.opened_on else ""
        texts.append(f"Order {order.order_id} {r.kind} {r.return_id} of {', '.join(r.item_ids)}: {r.status}{opened}.")
    return texts


def eligibility_fact(order_id: str, result: Eligibility) -> str:
    """The policy check as one sentence, with its section."""
    what = result.action.replace("_", " ")
    if not result.allowed:
        instead = f"; instead: {result.otherwise}" if result.otherwise else ""
        return f"{what.capitalize()} of order {order_id} is not possible: {'; '.join(result.reasons)}{instead} (policy: {result.section})."
    until = f" until {long_date(result.deadline)}" if result.deadline else ""
    conditions = f"; conditions: {'; '.join(result.conditions)}" if result.conditions else ""
    return f"{what.capitalize()} of order {order_id} is possible{until}{conditions} (policy: {result.section})."
