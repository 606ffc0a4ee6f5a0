"""Write actions (cancel, return, exchange, address change, damage claim) proposed for the agent to
confirm, with their arguments and the policy's preconditions checked: the model never executes one.

Stage: lookup -> proposed actions (this module) -> Suggestion; the agent's confirmation is recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from assistant.support.eligibility import Eligibility, PolicyRules, check
from assistant.support.tools import Lookup

ADDRESS_CHANGE = re.compile(
    r"\b(?:change|update|correct|wrong)\b[^.?!]{0,40}\baddress\b|\baddress\b[^.?!]{0,30}\b(?:change|update|wrong)\b", re.IGNORECASE
)
DAMAGE = re.compile(
    r"\b(?:broken|damaged|cracked|smashed|dented|defective|missing\s+(?:parts?|pieces?)|wrong\s+item|doesn'?t\s+work)\b", re.IGNORECASE
)
NAMES = {"cancel": "cancel_order", "return": "return_items", "exchange": "exchange_items", "damage_claim": "damage_claim"}


@dataclass(frozen=True)
class ProposedAction:
    name: str  # "cancel_order", "return_items", "exchange_items", "change_address", "damage_claim"
    arguments: tuple[tuple[str, str], ...]  # ("order_id", "ORD-10012"), ("item_ids", "DS-0004")
    preconditions: tuple[tuple[str, bool], ...]  # each of the policy's preconditions and whether it holds
    section: str  # the policy section behind them

    @property
    def ready(self) -> bool:
        """Every precondition holds: the agent may confirm it."""
        return all(ok for _, ok in self.preconditions)

    def as_dict(self) -> dict:
        """The action as the CLI's --json and the UI show it."""
        return {
            "name": self.name,
            "arguments": dict(self.arguments),
            "preconditions": [{"check": text, "ok": ok} for text, ok in self.preconditions],
            "ready": self.ready,
            "section": self.section,
        }


def propose(intent: str, lookup: Lookup, customer_text: str, rules: PolicyRules, today: date) -> tuple[ProposedAction, ...]:
    """The write actions the conversation asks for, one per order it is about (none when it names several
    and the customer has not said which)."""
    identified = (
        f"customer identified ({lookup.authenticated_by})" if lookup.customer else "customer identified",
        lookup.customer is not None,
    )
    if len(lookup.orders) != 1:
        return ()
    order = lookup.orders[0]
    checks = dict(lookup.eligibility)
    found: list[tuple[str, Eligibility]] = []
    if intent in ("cancel", "return", "exchange", "refund") and order.order_id in checks:
        found.append((NAMES[checks[order.order_id].action], checks[order.order_id]))
    if intent == "complaint" and DAMAGE.search(customer_text) and order.order_id in checks:
        found.append(("damage_claim", checks[order.order_id]))
    if ADDRESS_CHANGE.search(customer_text):
        found.append(("change_address", check("change_address", order, rules, today)))
    actions = []
    for name, result in found:
        arguments = [("order_id", order.order_id)]
        if name in ("return_items", "exchange_items", "damage_claim"):
            arguments.append(("item_ids", ", ".join(line.item_id for line in order.lines)))
        if name == "change_address":
            arguments.append(("new_address", "(ask the customer)"))
        pre = [identified, (f"order {order.order_id}: {'; '.join(result.reasons)}", result.allowed)]
        pre += [(f"to confirm with the customer: {c}", True) for c in result.conditions]
        actions.append(ProposedAction(name, tuple(arguments), tuple(pre), result.section))
    return tuple(actions)
