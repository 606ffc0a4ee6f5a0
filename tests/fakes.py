"""Deterministic fakes for the heavy seams: an embedder and a vector store."""

from __future__ import annotations

import hashlib
import re

import numpy as np

from retrieval.store import IndexState, StoredRows


class HashEmbedder:
    """Bag-of-words hashed into a small vector: equal word sets give equal vectors."""

    model_id = "fake/hash-embedder"

    def __init__(self, dim: int = 64):
        self.dim = dim
        self.calls: list[list[str]] = []  # every embed_documents batch, to count re-embedding

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for word in re.findall(r"\w+", text.lower()):
            bucket = int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim
            vector[bucket] += 1.0
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)


class MemoryStore:
    """A VectorStore in a dict; `fail_after` upserts raise to simulate an interrupted sync."""

    def __init__(self, name: str = "memory-store", dim: int = 64, fail_after: int | None = None):
        self.name = name
        self.dim = dim
        self.rows: dict[str, tuple[np.ndarray, str, dict]] = {}
        self._state = ("empty", "")
        self.fail_after = fail_after
        self.upserts = 0

    def state(self) -> IndexState:
        return IndexState(self._state[0], self._state[1], len(self.rows))

    def set_state(self, state: str, fingerprint: str) -> None:
        self._state = (state, fingerprint)

    def hashes(self) -> dict[str, tuple[str, str]]:
        return {i: (m["text_hash"], m["meta_hash"]) for i, (_, _, m) in self.rows.items()}

    def upsert(self, ids, vectors, documents, metadatas) -> None:
        if self.fail_after is not None and self.upserts >= self.fail_after:
            raise KeyboardInterrupt("simulated interrupt")
        self.upserts += 1
        for i, v, d, m in zip(ids, vectors, documents, metadatas):
            self.rows[i] = (np.asarray(v, dtype=np.float32), d, dict(m))

    def update_metadata(self, ids, metadatas) -> None:
        for i, m in zip(ids, metadatas):
            v, d, _ = self.rows[i]
            self.rows[i] = (v, d, dict(m))

    def delete(self, ids) -> None:
        for i in ids:
            self.rows.pop(i, None)

    def load_all(self) -> StoredRows:
        ids = sorted(self.rows)
        vectors = np.stack([self.rows[i][0] for i in ids]) if ids else np.zeros((0, self.dim), dtype=np.float32)
        return StoredRows(ids, vectors, [self.rows[i][1] for i in ids], [self.rows[i][2] for i in ids])

    def pages(self, size: int = 2):
        rows = self.load_all()  # small pages, last first: a reader must join and order them itself
        for start in reversed(range(0, len(rows.ids), size)):
            end = start + size
            yield StoredRows(rows.ids[start:end], rows.vectors[start:end], rows.documents[start:end], rows.metadatas[start:end])

    def query(self, vector, n):
        rows = self.load_all()
        if not rows.ids:
            return [], np.zeros(0, dtype=np.float32)
        scores = rows.vectors @ vector
        order = np.lexsort((np.arange(len(scores)), -scores))[:n]
        return [rows.ids[i] for i in order], scores[order]


class ScriptedGenerator:
    """A Generator whose reply is a fixed text or a function of the messages; streams it word by word
    and records every prompt it was given."""

    name, context_length, adapters = "scripted", 4096, ()

    def __init__(self, reply, adapters=()):
        self.reply = reply
        self.adapters = tuple(adapters)
        self.prompts = []
        self.used_adapters = []  # GenerationParams.adapter of each call

    def count_tokens(self, messages):
        return sum(len(m.content.split()) + 4 for m in messages)

    def stream(self, messages, params):
        self.prompts.append(list(messages))
        self.used_adapters.append(params.adapter if params is not None else None)
        text = self.reply(messages) if callable(self.reply) else self.reply
        pieces = text.split(" ")
        for i, piece in enumerate(pieces):
            yield piece if i == len(pieces) - 1 else piece + " "

    def generate(self, messages, params):
        return "".join(self.stream(messages, params))
