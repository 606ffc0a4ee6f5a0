"""Store policy: the policy document split into cited passages, hybrid search over them, and the
planner for "policy" turns (answers that quote the passages they rest on).

The document is Markdown: `## Section` headings, each holding bullets or paragraphs. A passage is
one bullet or paragraph, cited as "Section: first words". Customer-service replies use the same
passages.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.answer import Citation, Draft
from assistant.plan import PlanContext
from assistant.templates import load_prompt
from retrieval.embedder import Embedder
from retrieval.fusion import rrf
from retrieval.indexing import Doc, sync
from retrieval.lexical import LexicalIndex
from retrieval.store import VectorStore
from runtime.base import Message
from runtime.errors import UserError


class PolicyError(UserError, ValueError):
    """A policy document that cannot be used; the message names the file and the fix."""


@dataclass(frozen=True)
class Passage:
    section: str  # the "## " heading it sits under
    text: str  # Markdown emphasis removed

    @property
    def source(self) -> str:
        """How a citation names it: section and opening words."""
        return f"{self.section}: {' '.join(self.text.split()[:6])}…"


def load_policy(path: Path) -> list[Passage]:
    """Passages of a Markdown policy file, in document order."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{path}: cannot read the policy ({exc}); point assistant.policy at a UTF-8 Markdown file") from None
    passages, section, current = [], "", []

    def flush() -> None:
        if current and section:
            passages.append(Passage(section, re.sub(r"\*\*|\*|`", "", " ".join(current)).strip()))
        current.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("## "):
            flush()
            section = stripped[3:].strip()
        elif not stripped or stripped.startswith(("- ", "* ", "#")):
            flush()
            if stripped.startswith(("- ", "* ")):
                current.append(stripped[2:])
        else:
            current.append(stripped)
    flush()
    if not passages:
        raise PolicyError(f"{path}: no passages found; the policy needs '## Section' headings with text under them")
    return passages


class PolicyBook:
    """Hybrid (BM25 + dense) search over the policy passages. With a vector store (the catalog's Chroma,
    a collection of its own), the passages are synced into it — only new or changed ones embedded —
    and the dense arm is its nearest-neighbour query; without one, the vectors stay in memory."""

    def __init__(self, passages: list[Passage], embedder: Embedder, store: VectorStore | None = None):
        self.passages = passages
        self.embedder = embedder
        self.store = store
        texts = [f"{p.section}. {p.text}" for p in passages]
        self.lexical = LexicalIndex(texts)
        ids = passage_ids(passages)
        self._row = {pid: row for row, pid in enumerate(ids)}
        if store is None:
            self.vectors = embedder.embed_documents(texts)
        else:
            sync(store, embedder, [Doc(pid, text, {"section": p.section}) for pid, text, p in zip(ids, texts, passages, strict=True)])

    def _dense(self, question: str) -> np.ndarray:
        """Cosine of the question to every passage (-1 where the store returned none)."""
        vector = self.embedder.embed_query(question)
        if self.store is None:
            return self.vectors @ vector
        dense = np.full(len(self.passages), -1.0, dtype=np.float32)
        found, similarity = self.store.query(vector, len(self.passages))
        for pid, value in zip(found, similarity, strict=True):
            dense[self._row[pid]] = value
        return dense

    def search(self, question: str, k: int = 3, min_similarity: float = 0.33) -> list[Passage]:
        """The passages that bear on the question, best first; empty when none is at least
        `min_similarity` (cosine) close to it — shared words alone ("ship", "order") are not enough."""
        lexical = self.lexical.scores(question)
        dense = self._dense(question)
        if not len(dense) or float(dense.max()) < min_similarity:
            return []
        by_lexical = [int(i) for i in np.argsort(-lexical, kind="stable") if lexical[i] > 0]
        by_dense = [int(i) for i in np.argsort(-dense, kind="stable") if dense[i] >= min_similarity]
        fused = rrf([(by_lexical, 1.0), (by_dense, 1.0)])
        return [self.passages[row] for row, _ in fused[:k]]


def passage_ids(passages: list[Passage]) -> list[str]:
    """A stable id per passage (its section and text hashed; a repeat gets -2, -3…): an edited passage
    gets a new id, so a sync embeds only what changed."""
    ids, seen = [], {}
    for p in passages:
        base = "p-" + hashlib.sha256(f"{p.section}|{p.text}".encode()).hexdigest()[:16]
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def plan_policy_answer(context: PlanContext, k: int = 3) -> Draft:
    """The passages that answer a store-policy question: quoted as the answer, or (assistant.policy_answers
    = "generated") given to the model, whose sentences must then keep to the passages' figures."""
    understanding, book, settings = context.understanding, context.policy, context.settings
    generated = settings.policy_answers == "generated"
    constraints = understanding.constraints
    passages = [] if book is None else book.search(understanding.query, k, settings.policy_min_similarity)
    if not passages:
        return Draft(
            "policy",
            constraints,
            text="The store policy doesn't cover that. A customer-service agent can help: contact support with your order number.",
            abstained=True,
            follow_ups=("What is the return policy?", "How long does shipping take?"),
        )
    citations = tuple(Citation(f"P{i}", "policy", p.source, p.text) for i, p in enumerate(passages, 1))
    prompt = load_prompt("policy").substitute(
        passages="\n".join(f"[{c.label}] ({p.section}) {p.text}" for c, p in zip(citations, passages))
    )
    quoted = "From the store policy:\n" + "\n".join(f"- {p.section} [{c.label}]: {p.text}" for c, p in list(zip(citations, passages))[:2])
    if not generated:  # a small model can contradict a passage without changing a figure ("yes, opened earbuds can be returned")
        return Draft(
            "policy", constraints, text=quoted, citations=citations[:2], follow_ups=("How do I start a return?", "What does shipping cost?")
        )
    fallback = f"From the store policy ({passages[0].section}) [P1]: {passages[0].text}"
    return Draft(
        "policy",
        constraints,
        (Message("system", prompt),),
        citations=citations,
        fallback=fallback,
        figures_from=tuple(p.text for p in passages),
        follow_ups=("How do I start a return?", "What does shipping cost?"),
    )
