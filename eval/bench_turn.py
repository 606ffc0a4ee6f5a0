"""Benchmark: where the time of one shopper turn goes, and what the pipeline adds over the raw model.

Runs shopper turns (the first turns of eval/cases/*.jsonl) through `Assistant.respond` on the demo
store with the real models, timing: understand + retrieve + plan (until the model is called), time
to the first streamed piece, the whole turn, and grounding after the last piece. Then the same
prompts (recorded from the pipeline) go straight to llama-cpp-python in the same process, greedy,
same token limit: the ratio pipeline / raw is what the project costs on top of the model.

Run: `.venv/bin/python -m eval.bench_turn [--turns 30] [--set section.key=value ...]` (index the
demo store first: `shopassist index`).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from assistant.answer import Answer
from assistant.builders import build_assistant
from assistant.config import load_config
from assistant.conversation import Session
from assistant.profiles import SQLiteProfileStore
from runtime.base import as_dicts
from runtime.model_files import default_gguf

CASES = Path(__file__).resolve().parent / "cases"


class Recorder:
    """Wraps the generator: remembers each prompt and when the model was called."""

    def __init__(self, inner):
        self.inner = inner
        self.name, self.context_length, self.adapters = inner.name, inner.context_length, inner.adapters
        self.calls: list[tuple[float, list, int]] = []

    def count_tokens(self, messages):
        return self.inner.count_tokens(messages)

    def stream(self, messages, params):
        self.calls.append((time.perf_counter(), list(messages), params.max_new_tokens))
        yield from self.inner.stream(messages, params)

    def generate(self, messages, params):
        return "".join(self.stream(messages, params))


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]


def line(name: str, values: list[float]) -> str:
    return f"{name:<34} median {statistics.median(values) * 1000:7.0f} ms   p95 {pct(values, 0.95) * 1000:7.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=30)
    parser.add_argument("--set", action="append", default=[])
    args = parser.parse_args()
    config = load_config(None, args.set)
    assistant = build_assistant(config, profiles=SQLiteProfileStore())
    recorder = Recorder(assistant.generator)
    assistant.generator = recorder
    texts = [
        json.loads(row)["turns"][0]
        for name in ("shopper_requests.jsonl", "other_intents.jsonl")
        for row in (CASES / name).read_text(encoding="utf-8").splitlines()
        if row.strip()
    ]
    texts = texts[: args.turns]
    plan, first, total, ground, prompts, tokens, model_total = [], [], [], [], [], [], []
    for text in texts:
        calls = len(recorder.calls)
        start = time.perf_counter()
        first_at = last_at = None
        for item in assistant.respond(Session(), text):
            now = time.perf_counter()
            if isinstance(item, Answer):
                end = now
            else:
                first_at = first_at or now
                last_at = now
        total.append(end - start)
        if len(recorder.calls) > calls:  # the model was asked (policy answers and "doesn't say" are not)
            called_at, messages, limit = recorder.calls[-1]
            plan.append(called_at - start)
            if first_at is not None:
                first.append(first_at - start)
                ground.append(end - last_at)
            prompts.append((messages, limit))
            tokens.append(recorder.count_tokens(messages))
            model_total.append(end - start)
    print(
        f"{len(texts)} turns, {len(prompts)} with a model call, generator {recorder.name}; prompt tokens median {statistics.median(tokens):.0f}"
    )
    print(line("understand + retrieve + plan", plan))
    print(line("time to first streamed piece", first))
    print(line("grounding after the last piece", ground))
    print(line("whole turn (pipeline)", total))

    import llama_cpp  # the reference: the same prompts, straight to llama.cpp

    threads = config.llm.threads or None
    llm = llama_cpp.Llama(
        model_path=str(default_gguf()), n_ctx=config.llm.context_length, n_threads=threads, n_threads_batch=threads, verbose=False
    )
    raw_first, raw_total = [], []
    for messages, limit in prompts:
        start = time.perf_counter()
        first_at = None
        for chunk in llm.create_chat_completion(
            messages=as_dicts(messages), max_tokens=limit, temperature=0, top_k=0, min_p=0.0, stream=True
        ):
            if chunk["choices"][0]["delta"].get("content") and first_at is None:
                first_at = time.perf_counter()
        raw_total.append(time.perf_counter() - start)
        raw_first.append((first_at or time.perf_counter()) - start)
    print(line("raw llama.cpp: first piece", raw_first))
    print(line("raw llama.cpp: whole completion", raw_total))
    print(
        f"pipeline / raw (turns with a model call, medians): whole turn {statistics.median(model_total) / statistics.median(raw_total):.2f}x, "
        f"first piece {statistics.median(first) / statistics.median(raw_first):.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
