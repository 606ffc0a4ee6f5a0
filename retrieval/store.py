"""Vector storage: the `VectorStore` seam and its Chroma implementation.

Chroma stores vectors; the project embeds (every call passes `embeddings=` / `query_embeddings=`).
A collection is tied to one embedding model and dimension, and carries an index state
("indexing" while a sync runs, "complete" after), so an interrupted sync is visible to readers.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from runtime.errors import UserError

PAGE = 2000  # rows per Chroma get/upsert call: well under its batch limit
SYNC_KEYS = frozenset({"text_hash", "meta_hash"})  # metadata only the sync reads (`hashes`)


class StoreError(UserError, RuntimeError):
    """The vector store cannot be used as asked; the message says how to fix it."""


@dataclass(frozen=True)
class IndexState:
    state: str  # "empty", "indexing" or "complete"
    fingerprint: str  # hash of the indexed content when complete; of the target while indexing
    count: int

    @property
    def complete(self) -> bool:
        """True when the last sync finished."""
        return self.state == "complete"


@dataclass(frozen=True)
class StoredRows:
    ids: list[str]
    vectors: np.ndarray  # (n, dim) float32
    documents: list[str]
    metadatas: list[dict]

    @classmethod
    def joined(cls, pages: list[StoredRows], dim: int) -> StoredRows:
        """The rows of every page in one, in id order."""
        ids = [i for page in pages for i in page.ids]
        order = sorted(range(len(ids)), key=ids.__getitem__)
        vectors = np.concatenate([page.vectors for page in pages]) if ids else np.zeros((0, dim), dtype=np.float32)
        documents = [d for page in pages for d in page.documents]
        metadatas = [m for page in pages for m in page.metadatas]
        return cls([ids[i] for i in order], vectors[order], [documents[i] for i in order], [metadatas[i] for i in order])


class VectorStore(Protocol):
    name: str

    def state(self) -> IndexState: ...
    def set_state(self, state: str, fingerprint: str) -> None: ...
    def hashes(self) -> dict[str, tuple[str, str]]: ...
    def upsert(self, ids: list[str], vectors: np.ndarray, documents: list[str], metadatas: list[dict]) -> None: ...
    def update_metadata(self, ids: list[str], metadatas: list[dict]) -> None: ...
    def delete(self, ids: list[str]) -> None: ...
    def pages(self) -> Iterator[StoredRows]: ...
    def load_all(self) -> StoredRows: ...
    def query(self, vector: np.ndarray, n: int) -> tuple[list[str], np.ndarray]: ...


def collection_name(store_name: str, kind: str, model_id: str, dim: int) -> str:
    """A Chroma collection name tied to the catalog, the kind of rows, the model and its dimension."""
    slug = re.sub(r"[^a-z0-9]+", "-", model_id.lower().rsplit("/", 1)[-1]).strip("-")[:32]
    digest = hashlib.sha256(f"{model_id}|{dim}".encode()).hexdigest()[:8]
    prefix = re.sub(r"[^a-zA-Z0-9_-]+", "-", store_name).strip("-_")[:120] or "store"
    return f"{prefix}-{kind}-{slug}-{dim}-{digest}"  # at most ~190 characters: the digest is never cut


def open_client(mode: str, path: Path, host: str = "127.0.0.1", port: int = 8000, timeout_s: float = 10.0):
    """A Chroma client: files under `path`, or a Chroma server at host:port whose every request is
    bounded by `timeout_s` (chromadb's own HTTP client waits forever on a server that hangs)."""
    import chromadb  # heavy import stays at the edge
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    if mode == "persistent":
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=settings)
    if mode == "http":
        try:
            import httpx

            # chromadb's constructor already asks the server, without a timeout: a bounded ask first
            httpx.get(f"http://{host}:{port}/api/v2/heartbeat", timeout=timeout_s).raise_for_status()
            client = chromadb.HttpClient(host=host, port=port, settings=settings)
            _bound_requests(client, timeout_s)
            client.heartbeat()
        except Exception as exc:  # noqa: BLE001 - chromadb raises several transport errors; all mean "not reachable"
            raise StoreError(
                f"cannot reach the Chroma server at {host}:{port} ({type(exc).__name__}); start it with `chroma run --path DIR --port {port}` or fix store.host/store.port"
            ) from None
        return client
    raise StoreError(f'store.mode must be "persistent" or "http", got {mode!r}')


def _bound_requests(client, timeout_s: float) -> None:
    """Give the HTTP client's session a timeout: chromadb (1.x) builds its httpx session with none and
    offers no setting for one, so it is set on the session it made (`client._server._session`)."""
    import httpx

    session = getattr(getattr(client, "_server", None), "_session", None)
    if not isinstance(session, httpx.Client):
        raise StoreError("this chromadb version keeps its HTTP session elsewhere; store.timeout_s cannot be applied (pin chromadb 1.x)")
    session.timeout = httpx.Timeout(timeout_s)


class ChromaStore:
    """One Chroma collection holding the vectors of one kind of row (products or review chunks)."""

    def __init__(self, client, name: str, model_id: str, dim: int):
        self.name = name
        self._model = {"embedding_model": model_id, "dim": dim}
        from chromadb.errors import InvalidArgumentError

        try:
            self._collection = client.get_or_create_collection(
                name,
                configuration={"hnsw": {"space": "cosine"}},
                metadata={**self._model, "state": "empty", "fingerprint": ""},
                embedding_function=None,
            )
        except (InvalidArgumentError, ValueError) as exc:
            raise StoreError(f"Chroma refuses the collection name {name!r} ({exc}); build names with collection_name()") from None
        meta = self._collection.metadata or {}
        if meta.get("embedding_model") != model_id or meta.get("dim") != dim:
            raise StoreError(
                f"collection {name!r} holds vectors of {meta.get('embedding_model')!r} (dim {meta.get('dim')}), not {model_id!r} (dim {dim}); "
                "use `index --rebuild` to re-embed everything with the new model"
            )

    def state(self) -> IndexState:
        """The collection's index state and row count."""
        meta = self._collection.metadata or {}
        return IndexState(str(meta.get("state", "empty")), str(meta.get("fingerprint", "")), self._collection.count())

    def set_state(self, state: str, fingerprint: str) -> None:
        """Record that a sync started ("indexing") or finished ("complete")."""
        self._collection.modify(metadata={**self._model, "state": state, "fingerprint": fingerprint})

    def hashes(self) -> dict[str, tuple[str, str]]:
        """id -> (text hash, metadata hash) of every stored row."""
        found: dict[str, tuple[str, str]] = {}
        for page in self._by_id(["metadatas"]):
            found.update((i, (str(m.get("text_hash", "")), str(m.get("meta_hash", "")))) for i, m in zip(page["ids"], page["metadatas"]))
        return found

    def upsert(self, ids: list[str], vectors: np.ndarray, documents: list[str], metadatas: list[dict]) -> None:
        """Insert or replace rows with their vectors."""
        for start in range(0, len(ids), PAGE):
            end = start + PAGE
            self._collection.upsert(
                ids=ids[start:end], embeddings=vectors[start:end], documents=documents[start:end], metadatas=metadatas[start:end]
            )

    def update_metadata(self, ids: list[str], metadatas: list[dict]) -> None:
        """Replace metadata only (price or stock changed, text did not: no re-embedding)."""
        for start in range(0, len(ids), PAGE):
            self._collection.update(ids=ids[start : start + PAGE], metadatas=metadatas[start : start + PAGE])

    def delete(self, ids: list[str]) -> None:
        """Remove rows by id."""
        for start in range(0, len(ids), PAGE):
            self._collection.delete(ids=ids[start : start + PAGE])

    def pages(self) -> Iterator[StoredRows]:
        """Every row with its vector, document and metadata, a page at a time, in id order."""
        for page in self._by_id(["embeddings", "documents", "metadatas"]):
            yield StoredRows(page["ids"], np.asarray(page["embeddings"], dtype=np.float32), page["documents"], page["metadatas"])

    def _by_id(self, include: list[str]) -> Iterator[dict]:
        """Pages of `get(include)` over every id: the ids are read first and the rows fetched by id,
        since Chroma's get(limit, offset) costs grow with the offset (4 s a page at offset 900k)."""
        ids = sorted(self._collection.get(include=[])["ids"])
        for start in range(0, len(ids), PAGE):
            yield self._collection.get(ids=ids[start : start + PAGE], include=include)

    def load_all(self) -> StoredRows:
        """Every row in one, in id order (small stores and checks: a search process reads `pages`)."""
        return StoredRows.joined(list(self.pages()), self._model["dim"])

    def query(self, vector: np.ndarray, n: int) -> tuple[list[str], np.ndarray]:
        """Approximate nearest neighbours (HNSW): ids and cosine similarities, best first (fewer
        than `n` when the collection holds fewer: Chroma 1.x answers so, no count() first)."""
        result = self._collection.query(query_embeddings=[vector], n_results=n, include=["distances"])
        return result["ids"][0], 1.0 - np.asarray(result["distances"][0], dtype=np.float32)


def catalog_names(client, model_id: str, dim: int) -> list[str]:
    """Names of the catalogs whose products are indexed with this model, sorted."""
    suffix = collection_name("x", "products", model_id, dim)[1:]
    names = {c if isinstance(c, str) else c.name for c in client.list_collections()}
    return sorted(n[: -len(suffix)] for n in names if n.endswith(suffix) and len(n) > len(suffix))


def drop_collection(client, name: str) -> None:
    """Delete a collection if it exists (explicit rebuild)."""
    if name in {c if isinstance(c, str) else c.name for c in client.list_collections()}:
        client.delete_collection(name)
