"""Incremental indexing: make a vector store hold exactly the given documents.

Rows are upserted by id. A row whose embedded text is unchanged is not re-embedded (its metadata
is refreshed when only price or stock moved); ids no longer present are deleted. The store is
marked "indexing" before the first write and "complete" after the last, so readers can tell when
a sync was interrupted, and a re-run finishes only what is left.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from retrieval.embedder import Embedder
from retrieval.records import Product, Review, ReviewChunk, content_hash
from retrieval.store import VectorStore

Progress = Callable[[int, int], None]  # (rows embedded so far, rows to embed)


@dataclass(frozen=True)
class Doc:
    id: str
    text: str  # what gets embedded and BM25-indexed
    metadata: dict  # scalar values only (Chroma's rule)


@dataclass(frozen=True)
class SyncSummary:
    added: int = 0
    updated: int = 0  # text changed: re-embedded
    refreshed: int = 0  # only metadata changed: no re-embedding
    unchanged: int = 0
    deleted: int = 0
    kept_ids: frozenset[str] = frozenset()  # indexed ids whose new row was rejected: their last good version stays

    @property
    def kept(self) -> int:
        """How many products were kept because their new row was rejected."""
        return len(self.kept_ids)

    def __str__(self) -> str:
        text = f"added {self.added}, updated {self.updated}, refreshed {self.refreshed}, unchanged {self.unchanged}, deleted {self.deleted}"
        return text + (f", kept {self.kept} (their new rows were rejected; the last good version stays)" if self.kept else "")


def product_document(product: Product) -> Doc:
    """The text a product is searched by, and the metadata stored beside its vector."""
    parts = [product.title]
    if product.brand:
        parts.append(f"Brand: {product.brand}.")
    if product.category:
        parts.append(f"Category: {product.category_path}.")
    if product.description:
        parts.append(product.description)
    if product.attributes:
        parts.append("; ".join(f"{k}: {v}" for k, v in product.attributes))
    metadata = {
        "record": product.to_json(),
        "price": product.price,
        "currency": product.currency,
        "brand": product.brand.lower(),
        "category": product.category_path.lower(),
        "rating": -1.0 if product.rating is None else product.rating,
        "in_stock": product.in_stock,
    }
    return Doc(product.id, " ".join(parts), metadata)


def chunk_review(review: Review, chunk_words: int = 80, overlap_words: int = 20) -> list[ReviewChunk]:
    """Split a review into overlapping word windows; a short review is one chunk."""
    words = (f"{review.title}. {review.text}" if review.title else review.text).split()
    step = chunk_words - overlap_words
    starts = range(0, max(len(words) - overlap_words, 1), step)
    return [
        ReviewChunk(f"{review.id}#{n}", review.id, review.product_id, " ".join(words[start : start + chunk_words]), review.rating)
        for n, start in enumerate(starts)
    ]


def review_document(chunk: ReviewChunk) -> Doc:
    """The stored form of a review chunk."""
    metadata = {"review_id": chunk.review_id, "product_id": chunk.product_id, "rating": -1 if chunk.rating is None else chunk.rating}
    return Doc(chunk.id, chunk.text, metadata)


def sync(
    store: VectorStore,
    embedder: Embedder,
    docs: list[Doc],
    batch_size: int = 256,
    progress: Progress | None = None,
    keep: frozenset[str] = frozenset(),
) -> SyncSummary:
    """Make `store` hold exactly `docs` (plus the already indexed ids in `keep`: rows rejected this
    time, which must not delete their last good version), embedding only new or changed texts."""
    hashed = [(doc, content_hash(doc.text), content_hash(json.dumps(doc.metadata, sort_keys=True))) for doc in docs]
    lines = [f"{d.id}|{t}|{m}" for d, t, m in sorted(hashed, key=lambda x: x[0].id)] + [f"keep|{k}" for k in sorted(keep)]
    fingerprint = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:32]
    state = store.state()
    if state.complete and state.fingerprint == fingerprint and not keep:  # with rejected rows, which of them are indexed needs a look
        return SyncSummary(unchanged=len(docs))
    store.set_state("indexing", fingerprint)
    existing = store.hashes()
    to_embed = [(d, t, m) for d, t, m in hashed if existing.get(d.id, ("", ""))[0] != t]
    # similar lengths in one batch means little padding: the same trick encode() plays within a call
    to_embed.sort(key=lambda x: len(x[0].text))
    to_refresh = [(d, t, m) for d, t, m in hashed if d.id in existing and existing[d.id][0] == t and existing[d.id][1] != m]
    current = {d.id for d in docs}
    kept = (set(existing) & set(keep)) - current
    removed = sorted(set(existing) - current - kept)
    done = 0
    for start in range(0, len(to_embed), batch_size):
        batch = to_embed[start : start + batch_size]
        vectors = embedder.embed_documents([d.text for d, _, _ in batch])
        store.upsert([d.id for d, _, _ in batch], vectors, [d.text for d, _, _ in batch], [_stored_metadata(*x) for x in batch])
        done += len(batch)
        if progress:
            progress(done, len(to_embed))
    if to_refresh:
        store.update_metadata([d.id for d, _, _ in to_refresh], [_stored_metadata(*x) for x in to_refresh])
    if removed:
        store.delete(removed)
    store.set_state("complete", fingerprint)
    added = sum(1 for d, _, _ in to_embed if d.id not in existing)
    return SyncSummary(
        added, len(to_embed) - added, len(to_refresh), len(docs) - len(to_embed) - len(to_refresh), len(removed), frozenset(kept)
    )


def _stored_metadata(doc: Doc, text_hash: str, meta_hash: str) -> dict:
    return {**doc.metadata, "text_hash": text_hash, "meta_hash": meta_hash}
