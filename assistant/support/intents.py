"""The customer's intent: nearest labelled examples by the retrieval embedder (no model asked), with a
confidence the agent can read (`nearest.py`). The examples are `intent_examples.toml` (written by the project) plus
any the caller adds, such as the intents agents confirmed on accepted suggestions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.support.nearest import NearestExamples
from assistant.support.nearest import read_examples as read_labelled
from retrieval.embedder import Embedder

INTENTS = (
    "order_status",
    "return",
    "exchange",
    "refund",
    "cancel",
    "shipping",
    "payment",
    "account",
    "product_question",
    "complaint",
    "other",
)
EXAMPLES = Path(__file__).with_name("intent_examples.toml")


@dataclass(frozen=True)
class Intent:
    name: str  # one of INTENTS
    confidence: float  # the share of the nearest examples' similarity that voted for it, 0..1
    runner_up: str  # the next most voted intent ("" when all votes agreed)


def read_examples(path: Path = EXAMPLES) -> list[tuple[str, str]]:
    """(message, intent) pairs of an examples TOML: one table per intent with `examples = [...]`."""
    return read_labelled(path, INTENTS, "intent")


class IntentClassifier:
    """k nearest examples, votes weighted by cosine; below `min_similarity` the message is "other"."""

    def __init__(self, embedder: Embedder, examples: list[tuple[str, str]], k: int = 7, min_similarity: float = 0.25):
        self.nearest = NearestExamples(embedder, examples, INTENTS, "other", k, min_similarity)

    @property
    def embedder(self) -> Embedder:
        """The embedder the examples were embedded with (evaluators embed replies with it too)."""
        return self.nearest.embedder

    def classify(self, message: str) -> Intent:
        """The message's intent and how sure the vote was."""
        vote = self.nearest.vote(message)
        return Intent(vote.name, vote.confidence, vote.runner_up)
