"""Hybrid search: hard filters first, then a dense and a lexical arm, fused by weighted RRF.

`HybridIndex` holds one collection's rows in memory (vectors, BM25, ids) next to the vector
store. Filtered dense queries score the matching rows exactly with one matrix product, which keeps
filtered search as fast as unfiltered (a Chroma where-filter was ~20x slower at 20k rows, see
README figures); unfiltered ones do the same up to `exact_max_rows` and ask the store's HNSW
index above it. `ProductSearch` and
`ReviewSearch` turn their own filters into a row mask and their rows into typed hits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

import numpy as np

from retrieval.catalog_view import CatalogView
from retrieval.filters import Filters, ProductColumns
from retrieval.fusion import mmr, rrf
from retrieval.lexical import LexicalIndex
from retrieval.records import Product, ReviewChunk
from retrieval.store import SYNC_KEYS, VectorStore
from retrieval.vectors import INT8_MIN_ROWS, Float32Vectors, Int8Vectors, quantize, top_rows
from runtime.errors import UserError

log = logging.getLogger(__name__)
INCOMPLETE_WARNING = "the index is incomplete: an indexing run was interrupted, so results may mix old and new catalog data; re-run `shopassist index` to finish it"


class SearchError(UserError, ValueError):
    """A search that cannot run as asked; the message says what to change."""


@dataclass(frozen=True)
class SearchSettings:
    k: int = 10  # results returned
    candidates: int = 100  # depth of each arm before fusion
    dense_weight: float = 1.0  # weight of the embedding arm in reciprocal rank fusion
    lexical_weight: float = 1.0  # weight of the BM25 arm in reciprocal rank fusion
    rrf_k: int = 60  # RRF damping constant: score = weight / (rrf_k + rank)
    mmr: bool = False  # diversify the fused list with maximal marginal relevance
    mmr_lambda: float = 0.7  # MMR trade-off: 1.0 is pure relevance, 0.0 pure diversity
    exact_max_rows: int = 1_000_000  # up to this many rows an unfiltered dense query is scored exactly (int8 codes past INT8_MIN_ROWS), above it Chroma's HNSW answers (README "Cost curve")

    def __post_init__(self) -> None:
        if self.k < 1 or self.candidates < self.k:
            raise SearchError(f"search.k must be >= 1 and <= search.candidates, got k={self.k}, candidates={self.candidates}")
        if self.dense_weight < 0 or self.lexical_weight < 0 or self.dense_weight + self.lexical_weight == 0:
            raise SearchError("search.dense_weight and search.lexical_weight must be >= 0 and not both 0")
        if self.rrf_k < 1:
            raise SearchError(f"search.rrf_k must be >= 1, got {self.rrf_k}")
        if not 0.0 <= self.mmr_lambda <= 1.0:
            raise SearchError(f"search.mmr_lambda must be between 0 and 1, got {self.mmr_lambda}")


@dataclass(frozen=True)
class Ranked:
    row: int
    score: float  # fused RRF score
    dense_rank: int | None  # 1-based rank in the dense arm, None when outside its candidates
    dense_score: float  # cosine similarity, computed for every returned row
    lexical_rank: int | None
    lexical_score: float  # BM25 score, 0 when no query term matches


@dataclass(frozen=True)
class Hit:
    product: Product
    ranking: Ranked


@dataclass(frozen=True)
class ReviewHit:
    chunk: ReviewChunk
    ranking: Ranked


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[Hit, ...]
    matched: int  # products passing the hard filters
    warning: str = ""  # non-empty when the index is incomplete


class HybridIndex:
    """In-memory view of one vector-store collection for fused dense + BM25 ranking: the ids, the
    vectors, BM25 over the documents, and the rows' metadata by key (`fields`, one list per key in
    row order: a million rows hold no dict per row). Rows are in id order, whatever the store's."""

    def __init__(
        self,
        store: VectorStore,
        ids: list[str],
        vectors: Float32Vectors | Int8Vectors,
        documents: list[str],
        fields: dict[str, list],
        complete: bool = True,
        keep_documents: bool = True,
    ):
        self.store = store
        self.ids = ids
        self.vectors = vectors
        self.fields = fields
        self.documents = documents if keep_documents else []
        self.row_of = {id_: i for i, id_ in enumerate(ids)}
        self.lexical = LexicalIndex(documents)
        self.warning = "" if complete else INCOMPLETE_WARNING

    @classmethod
    def load(cls, store: VectorStore, keep_documents: bool = True, int8: bool | None = None) -> HybridIndex:
        """Read every row of `store` into memory, a page at a time: the vectors go straight into one
        array, as int8 codes when `int8` (default: above INT8_MIN_ROWS rows); a caller that does not
        need the documents once BM25 is built says so."""
        state = store.state()
        int8 = state.count > INT8_MIN_ROWS if int8 is None else int8
        ids: list[str] = []
        documents: list[str] = []
        fields: dict[str, list] = {}
        seen: dict[str, str] = {}  # one object per distinct short string (brands, categories, currencies)
        held: list[np.ndarray] = []  # [float32 vectors] or [int8 codes, scales], sized by the count
        for page in store.pages():
            n, filled = len(page.ids), len(ids)
            parts = quantize(page.vectors) if int8 else (page.vectors,)
            if not held or filled + n > len(held[0]):  # grows only if rows were added while reading
                size = max(state.count, filled + n)
                grown = [np.empty((size, *part.shape[1:]), dtype=part.dtype) for part in parts]
                for new, old in zip(grown, held):
                    new[:filled] = old[:filled]
                held = grown
            for array, part in zip(held, parts):
                array[filled : filled + n] = part
            ids += page.ids
            documents += page.documents
            _fields(page.metadatas, fields, seen, filled)
        del seen
        held = [array[: len(ids)] for array in held] or [np.zeros((0, 0), dtype=np.float32)]
        order = sorted(range(len(ids)), key=ids.__getitem__)
        if order != list(range(len(ids))):
            for array in held:
                _permute_rows(array, order)
            ids, documents = [ids[i] for i in order], [documents[i] for i in order]
            fields = {key: [values[i] for i in order] for key, values in fields.items()}
        vectors = Int8Vectors(*held) if int8 and ids else Float32Vectors(held[0])
        return cls(store, ids, vectors, documents, fields, state.complete or state.count == 0, keep_documents)

    def __len__(self) -> int:
        return len(self.ids)

    def rank(self, text: str, vector: np.ndarray, settings: SearchSettings, mask: np.ndarray | None = None) -> list[Ranked]:
        """The top `settings.k` rows for a query, restricted to `mask` when given."""
        if not text.strip():
            raise SearchError("the query is empty; type what you are looking for")
        depth = settings.candidates
        dense_rows, dense_all = self._dense(vector, mask, depth, settings.exact_max_rows)
        lexical_all = self.lexical.scores(text, mask)
        lexical_rows = top_rows(lexical_all, depth, positive_only=True)
        fused = rrf([(dense_rows, settings.dense_weight), (lexical_rows, settings.lexical_weight)], k=settings.rrf_k)
        if settings.mmr:
            pool = fused[:depth]
            picked = mmr([r for r, _ in pool], [s for _, s in pool], self.vectors[[r for r, _ in pool]], settings.k, settings.mmr_lambda)
            score_of = dict(pool)
            fused = [(r, score_of[r]) for r in picked]
        dense_rank = {r: i for i, r in enumerate(dense_rows, start=1)}
        lexical_rank = {r: i for i, r in enumerate(lexical_rows, start=1)}
        out = []
        for row, score in fused[: settings.k]:
            dense_score = float(dense_all[row]) if dense_all is not None else float(self.vectors[row] @ vector)
            out.append(Ranked(row, score, dense_rank.get(row), dense_score, lexical_rank.get(row), float(lexical_all[row])))
        return out

    def _dense(self, vector: np.ndarray, mask: np.ndarray | None, depth: int, exact_max_rows: int) -> tuple[list[int], np.ndarray | None]:
        if mask is None and len(self.ids) > exact_max_rows:
            try:
                ids, _ = self.store.query(vector, depth)
                return [self.row_of[i] for i in ids if i in self.row_of], None
            except Exception as exc:  # noqa: BLE001 - any transport error of the store: the vectors are here, score them exactly
                log.warning("the vector store did not answer (%s: %s); scoring the query exactly instead", type(exc).__name__, exc)
        return self.vectors.top(vector, mask, depth)


def _fields(metadatas: list[dict], fields: dict[str, list], seen: dict[str, str], start: int) -> dict[str, list]:
    """Add rows start.. of metadata to `fields` (key -> values in row order, None where a row lacks
    the key), leaving out the sync's own keys."""
    keys = {k for m in metadatas for k in m if k not in SYNC_KEYS} | set(fields)
    for key in keys:
        column = fields.setdefault(key, [None] * start)
        for m in metadatas:
            value = m.get(key)
            column.append(seen.setdefault(value, value) if isinstance(value, str) and len(value) <= 100 else value)
    return fields


def _permute_rows(array: np.ndarray, order: list[int]) -> None:
    """array[:] = array[order] in place, following the permutation's cycles: no second copy of an
    array that is GBs for a large catalog."""
    done = np.zeros(len(order), dtype=bool)
    for start in range(len(order)):
        if done[start] or order[start] == start:
            continue
        first, i = array[start].copy(), start
        while order[i] != start:
            array[i] = array[order[i]]
            done[i] = True
            i = order[i]
        array[i] = first
        done[i] = True


class ProductSearch:
    """Product search with hard filters over one catalog's collection."""

    def __init__(self, index: HybridIndex, embedder, settings: SearchSettings):
        self.index = index
        self.embedder = embedder
        self.settings = settings
        fields = index.fields
        self.catalog = CatalogView.from_records(index.ids, fields.get("record", []), index.vectors, index.row_of)
        self.columns = ProductColumns.stored(fields) if index.ids else ProductColumns([])

    def search(self, query: str, filters: Filters | None = None, settings: SearchSettings | None = None) -> SearchResult:
        """Ranked products for a query; only products passing every filter can appear (none given: no filter)."""
        filters = filters or Filters()
        settings = settings or self.settings
        mask = self.columns.mask(filters)
        matched = len(self.catalog) if mask is None else int(mask.sum())
        if matched == 0:
            return SearchResult((), 0, self.index.warning)
        ranked = self.index.rank(query, self.embedder.embed_query(query), settings, mask)
        return SearchResult(tuple(Hit(self.catalog.product(r.row), r) for r in ranked), matched, self.index.warning)


class ReviewSearch:
    """Search review chunks of one or more products, or across the whole catalog."""

    def __init__(self, index: HybridIndex, embedder, settings: SearchSettings):
        self.index = index
        self.embedder = embedder
        self.settings = settings
        columns = [index.fields[key] for key in ("review_id", "product_id", "rating")] if index.ids else [[], [], []]
        self.chunks = [
            ReviewChunk(id_, review_id, product_id, index_text, None if rating < 0 else int(rating))
            for id_, review_id, product_id, rating, index_text in zip(index.ids, *columns, index.documents)
        ]
        self.product_ids = np.array([c.product_id for c in self.chunks])

    def search(
        self, query: str, product_ids: tuple[str, ...] = (), k: int | None = None, settings: SearchSettings | None = None
    ) -> list[ReviewHit]:
        """Ranked review chunks; restricted to `product_ids` when given."""
        settings = settings or self.settings
        settings = settings if k is None else _with_k(settings, k)
        mask = np.isin(self.product_ids, list(product_ids)) if product_ids else None
        if mask is not None and not mask.any():
            return []
        ranked = self.index.rank(query, self.embedder.embed_query(query), settings, mask)
        return [ReviewHit(self.chunks[r.row], r) for r in ranked]


def _with_k(settings: SearchSettings, k: int) -> SearchSettings:
    return replace(settings, k=k, candidates=max(settings.candidates, k))
