"""The customer's intent: nearest labelled examples by the retrieval embedder (no model asked), with a
confidence the agent can read. The examples are `intent_examples.toml` (written by the project) plus
any the caller adds, such as the intents agents confirmed on accepted suggestions.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.embedder import Embedder
from runtime.errors import UserError

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


class IntentError(UserError, ValueError):
    """An examples file that cannot be used; the message names the file and the fix."""


@dataclass(frozen=True)
class Intent:
    name: str  # one of INTENTS
    confidence: float  # the share of the nearest examples' similarity that voted for it, 0..1
    runner_up: str  # the next most voted intent ("" when all votes agreed)


def read_examples(path: Path = EXAMPLES) -> list[tuple[str, str]]:
    """(message, intent) pairs of an examples TOML: one table per intent with `examples = [...]`."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise IntentError(
            f"{path}: cannot read the intent examples ({exc}); fix the file (one [intent] table with examples = [...])"
        ) from None
    pairs = []
    for intent, table in data.items():
        if intent not in INTENTS:
            raise IntentError(f"{path}: [{intent}] is not an intent; use one of {', '.join(INTENTS)}")
        examples = table.get("examples") if isinstance(table, dict) else None
        if not isinstance(examples, list) or not all(isinstance(e, str) and e.strip() for e in examples):
            raise IntentError(f"{path}: [{intent}] needs examples = a list of non-empty strings")
        pairs += [(e.strip(), intent) for e in examples]
    return pairs


class IntentClassifier:
    """k nearest examples, votes weighted by cosine; below `min_similarity` the message is "other"."""

    def __init__(self, embedder: Embedder, examples: list[tuple[str, str]], k: int = 7, min_similarity: float = 0.25):
        if not examples:
            raise IntentError("no intent examples given; pass read_examples() or a list of (message, intent)")
        self.embedder, self.k, self.min_similarity = embedder, k, min_similarity
        self.labels = [intent for _, intent in examples]
        self.vectors = embedder.embed_documents([text for text, _ in examples])

    def classify(self, message: str) -> Intent:
        """The message's intent and how sure the vote was."""
        similarity = self.vectors @ self.embedder.embed_query(message)
        nearest = np.argsort(-similarity, kind="stable")[: self.k]
        if float(similarity[nearest[0]]) < self.min_similarity:
            return Intent("other", 0.0, self.labels[int(nearest[0])])
        votes: dict[str, float] = {}
        for row in nearest:
            votes[self.labels[int(row)]] = votes.get(self.labels[int(row)], 0.0) + max(float(similarity[row]), 0.0)
        ranked = sorted(votes.items(), key=lambda kv: (-kv[1], INTENTS.index(kv[0])))
        total = sum(votes.values()) or 1.0
        return Intent(ranked[0][0], round(ranked[0][1] / total, 3), ranked[1][0] if len(ranked) > 1 else "")
