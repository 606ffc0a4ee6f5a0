"""Session memory: the turns of one conversation, what was understood, and the products shown.

The pipeline reads a `Session` to understand a turn ("cheaper", "the second one") and to build the
model's history; it appends each finished turn. Old turns are trimmed to `history_turns` and then
to the model's context by `fit_to_context`; the constraints accumulated in `understanding` and the
products last shown carry the conversation's state past the trim, and the candidates of the current
turn are never trimmed. One session belongs to one shopper: the app keeps one per browser session.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from assistant.answer import Answer
from assistant.understanding import Understanding
from retrieval.records import Product
from runtime.base import Message


@dataclass(frozen=True)
class Turn:
    text: str  # what the shopper typed
    understanding: Understanding
    answer: Answer


@dataclass
class Session:
    user_id: str | None = None  # None: anonymous, nothing is stored about the shopper
    personalization_weight: float | None = None  # per-session overrides of the config (app sliders)
    exploration_share: float | None = None
    catalog: str = ""  # the catalog this conversation shops; empty: the app's configured one
    turns: list[Turn] = field(default_factory=list)
    shown: tuple[Product, ...] = ()  # the latest recommendation list, in order: what "#2" and "the first one" point at

    @property
    def understanding(self) -> Understanding | None:
        """What the latest recommend turn understood: the constraints a refinement builds on."""
        return next((t.understanding for t in reversed(self.turns) if t.understanding.intent == "recommend"), None)

    def record(self, text: str, understanding: Understanding, answer: Answer, products: tuple[Product, ...]) -> None:
        """Remember a finished turn and the records behind the products it showed.

        Only recommendation lists replace `shown`: after "tell me about #1", "#2" still means the
        second product of the list, not of the one-product answer.
        """
        self.turns.append(Turn(text, understanding, answer))
        if products and answer.intent == "recommend":
            self.shown = products

    def history(self, max_turns: int) -> list[Message]:
        """The last `max_turns` exchanges as chat messages (oldest first)."""
        recent = self.turns[-max_turns:] if max_turns else []
        messages = []
        for turn in recent:
            messages += [Message("user", turn.text), Message("assistant", turn.answer.text)]
        return messages

    def ensure_user_id(self) -> str:
        """The shopper's id; an anonymous session gets a fresh `anon-…` id when something must be stored."""
        if self.user_id is None:
            self.user_id = f"anon-{uuid.uuid4().hex[:12]}"
        return self.user_id

    def clear(self) -> None:
        """Forget the conversation (the profile is kept)."""
        self.turns.clear()
        self.shown = ()
