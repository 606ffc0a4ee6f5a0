"""Combining ranked lists: weighted reciprocal rank fusion, and MMR diversification."""

from __future__ import annotations

import numpy as np


def rrf(rankings: list[tuple[list[int], float]], k: int = 60) -> list[tuple[int, float]]:
    """Weighted reciprocal rank fusion: score(row) = sum of weight / (k + rank), rank from 1.

    `rankings` holds (rows best first, weight) per arm. Ties break by row number, so the order is
    deterministic.
    """
    scores: dict[int, float] = {}
    for rows, weight in rankings:
        if weight == 0:
            continue
        for rank, row in enumerate(rows, start=1):
            scores[row] = scores.get(row, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def mmr(rows: list[int], relevance: list[float], vectors: np.ndarray, n: int, lam: float = 0.7) -> list[int]:
    """Maximal marginal relevance: pick `n` of `rows`, trading relevance against similarity to picks.

    `relevance` is rescaled to [0, 1] so it is comparable with cosine similarity; `vectors` are the
    L2-normalised vectors of `rows` in the same order.
    """
    if not rows:
        return []
    rel = np.asarray(relevance, dtype=np.float64)
    span = rel.max() - rel.min()
    rel = (rel - rel.min()) / span if span > 0 else np.ones_like(rel)
    sims = vectors @ vectors.T
    picked: list[int] = []
    max_sim = np.full(len(rows), -np.inf)
    available = np.ones(len(rows), dtype=bool)
    for _ in range(min(n, len(rows))):
        penalty = np.where(np.isfinite(max_sim), max_sim, 0.0)
        gain = np.where(available, lam * rel - (1 - lam) * penalty, -np.inf)
        best = int(np.argmax(gain))
        picked.append(best)
        available[best] = False
        max_sim = np.maximum(max_sim, sims[best])
    return [rows[i] for i in picked]
