"""Whether a person should take the conversation over: a structured decision, never text inside a
reply. Rules read the customer's words and what the tools found; each names its reason.

Hand off for: an explicit request for a person; a legal threat; a safety incident; an insisted-on
request the policy does not allow (an exception, compensation, a price match); repeated failure (the
customer says so, or has written many times); a customer who cannot be identified for an account
or order matter after being asked, or who asks about someone else's order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.support.thread import Thread
from assistant.support.tools import Lookup

REASONS = ("asks_for_person", "legal", "safety", "outside_policy", "repeated_failure", "unauthenticated")


def _words(*patterns: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)


PERSON = _words(
    r"(?:speak|talk|chat)\s+(?:to|with)\s+(?:a|an|your|the|some)?\s*(?:real\s+|actual\s+|live\s+)?(?:human|person|manager|supervisor|someone|somebody|agent|representative|rep)",
    r"(?:human|live|real)\s+(?:agent|person|being|representative)",
    r"get\s+(?:me\s+)?(?:a|your|the)\s+(?:manager|supervisor)",
    r"escalate",
    r"not\s+a\s+(?:bot|robot|machine)",
)
LEGAL = _words(
    r"lawyers?",
    r"attorneys?",
    r"sue|suing",
    r"lawsuit",
    r"legal\s+action",
    r"small\s+claims",
    r"court",
    r"consumer\s+(?:protection|authority|rights\s+agency)",
    r"better\s+business\s+bureau|bbb",
    r"chargeback",
    r"dispute\s+the\s+charge",
    r"report\s+(?:you|this|your\s+(?:store|company))\s+to",
)
SAFETY = _words(
    r"caught\s+fire|on\s+fire|burst\s+into\s+flames|flames?",
    r"smok(?:e|ed|ing)",
    r"burn(?:ed|t|s)?",
    r"(?:electric(?:al)?\s+)?shock(?:ed)?",
    r"injur(?:y|ies|ed)",
    r"hurt\s+(?:me|my|him|her|them|myself)",
    r"chok(?:e|ed|ing)",
    r"explod(?:e|ed)|explosion",
    r"overheat(?:ed|ing|s)?",
    r"sparks?|sparking",
    r"hospital|emergency\s+room|\ber\b",
    r"(?:safety\s+)?hazard",
    r"melt(?:ed|ing)",
)
EXCEPTION = _words(
    r"make\s+an\s+exception",
    r"(?:just\s+)?this\s+once",
    r"i\s+know\s+(?:it'?s|it\s+is)\s+(?:past|after|over|late)",
    r"even\s+though",
    r"compensat(?:e|ion)",
    r"(?:discount|voucher|coupon|credit)\s+for\s+(?:my|the|all\s+the)\s+(?:trouble|inconvenience|hassle)",
    r"price\s+match",
    r"(?:amazon|walmart|target|competitor)\s+(?:has|sells|is\s+selling)",
)
REPEATED = _words(
    r"(?:third|fourth|fifth|3rd|4th|5th)\s+time",
    r"(?:several|many|multiple|three|four|five)\s+times",
    r"still\s+(?:not|no|nothing|haven'?t|hasn'?t|waiting)",
    r"(?:already|keep)\s+(?:told|asked|contacted|emailed|called|wrote|explained)",
    r"nobody\s+(?:has\s+)?(?:helped|answered|replied)",
    r"same\s+(?:answer|reply|response)",
    r"(?:again|yet\s+again)\s*[!?.]*$",
)
IDENTITY_ASK = _words(r"email\s+address", r"(?:your|the)\s+email", r"name\s+and\s+zip", r"zip\s+code", r"verify|confirm\s+your\s+identity")
ACCOUNT_INTENTS = ("order_status", "return", "exchange", "refund", "cancel", "account", "payment")
MANY_MESSAGES = 5  # customer messages in one thread after which the conversation counts as failing


@dataclass(frozen=True)
class Handoff:
    action: str  # "continue" or "handoff"
    reason: str  # one of REASONS, or "" to continue
    detail: str  # what triggered it, quoted, for the agent

    def as_dict(self) -> dict:
        """{"action", "reason", "detail"}: the field the CLI, API and UI show."""
        return {"action": self.action, "reason": self.reason, "detail": self.detail}


CONTINUE = Handoff("continue", "", "")


def decide(thread: Thread, intent: str, lookup: Lookup) -> Handoff:
    """The hand-off decision for the conversation as it stands."""
    text = thread.customer_text
    latest = thread.last_customer_text
    for reason, pattern, where in (("legal", LEGAL, text), ("safety", SAFETY, text), ("asks_for_person", PERSON, latest)):
        found = pattern.search(where)
        if found:
            return Handoff("handoff", reason, f"the customer wrote {found.group(0)!r}")
    found = EXCEPTION.search(text)
    refused = [f"{order_id}: {result.reasons[0]}" for order_id, result in lookup.eligibility if not result.allowed]
    if found:
        return Handoff("handoff", "outside_policy", f"the customer asks for {found.group(0)!r}" + (f"; {refused[0]}" if refused else ""))
    if refused and REPEATED.search(text):
        return Handoff("handoff", "outside_policy", f"the policy does not allow it ({refused[0]}) and the customer insists")
    if lookup.foreign_orders:
        return Handoff("handoff", "unauthenticated", f"order {lookup.foreign_orders[0]} does not belong to the identified customer")
    asked = any(m.role == "agent" and IDENTITY_ASK.search(m.text) for m in thread.messages)
    if lookup.customer is None and asked and intent in ACCOUNT_INTENTS:
        return Handoff("handoff", "unauthenticated", "the customer was asked to identify and still cannot be found in the order book")
    found = REPEATED.search(text)
    if found:
        return Handoff("handoff", "repeated_failure", f"the customer wrote {found.group(0)!r}")
    customer_messages = sum(m.role == "customer" for m in thread.messages)
    if customer_messages >= MANY_MESSAGES:
        return Handoff("handoff", "repeated_failure", f"{customer_messages} customer messages in this conversation")
    return CONTINUE
