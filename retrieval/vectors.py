"""The dense vectors a search process holds, and their exact scan.

`Float32Vectors` keeps the stored vectors as they are and scores them with one BLAS matrix-vector
product. `Int8Vectors` keeps each unit vector as 384 int8 codes and one float32 scale (a quarter of
the memory) and scans them with torch's int8 weight kernel in bfloat16, then rescores a shortlist in
float32 from the codes: at 1M rows that is 0.4 GB instead of 1.5 GB and ~20 ms instead of ~60 ms
a scan on 2 cores (README "Cost curve"). `HybridIndex.load` picks int8 above `INT8_MIN_ROWS`.
Both index like an array: `vectors[rows]` is float32.
"""

from __future__ import annotations

import numpy as np

INT8_MIN_ROWS = 200_000  # above this many rows a search process holds int8 codes, not float32 (README "Cost curve")
SHORTLIST = 4  # the int8 scan keeps SHORTLIST x depth rows for the float32 rescoring (its bfloat16 scores tie)


def quantize(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(int8 codes, float32 scales) with vectors[i] ~ codes[i] * scales[i]; scale = max |x| / 127."""
    peak = np.abs(vectors).max(axis=1) if len(vectors) else np.zeros(0, dtype=np.float32)
    scales = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    return np.rint(vectors / scales[:, None]).astype(np.int8), scales


class Float32Vectors:
    """The vectors as stored: exact scores by one matrix-vector product."""

    def __init__(self, matrix: np.ndarray):
        self.matrix = matrix

    def __len__(self) -> int:
        return len(self.matrix)

    def __getitem__(self, rows) -> np.ndarray:
        return self.matrix[rows]

    def top(self, query: np.ndarray, mask: np.ndarray | None, depth: int) -> tuple[list[int], np.ndarray]:
        """The `depth` best rows (restricted to `mask`) and every row's score (-inf outside the mask)."""
        if not len(self.matrix):
            return [], np.zeros(0, dtype=np.float32)
        selected = few_rows(mask)
        if selected is not None:  # gather and score only those
            scores = np.full(len(self.matrix), -np.inf, dtype=np.float32)
            scores[selected] = self.matrix[selected] @ query
        else:
            scores = self.matrix @ query
            if mask is not None:
                scores[~mask] = -np.inf
        return top_rows(scores, depth), scores


class Int8Vectors:
    """Unit vectors as per-row int8 codes and scales; scans in int8, rescores a shortlist in float32."""

    def __init__(self, codes: np.ndarray, scales: np.ndarray):
        import torch  # the int8 kernel; the app has torch loaded already (the embedder)

        self.codes = np.ascontiguousarray(codes)
        self.scales = scales.astype(np.float32)
        self._torch = torch
        self._codes = torch.from_numpy(self.codes)
        self._scales = torch.from_numpy(self.scales).to(torch.bfloat16)

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, rows) -> np.ndarray:
        codes = self.codes[rows].astype(np.float32)
        return codes * (self.scales[rows][..., None] if codes.ndim == 2 else self.scales[rows])

    def top(self, query: np.ndarray, mask: np.ndarray | None, depth: int) -> tuple[list[int], None]:
        """The `depth` best rows (restricted to `mask`), scored from the codes; no all-row scores."""
        torch = self._torch
        rows = few_rows(mask)
        codes, scales = (
            (self._codes, self._scales) if rows is None else (torch.from_numpy(self.codes[rows]), self._scales[torch.from_numpy(rows)])
        )
        x = torch.from_numpy(np.ascontiguousarray(query, dtype=np.float32)).to(torch.bfloat16)[None]
        rough = (
            torch._weight_int8pack_mm(x, codes, scales)[0].float().numpy()
        )  # private op, public since torch 2.3 (torchao, gpt-fast use it)
        if rows is None and mask is not None:
            rough[~mask] = -np.inf
        short = np.asarray(top_rows(rough, SHORTLIST * depth), dtype=np.int64)
        candidates = short if rows is None else rows[short]
        exact = self[candidates] @ query
        order = np.lexsort((candidates, -exact))[:depth]
        return candidates[order].tolist(), None


def few_rows(mask: np.ndarray | None) -> np.ndarray | None:
    """The rows a mask passes when they are under a quarter of all (gathering them is then cheaper
    than one product over every row and masking after); None otherwise or without a mask."""
    return None if mask is None or mask.sum() * 4 >= len(mask) else np.flatnonzero(mask)


def top_rows(scores: np.ndarray, n: int, positive_only: bool = False) -> list[int]:
    """Row numbers of the `n` best finite scores, best first (ties by row number)."""
    valid = scores > 0 if positive_only else np.isfinite(scores)
    candidates = np.flatnonzero(valid)
    if len(candidates) > n:
        part = np.argpartition(-scores[candidates], n - 1)[:n]
        candidates = candidates[part]
    order = np.lexsort((candidates, -scores[candidates]))
    return candidates[order].tolist()
