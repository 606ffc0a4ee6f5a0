"""The latency suite: shopper queries from a file, one fresh session each, through
`Assistant.respond` (streamed, as the app asks) in one process after warm-up, timed per stage (the
pipeline's own laps: understand, profile, plan, generate, ground; plus render, the chat Markdown
the app shows) and end to end per intent. Loading the models and the index is timed apart.

The model's share is measured against the raw library in the same run: every prompt the pipeline
sent (recorded as sent) is replayed straight to llama-cpp-python on the same GGUF file with the same
adapter files, greedy, same token limit and threads, turn by turn (a classifying call, then the
reply), and the ratios pipeline / raw are reported: what the project costs on top of the model.
The replay runs twice: as sent, one `Llama` per adapter keeping its KV state from call to call (as
the backend does, so a prompt's prefix shared with the one before is not read again), and cold,
every prompt read from its first token: their ratio is what that reuse saves. Only for the
llama.cpp backend; other backends get no raw figures.

Query files: a JSON list of strings (WebShop's human_goals.json), a CSV/TSV with a `query` column
(WANDS query.csv), a JSONL of shopper cases (their first turns), or plain text, one query a line.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable
from pathlib import Path

from assistant.answer import Answer
from assistant.conversation import Session
from assistant.render import answer_markdown
from eval.assistant_suite import Metric, percentile
from eval.cases import CaseError, read_text
from runtime.base import as_dicts

WARM_UP = 3  # queries asked first and not counted: caches, the model's first call


def read_queries(path: Path) -> list[str]:
    """The queries of a file in one of the formats above; a CaseError naming what is wrong."""
    text = read_text(path, "query file")
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CaseError(f"{path}: not JSON ({exc.msg}, line {exc.lineno}); a query file in JSON is a list of strings") from None
        if not isinstance(data, list) or not all(isinstance(q, str) for q in data):
            raise CaseError(f"{path}: a query file in JSON must be a list of strings")
        queries = data
    elif suffix in (".csv", ".tsv"):
        sample = text[:4096]
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;") if sample.strip() else csv.excel
        rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
        if not rows or "query" not in rows[0]:
            raise CaseError(f"{path}: a CSV/TSV query file needs a 'query' column; found {sorted(rows[0]) if rows else 'no rows'}")
        queries = [row["query"] or "" for row in rows]
    elif suffix == ".jsonl":
        from eval.cases import read_shopper_cases

        queries = [case.turns[0] for case in read_shopper_cases(path)]
    else:
        queries = text.splitlines()
    queries = [" ".join(q.split()) for q in queries if q and q.strip()]
    if not queries:
        raise CaseError(f"{path}: no queries in it")
    return list(dict.fromkeys(queries))  # repeats would time the same work twice


Call = tuple[list, int, str | None]  # a prompt as sent: its messages, token limit and adapter


class Recorder:
    """The assistant's generator, remembering each prompt as it was sent and its token limit."""

    def __init__(self, inner):
        self.inner = inner
        self.name, self.context_length, self.adapters = inner.name, inner.context_length, inner.adapters
        self.calls: list[Call] = []

    def count_tokens(self, messages):
        return self.inner.count_tokens(messages)

    def stream(self, messages, params):
        self.calls.append((list(messages), params.max_new_tokens, params.adapter))
        yield from self.inner.stream(messages, params)

    def generate(self, messages, params):
        return "".join(self.stream(messages, params))


def run_latency(
    queries: list[str], assistant, progress: Callable[[str], None] = lambda query: None, raw: bool = True
) -> tuple[dict[str, Metric], dict[str, list[float]], list[dict]]:
    """Metrics (p50/p95 per stage and per intent, seconds; the raw library's and the ratios when
    `raw`), the laps per label (for the plot), and a record per timed query (for cases.jsonl)."""
    for query in queries[:WARM_UP]:
        assistant.ask(Session(), query)
    laps: dict[str, list[float]] = {}
    records, recorder, generator = [], Recorder(assistant.generator), assistant.generator
    turns: list[list[Call]] = []  # the prompts of each turn that asked the model (a classifying call, then the reply)
    prompt_tokens: list[int] = []  # of each turn's reply prompt, as the model reads it (chat template applied)
    assistant.generator = recorder
    try:
        for query in queries[WARM_UP:]:
            calls = len(recorder.calls)
            began = time.perf_counter()
            first = None
            for item in assistant.respond(Session(), query):
                if isinstance(item, Answer):
                    answer = item
                elif first is None:
                    first = time.perf_counter() - began
            total = time.perf_counter() - began
            rendered = time.perf_counter()
            answer_markdown(answer)
            for stage, seconds in (*answer.timings, ("render", time.perf_counter() - rendered)):
                laps.setdefault(f"stage {stage}", []).append(seconds)
            laps.setdefault(f"turn ({answer.intent})", []).append(total)
            laps.setdefault("turn (all)", []).append(total)
            if len(recorder.calls) > calls:  # the model was asked (quoted policy answers and "the reviews don't say" are not)
                laps.setdefault("first piece", []).append(first if first is not None else total)
                laps.setdefault("turn (model asked)", []).append(total)
                turns.append(recorder.calls[calls:])
                prompt_tokens.append(recorder.count_tokens(recorder.calls[-1][0]))  # counted after the clock stopped
            record = {"query": query, "intent": answer.intent, "seconds": round(total, 4), "stages": dict(answer.timings)}
            records.append(record | ({"prompt_tokens": prompt_tokens[-1]} if len(recorder.calls) > calls else {}))
            progress(query)
    finally:
        assistant.generator = generator
    metrics = {}
    for label, values in laps.items():
        name = label.replace("stage ", "").replace("turn (", "turn_").rstrip(")").replace(" ", "_")
        metrics[f"{name}_p50"] = Metric(percentile(values, 50), len(values), "seconds", True)
        metrics[f"{name}_p95"] = Metric(percentile(values, 95), len(values), "seconds", True)
    if prompt_tokens:
        metrics["prompt_tokens_p50"] = Metric(percentile(prompt_tokens, 50), len(prompt_tokens), "tokens", True)
        metrics["prompt_tokens_p95"] = Metric(percentile(prompt_tokens, 95), len(prompt_tokens), "tokens", True)
    path = getattr(generator, "model_path", None)
    if raw and turns and path is not None and generator.name.startswith("llamacpp:"):
        files = generator.adapter_files
        replay = raw_llama(Path(path), turns, generator.context_length, generator.threads, files)
        cold = raw_llama(Path(path), turns, generator.context_length, generator.threads, files, cold=True)
        metrics |= raw_comparison(laps, replay | {f"cold {label}": values for label, values in cold.items()}, len(turns))
    return metrics, laps, records


def raw_llama(
    model_path: Path,
    turns: list[list[Call]],
    context_length: int,
    threads: int,
    adapter_files: dict[str, Path] | None = None,
    cold: bool = False,
) -> dict[str, list[float]]:
    """Each turn's recorded prompts straight to llama-cpp-python, one after another as the pipeline
    sent them, each on a `Llama` with its call's adapter file (one per adapter, as the backend
    keeps them): seconds per turn to the first piece of its last call (the reply) and to the end.
    `cold`: each prompt is read from its first token, no KV state kept from the call before."""
    import llama_cpp

    from runtime.llamacpp_backend import chat_formatter, chat_handler

    instances: dict[str | None, object] = {}

    def instance(adapter: str | None):
        if adapter not in instances:
            lora = str((adapter_files or {})[adapter]) if adapter else None
            llm = llama_cpp.Llama(
                model_path=str(model_path),
                lora_path=lora,
                n_ctx=context_length,
                n_threads=threads,
                n_threads_batch=threads,
                seed=0,
                verbose=False,
            )
            llm.chat_handler = chat_handler(llm, chat_formatter(llm, model_path.name))
            instances[adapter] = llm
        return instances[adapter]

    for adapter in {a for prompts in turns for _, _, a in prompts}:  # loaded before the clock starts
        instance(adapter)
    first, whole = [], []
    for prompts in turns:
        began, at = time.perf_counter(), None
        for messages, limit, adapter in prompts:
            llm = instance(adapter)
            if cold:
                llm.reset()
            at = None  # the reply's first piece: the last call's
            for chunk in llm.create_chat_completion(
                messages=as_dicts(messages), max_tokens=limit, temperature=0, top_k=0, min_p=0.0, seed=0, stream=True
            ):
                if at is None and chunk["choices"][0]["delta"].get("content"):
                    at = time.perf_counter() - began
        whole.append(time.perf_counter() - began)
        first.append(at if at is not None else whole[-1])
    return {"first piece": first, "completion": whole}


def raw_comparison(laps: dict[str, list[float]], raw: dict[str, list[float]], n: int) -> dict[str, Metric]:
    """The raw library's p50/p95 and the medians' ratios pipeline / raw."""
    metrics = {}
    for label, values in raw.items():
        laps[f"raw {label}"] = values
        metrics[f"raw_{label.replace(' ', '_')}_p50"] = Metric(percentile(values, 50), n, "seconds", True)
        metrics[f"raw_{label.replace(' ', '_')}_p95"] = Metric(percentile(values, 95), n, "seconds", True)
    for name, mine, theirs in (
        ("first_piece_over_raw", "first piece", "first piece"),
        ("turn_over_raw", "turn (model asked)", "completion"),
    ):
        a, b = percentile(laps[mine], 50), percentile(raw[theirs], 50)
        metrics[name] = Metric(a / b if b else None, n, "ratio", True)
    if "cold first piece" in raw:  # what keeping the KV state of a shared prompt prefix saves, raw library against itself
        a, b = percentile(raw["first piece"], 50), percentile(raw["cold first piece"], 50)
        metrics["raw_first_piece_kept_over_cold"] = Metric(a / b if b else None, n, "ratio", True)
    return metrics
