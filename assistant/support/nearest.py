"""Nearest labelled examples: a message's label by the votes of its k most similar examples under the
retrieval embedder (no model asked). The intent classifier and the hand-off's second opinion are
both this, over their own project-written example files.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.embedder import Embedder
from runtime.errors import UserError


class ExamplesError(UserError, ValueError):
    """An examples file that cannot be used; the message names the file and the fix."""


@dataclass(frozen=True)
class Vote:
    name: str  # the winning label, or the fallback when nothing is similar enough
    confidence: float  # the share of the nearest examples' similarity that voted for it, 0..1
    runner_up: str  # the next most voted label ("" when all votes agreed)
    example: str  # the nearest example with the winning label, for the agent to read


def read_examples(path: Path, labels: tuple[str, ...], what: str = "label") -> list[tuple[str, str]]:
    """(message, label) pairs of an examples TOML: one table per label with `examples = [...]`."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ExamplesError(
            f"{path}: cannot read the {what} examples ({exc}); fix the file (one [{what}] table with examples = [...])"
        ) from None
    pairs = []
    for label, table in data.items():
        if label not in labels:
            raise ExamplesError(f"{path}: [{label}] is not a known {what}; use one of {', '.join(labels)}")
        examples = table.get("examples") if isinstance(table, dict) else None
        if not isinstance(examples, list) or not all(isinstance(e, str) and e.strip() for e in examples):
            raise ExamplesError(f"{path}: [{label}] needs examples = a list of non-empty strings")
        pairs += [(e.strip(), label) for e in examples]
    return pairs


class NearestExamples:
    """k nearest examples, votes weighted by cosine; below `min_similarity` the message gets `fallback`.
    Ties go to the label earlier in `labels`."""

    def __init__(
        self,
        embedder: Embedder,
        examples: list[tuple[str, str]],
        labels: tuple[str, ...],
        fallback: str,
        k: int = 7,
        min_similarity: float = 0.25,
    ):
        if not examples:
            raise ExamplesError("no examples given; pass read_examples(...) or a list of (message, label)")
        self.embedder, self.labels, self.fallback, self.k, self.min_similarity = embedder, labels, fallback, k, min_similarity
        self.texts = [text for text, _ in examples]
        self.names = [label for _, label in examples]
        self.vectors = embedder.embed_documents(self.texts)

    def vote(self, message: str) -> Vote:
        """The message's label and how sure the vote was."""
        similarity = self.vectors @ self.embedder.embed_query(message)
        nearest = [int(row) for row in np.argsort(-similarity, kind="stable")[: self.k]]
        if float(similarity[nearest[0]]) < self.min_similarity:
            return Vote(self.fallback, 0.0, self.names[nearest[0]], "")
        votes: dict[str, float] = {}
        for row in nearest:
            votes[self.names[row]] = votes.get(self.names[row], 0.0) + max(float(similarity[row]), 0.0)
        ranked = sorted(votes.items(), key=lambda kv: (-kv[1], self.labels.index(kv[0])))
        total = sum(votes.values()) or 1.0
        winner = ranked[0][0]
        example = next(self.texts[row] for row in nearest if self.names[row] == winner)
        return Vote(winner, round(ranked[0][1] / total, 3), ranked[1][0] if len(ranked) > 1 else "", example)
