"""The grown catalog of the cost-curve benchmark: real products and their real vectors, copied to N rows.

Copy c of a product gets a new id (`<id>-v<c>`), a variant (colour, size, pack) in its title and a
price within ~10%; its vector is the real one plus Gaussian noise, renormalised. Copy c depends only
on (seed, c), so a smaller catalog is the start of a larger one, and `grown_vectors` gives the ids
and vectors of `grow` without building a million Product objects.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from retrieval.records import Product

NOISE = 0.015  # per-dimension sigma added to a copy's vector: cosine ~0.96 to the real one at 384 dims
COLOURS = ("Black", "White", "Blue", "Red", "Green", "Grey", "Navy", "Pink", "Brown", "Beige", "Yellow", "Maroon")
SIZES = ("S", "M", "L", "XL", "XXL", "Free Size")


def variant(copy: int) -> str:
    """The title variant of copy `copy` (>= 1) of a product; distinct for every copy."""
    k = copy - 1
    pack = k // (len(COLOURS) * len(SIZES)) + 1
    return f"{COLOURS[k % len(COLOURS)]}, {SIZES[k // len(COLOURS) % len(SIZES)]}" + (f", Pack of {pack}" if pack > 1 else "")


def grow(products: list[Product], vectors: np.ndarray, n: int, seed: int = 0) -> tuple[list[Product], np.ndarray]:
    """The first `n` rows of the grown catalog: the real rows, then copies with a variant title, a
    price within ~10% and a noisy renormalised vector. Copy c depends only on (seed, c)."""
    out, blocks = [], []
    for copy, rows, factors, block in _copies(vectors, n, seed):
        blocks.append(block)
        if copy == 0:
            out += products[:rows]
            continue
        tag = variant(copy)
        out += [
            replace(p, id=f"{p.id}-v{copy}", title=f"{p.title} ({tag})", price=float(round(p.price * f)))
            for p, f in zip(products[:rows], factors)
        ]
    return out, np.concatenate(blocks).astype(np.float32)


def grown_vectors(ids: list[str], vectors: np.ndarray, n: int, seed: int = 0) -> tuple[list[str], np.ndarray]:
    """The ids and vectors of `grow` without the products (a million Product objects are GBs)."""
    out, blocks = [], []
    for copy, rows, _, block in _copies(vectors, n, seed):
        out += ids[:rows] if copy == 0 else [f"{i}-v{copy}" for i in ids[:rows]]
        blocks.append(block)
    return out, np.concatenate(blocks).astype(np.float32)


def _copies(vectors: np.ndarray, n: int, seed: int):
    """(copy, rows of it, price factors, vectors) of each copy of the real rows that `n` needs."""
    for copy in range(-(-n // len(vectors))):
        rows = min(len(vectors), n - copy * len(vectors))
        if copy == 0:
            yield copy, rows, None, vectors[:rows]
            continue
        rng = np.random.default_rng([seed, copy])  # whole copies drawn, then cut: a prefix of a larger catalog
        factors = rng.lognormal(0.0, 0.1, len(vectors))[:rows]
        noisy = vectors[:rows] + rng.normal(0.0, NOISE, vectors.shape)[:rows]
        yield copy, rows, factors, noisy / np.linalg.norm(noisy, axis=1, keepdims=True)
