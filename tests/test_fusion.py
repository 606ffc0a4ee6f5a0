"""Reciprocal rank fusion and MMR, with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.fusion import mmr, rrf


def test_rrf_known_scores():
    fused = rrf([([1, 2, 3], 1.0), ([3, 1], 1.0)], k=60)
    scores = dict(fused)
    assert scores[1] == pytest.approx(1 / 61 + 1 / 62)
    assert scores[3] == pytest.approx(1 / 63 + 1 / 61)
    assert scores[2] == pytest.approx(1 / 62)
    assert [row for row, _ in fused] == [1, 3, 2]


def test_rrf_weights_and_zero_weight_arm():
    assert [r for r, _ in rrf([([1], 1.0), ([2], 3.0)])] == [2, 1]
    assert [r for r, _ in rrf([([1], 0.0), ([2], 1.0)])] == [2]


def test_rrf_ties_break_by_row():
    assert [r for r, _ in rrf([([5], 1.0), ([4], 1.0)])] == [4, 5]


def test_mmr_skips_near_duplicates():
    vectors = np.array([[1.0, 0.0], [0.999, 0.0447], [0.0, 1.0]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    assert mmr([10, 11, 12], [1.0, 0.95, 0.5], vectors, 2, lam=0.5) == [10, 12]
    assert mmr([10, 11, 12], [1.0, 0.95, 0.5], vectors, 2, lam=1.0) == [10, 11]
