"""The lexical arm: BM25 over document texts, through the bm25s library.

Scores come back for every document so the caller can mask (hard filters) before ranking;
bm25s computes them from a sparse matrix, which stays fast at catalog sizes.
"""

from __future__ import annotations

import logging

import numpy as np


class LexicalIndex:
    """BM25 (bm25s, Lucene variant) with English stop words and Snowball stemming."""

    def __init__(self, texts: list[str]):
        import bm25s  # imported here: only search-time code pays for it
        import Stemmer

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on import

        self._bm25s = bm25s
        self._stemmer = Stemmer.Stemmer("english")
        self.size = self._rows = len(texts)
        self._index = bm25s.BM25()
        tokens = bm25s.tokenize(texts, stopwords="en", stemmer=self._stemmer, show_progress=False) if texts else None
        if tokens is None or not tokens.vocab:  # nothing but stop words: no lexical evidence at all
            self.size = 0
        else:
            self._index.index(tokens, show_progress=False)

    def scores(self, query: str, mask: np.ndarray | None = None) -> np.ndarray:
        """BM25 score of every document (0 where masked out or no term matches)."""
        if self.size == 0:
            return np.zeros(self._rows, dtype=np.float32)
        terms = self._bm25s.tokenize([query], stopwords="en", stemmer=self._stemmer, show_progress=False, return_ids=False)[0]
        if not terms:
            return np.zeros(self.size, dtype=np.float32)
        weight = None if mask is None else mask.astype(np.float32)
        return np.asarray(self._index.get_scores(terms, weight_mask=weight), dtype=np.float32)
