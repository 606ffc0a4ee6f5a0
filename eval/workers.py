"""Cases asked concurrently, results in the cases' order: `--workers N` for a model behind an
OpenAI-compatible server (vLLM, llama.cpp server), which answers several requests at once. An
in-process llama.cpp model takes one request at a time, so more workers only queue there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def in_order(ask: Callable[[T], R], items: Iterable[T], workers: int = 1) -> list[R]:
    """`ask` of every item, `workers` at a time; the first error stops the run and is raised."""
    if workers <= 1:
        return [ask(item) for item in items]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="eval") as pool:
        return list(pool.map(ask, items))
