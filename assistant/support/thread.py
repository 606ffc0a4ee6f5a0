"""A customer-service conversation as the agent sees it, and what can be read off its text without a
model: identifiers the customer gave (order ids, email, name + zip) and signals for a hand-off.

First stage of a suggestion: thread -> (identifiers, intent, tools, passages) -> drafts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from runtime.errors import UserError

ROLES = ("customer", "agent")
ORDER_ID = re.compile(r"(?<![\w-])(ORD-\d{5}|#W\d{7})\b", re.IGNORECASE)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
ZIP = re.compile(r"\b(\d{5})(?:-\d{4})?\b")
NAME = re.compile(  # "my name is rosa baptiste" in any case; after "this is" / "I'm" / "it's" only a capitalised name
    r"\b(?:(?i:my name is|name:)\s+([A-Za-z][A-Za-z'-]+)\s+([A-Za-z][A-Za-z'-]+)"
    r"|(?i:this is|i am|i'm|it's|it is)\s+([A-Z][a-z'-]+)\s+([A-Z][a-z'-]+)"
    r"|([A-Z][a-z'-]+)\s+([A-Z][a-z'-]+),?\s+(?i:zip(?:\s*code)?:?\s*)?(?=\d{5}\b))"  # "Fern Castillo, zip 27612"
)


class ThreadError(UserError, ValueError):
    """A conversation that cannot be read; the message names the field and the fix."""


@dataclass(frozen=True)
class Message:
    role: str  # "customer" or "agent"
    text: str

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ThreadError(f"message role {self.role!r} is not one of {', '.join(ROLES)}")
        if not self.text.strip():
            raise ThreadError(f"a {self.role} message is empty; remove it or give its text")


@dataclass(frozen=True)
class Thread:
    thread_id: str
    messages: tuple[Message, ...]
    verified_email: str = ""  # the channel's verified address (a logged-in chat, a ticket's sender); "" when unknown

    def __post_init__(self) -> None:
        if not any(m.role == "customer" for m in self.messages):
            raise ThreadError(f"conversation {self.thread_id!r} has no customer message; a suggestion answers one")

    @property
    def customer_text(self) -> str:
        """Everything the customer wrote, oldest first."""
        return "\n".join(m.text for m in self.messages if m.role == "customer")

    @property
    def last_customer_text(self) -> str:
        """The customer's latest message (what the next reply answers)."""
        return next(m.text for m in reversed(self.messages) if m.role == "customer")


@dataclass(frozen=True)
class Identifiers:
    order_ids: tuple[str, ...]  # as the book spells them (ORD-12345, #W1234567), first mention first
    emails: tuple[str, ...]
    name_zip: tuple[str, str, str] | None  # (first, last, zip) when the customer gave both


def identifiers(thread: Thread) -> Identifiers:
    """Order ids, emails and a name + zip the customer wrote."""
    text = thread.customer_text
    orders = tuple(dict.fromkeys(m.upper() for m in ORDER_ID.findall(text)))
    emails = tuple(dict.fromkeys(e.lower() for e in EMAIL.findall(text)))
    name, zip_code = NAME.search(text), ZIP.search(ORDER_ID.sub("", text))
    names = tuple(g for g in name.groups() if g) if name else ()
    return Identifiers(orders, emails, (names[0], names[1], zip_code.group(1)) if names and zip_code else None)


def read_thread(text: str, thread_id: str = "pasted") -> Thread:
    """A conversation from JSON ({"id", "messages": [{"role", "text"}], "verified_email"}) or from text:
    lines starting "Customer:" / "Agent:" (a line without a prefix continues the message before;
    text with no prefix at all is one customer message)."""
    stripped = text.strip()
    if not stripped:
        raise ThreadError("the conversation is empty; paste the customer's message(s)")
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ThreadError(f"the conversation looks like JSON but is not ({exc}); fix it or paste plain text") from None
        return thread_from_dict(data, thread_id)
    messages: list[list[str]] = []
    for line in stripped.splitlines():
        head, _, rest = line.partition(":")
        if head.strip().lower() in ROLES and _:
            messages.append([head.strip().lower(), rest.strip()])
        elif messages:
            messages[-1][1] = f"{messages[-1][1]}\n{line.strip()}".strip()
        else:
            messages.append(["customer", line.strip()])
    return Thread(thread_id, tuple(Message(role, body) for role, body in messages if body.strip()))


def thread_from_dict(data: object, thread_id: str = "pasted") -> Thread:
    """A conversation from its JSON object, with errors naming the field."""
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
        raise ThreadError('a conversation is a JSON object with "messages": [{"role": "customer", "text": "..."}, ...]')
    messages = []
    for n, m in enumerate(data["messages"]):
        if not isinstance(m, dict) or not isinstance(m.get("text"), str) or not isinstance(m.get("role"), str):
            raise ThreadError(f'messages[{n}] must be an object with "role" ("customer" or "agent") and "text" strings, got {m!r}')
        try:
            messages.append(Message(m["role"].strip().lower(), m["text"].strip()))
        except ThreadError as exc:
            raise ThreadError(f"messages[{n}]: {exc}") from None
    return Thread(str(data.get("id") or thread_id), tuple(messages), str(data.get("verified_email") or "").strip().lower())
