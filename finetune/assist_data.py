"""The support adapter's agent-assist examples: customer messages put to the real `SupportAssistant`
over the demo order book with a model that only records what it is sent, so a training prompt is the
served draft prompt byte for byte (facts, passages, conversation). The target is the reply rendered
from the same records (the first draft), in one of the five tones, so wording varies while every fact
stays the record's. Messages are the intent examples (written by the project), each asked by two
customers about one of their real orders (an order id in the message becomes theirs); one in seven
asks without being identified, so the target asks who they are.

The demo order book is invented (names, emails, addresses), so nothing is redacted: the facts must
stay as the tools return them. The split is by customer: no customer on both sides.

`agent_log_examples` turns what agents accepted or edited in the suggestion log (`agent-log export`)
into the same kind of example, with the agent's final text as the target. Those are real customers:
names, emails, phone numbers, card numbers, addresses and order ids are redacted to slots in the
prompt and the target alike, so the target still copies what the prompt states.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from random import Random

from assistant.support.assist import SupportAssistant
from assistant.support.intents import read_examples
from assistant.support.thread import ORDER_ID, Message, Thread
from assistant.support.tone import TONES, restyle
from finetune.examples import Built, DataError, Example
from runtime.base import GenerationParams
from runtime.base import Message as ChatMessage
from runtime.redact import redact

ASKERS = 2  # customers who send each example message
UNIDENTIFIED = 7  # one message in this many comes without the customer's verified email
DEV_SHARE = 8  # one customer (or logged suggestion) in this many is on the dev side
CUSTOMER = re.compile(r"The customer is (?P<name>[^()\n]+?) \(")  # the identity fact (tools.py) names who the prompt is about


class DraftRecorder:
    """A Generator that writes nothing and keeps every prompt it is sent."""

    name = "recorder"
    context_length = 1 << 20
    adapters: tuple[str, ...] = ("support",)

    def __init__(self) -> None:
        self.sent: list[tuple[ChatMessage, ...]] = []

    def count_tokens(self, messages: Sequence[ChatMessage]) -> int:
        return sum(len(m.content) for m in messages) // 4

    def generate(self, messages: Sequence[ChatMessage], params: GenerationParams) -> str:
        self.sent.append(tuple(messages))
        return ""

    def stream(self, messages: Sequence[ChatMessage], params: GenerationParams) -> Iterator[str]:
        self.sent.append(tuple(messages))
        return iter(())


def assist_examples(support: SupportAssistant, seed: int = 0) -> Built:
    """Draft examples over the support assistant's order book (the demo store's by default)."""
    rng = Random(seed)
    recorder = DraftRecorder()
    assistant = support.with_generator(recorder)
    customers = [c for c in support.book.customers() if support.book.orders_of(c.customer_id)]
    examples, dropped = [], Counter()
    for n, (text, _) in enumerate(read_examples()):
        for asker in range(ASKERS):
            customer = rng.choice(customers)
            order = rng.choice(support.book.orders_of(customer.customer_id))
            message = ORDER_ID.sub(order.order_id, text)
            email = "" if rng.randrange(UNIDENTIFIED) == 0 else customer.email
            thread = Thread(f"assist-{n}-{asker}", (Message("customer", message),), email)
            recorder.sent.clear()
            suggestion = assistant.suggest(thread)
            if not recorder.sent:
                dropped["the conversation goes to a person: no draft asked"] += 1
                continue
            target = restyle(suggestion.drafts[0].text, rng.choice(tuple(TONES)))
            split = "dev" if int(hashlib.sha256(customer.customer_id.encode()).hexdigest(), 16) % DEV_SHARE == 0 else "train"
            messages = (*recorder.sent[-1], ChatMessage("assistant", target))
            examples.append(Example("support", "draft", "demo-support", f"customer {customer.customer_id}", split, messages))
    return Built(examples, {}, dict(dropped))


def agent_log_examples(rows: list[dict]) -> Built:
    """Draft examples from the suggestion log's accepted and edited replies (`SuggestionLog.training_examples`
    rows: `messages` ending in the agent's text, `source`, `group`), personal data redacted."""
    examples, redacted, dropped = [], Counter(), Counter()
    for n, row in enumerate(rows, 1):
        try:
            chat = [ChatMessage(m["role"], m["content"]) for m in row["messages"]]
            group = str(row["group"])
        except (KeyError, TypeError) as exc:
            raise DataError(f"suggestion log export row {n}: not an exported example ({exc}); rows need messages and group") from None
        names = [m.group("name") for c in chat for m in CUSTOMER.finditer(c.content)]
        for name in list(names):
            names += name.split()  # "Thanks, Ava": the first name alone too
        clean = []
        for message in chat:
            r = redact(message.content, names)
            redacted.update(r.counts)
            clean.append(ChatMessage(message.role, r.text))
        if not clean or clean[-1].role != "assistant" or not clean[-1].content.strip():
            dropped["no reply text to learn from"] += 1
            continue
        split = "dev" if int(hashlib.sha256(group.encode()).hexdigest(), 16) % DEV_SHARE == 0 else "train"
        examples.append(Example("support", "draft", "agent-log", group, split, tuple(clean), origin="source"))
    return Built(examples, dict(redacted), dict(dropped))
