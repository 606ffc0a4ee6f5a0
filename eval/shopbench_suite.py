"""The shopbench suite: Amazon KDD Cup 2024 / Shopping MMLU JSONL (`input_field`, `output_field`,
`task_type`, `metric`; `task_name` and `track` group the scores), put to the model under test (the
configured generator, greedy, the input as one user message), parsed and scored with the starter
kit's own definitions:

- multiple-choice: the first character of the output as an integer (else wrong), accuracy;
- retrieval: the integers of the output, the first 3, hit@3 = |truth ∩ top 3| / |truth|;
- ranking: the integers of the output, the first 5 (none if they repeat), NDCG with the truth as
  relevance weights;
- named_entity_recognition: a Python list literal, else comma-separated, lower-cased exact matches,
  micro F1 over the task;
- generation: ROUGE-L F (Porter stemming), sacreBLEU/100 on the first line (lower-cased), or the
  cosine of all-MiniLM-L6-v2 embeddings clipped at 0 (the mean over several truths).

A score per task (mean; NER: micro F1), then per track (mean of its tasks). Multiple-choice is also
scored by log-likelihood, as lm-evaluation-harness does: the option whose number is the likeliest
next token after the prompt. `multilingual-sent-transformer` and `jp-bleu` need a model and a
tokenizer this project does not ship: such rows are counted as unscored, never guessed.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from eval.assistant_suite import Metric
from eval.cases import CaseError, json_lines
from eval.workers import in_order
from runtime.base import GenerationParams, Message

TASK_TYPES = ("multiple-choice", "retrieval", "ranking", "named_entity_recognition", "generation")
METRICS = ("accuracy", "hit rate@3", "ndcg", "micro f1", "rougel", "bleu", "sent-transformer")
UNSUPPORTED = {"multilingual-sent-transformer": "needs paraphrase-multilingual-MiniLM-L12-v2", "jp-bleu": "needs MeCab"}
NEW_TOKENS = {"multiple-choice": 8, "retrieval": 32, "ranking": 32, "named_entity_recognition": 64, "generation": 128}
OPTION = re.compile(r"^\s*(\d+)\.\s", re.MULTILINE)  # "0. It cannot be inferred." in a multiple-choice input


@dataclass(frozen=True)
class Item:
    input: str
    output: object  # int, list, or str, as the file gives it
    task_type: str
    metric: str
    task_name: str
    track: str


def read_shopbench(path) -> list[Item]:
    """The items of a ShopBench JSONL file; a CaseError naming the line and field otherwise."""
    items = []
    for _, where, raw in json_lines(path, "ShopBench file"):
        for key in ("input_field", "output_field", "task_type", "metric"):
            if not isinstance(raw, dict) or key not in raw:
                raise CaseError(f"{where}: missing {key!r}; a ShopBench item has input_field, output_field, task_type, metric")
        if raw["task_type"] not in TASK_TYPES:
            raise CaseError(f"{where}: task_type {raw['task_type']!r} is not one of {', '.join(TASK_TYPES)}")
        if raw["metric"] not in METRICS and raw["metric"] not in UNSUPPORTED:
            raise CaseError(f"{where}: metric {raw['metric']!r} is not one of {', '.join(METRICS + tuple(UNSUPPORTED))}")
        items.append(
            Item(
                raw["input_field"],
                raw["output_field"],
                raw["task_type"],
                raw["metric"],
                str(raw.get("task_name", raw["task_type"])),
                str(raw.get("track", "all")),
            )
        )
    if not items:
        raise CaseError(f"{path}: no items")
    return items


# --- the starter kit's parsers ------------------------------------------------------------------------


def parse(task_type: str, response: str) -> object:
    """The structured answer the starter kit reads from a response; None when it cannot read one."""
    if task_type == "multiple-choice":
        text = response.strip()
        return int(text[0]) if text[:1].isdigit() else None
    if task_type in ("retrieval", "ranking"):
        cleaned = "".join(c for c in response if c.isnumeric() or c in ", ")
        numbers = [int(part) for part in cleaned.split(",") if part.strip().isdigit()]
        if task_type == "retrieval":
            return numbers[:3] or None
        numbers = numbers[:5]
        return numbers if numbers and len(set(numbers)) == len(numbers) else None
    if task_type == "named_entity_recognition":
        try:
            entities = ast.literal_eval(response)
            if isinstance(entities, list) and all(isinstance(e, str) for e in entities):
                return entities
        except (SyntaxError, ValueError):
            pass
        return [e.strip() for e in response.split(",")]
    return response.strip()


# --- the starter kit's metrics ------------------------------------------------------------------------


def hit_rate_3(retrieved: list[int], truth: list[int]) -> float:
    return len(set(truth) & set(retrieved[:3])) / len(truth)


def ndcg(ranked: list[int], truth: list[float]) -> float:
    ranked = ranked[: len(truth)]
    weights = list(truth)
    dcg = sum((2 ** (weights[r - 1] if 0 < r <= len(weights) else 0) - 1) / np.log2(i + 2) for i, r in enumerate(ranked))
    ideal = sum((2**w - 1) / np.log2(i + 2) for i, w in enumerate(sorted(weights, reverse=True)))
    return float(dcg / ideal) if ideal else 0.0


def ner_counts(entities: list[str], truth: list[str]) -> tuple[int, int, int]:
    predicted = [e.lower().strip(" ") for e in entities]
    gold = [t.lower() for t in truth]
    tp = len(set(predicted) & set(gold))
    return tp, len(predicted) - tp, len(gold) - tp


def micro_f1(counts: list[tuple[int, int, int]]) -> float:
    tp, fp, fn = (sum(c[i] for c in counts) for i in range(3))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def rouge_l(generation: str, truth: str) -> float:
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True).score(generation, truth)["rougeL"].fmeasure


def bleu(generation: str, truth: str) -> float:
    import sacrebleu

    first = generation.strip("\n").split("\n")[0]
    return sacrebleu.corpus_bleu([first], [[truth]], lowercase=True).score / 100


def cosine(generation: str, truth: object, embed: Callable[[list[str]], np.ndarray]) -> float:
    truths = [truth] if isinstance(truth, str) else list(truth)
    vectors = embed([generation, *truths])
    g = vectors[0] / np.linalg.norm(vectors[0])
    scores = [float(g @ (t / np.linalg.norm(t))) for t in vectors[1:]]
    return max(0.0, float(np.mean(scores)))


# --- running -----------------------------------------------------------------------------------------


def run_shopbench(
    items: list[Item],
    generator,
    embed: Callable[[list[str]], np.ndarray],
    progress=lambda text: None,
    adapter: str | None = None,
    workers: int = 1,
):
    """Ask every item (through `adapter` when one is named; `workers` at a time), score it; (metrics, records)."""

    def ask(item: Item) -> dict:
        messages = [Message("user", item.input)]
        response = generator.generate(messages, GenerationParams(max_new_tokens=NEW_TOKENS[item.task_type], adapter=adapter))
        parsed = parse(item.task_type, response)
        record = {
            "task": item.task_name,
            "track": item.track,
            "metric": item.metric,
            "response": response,
            "parsed": parsed,
            "truth": item.output,
        }
        if item.metric in UNSUPPORTED:
            record["unscored"] = UNSUPPORTED[item.metric]
        else:
            record["score"] = _score(item, parsed, response, embed)
        scorer = getattr(generator, "next_token_logprobs", None)  # an OpenAI-compatible server gives none
        if item.task_type == "multiple-choice" and scorer is not None:
            options = [m.group(1) for m in OPTION.finditer(item.input)]
            logprobs = scorer(messages, options, adapter) if options else []
            choice = int(options[int(np.argmax(logprobs))]) if options else None
            record |= {"loglik_choice": choice, "loglik_correct": choice == item.output}
        progress(item.task_name)
        return record

    records = in_order(ask, items, workers)
    return summarize(records), records


def _score(item: Item, parsed: object, response: str, embed) -> object:
    """One item's score; NER gives its (tp, fp, fn) counts, summed per task."""
    if item.metric == "accuracy":
        return float(parsed is not None and parsed == item.output)
    if item.metric == "hit rate@3":
        return hit_rate_3(parsed or [], list(item.output))
    if item.metric == "ndcg":
        return ndcg(parsed or [], list(item.output))
    if item.metric == "micro f1":
        return ner_counts(parsed, list(item.output))
    text = str(parsed)
    if item.metric == "rougel":
        return rouge_l(text, str(item.output))
    if item.metric == "bleu":
        return bleu(text, str(item.output))
    return cosine(text, item.output, embed)


def summarize(records: list[dict]) -> dict[str, Metric]:
    """Per task, per track, overall; unparseable outputs; multiple-choice by text and by log-likelihood."""
    tasks: dict[str, list[dict]] = {}
    for r in records:
        if "score" in r:
            tasks.setdefault(r["task"], []).append(r)
    task_scores = {}
    for name, rows in tasks.items():
        scores = [r["score"] for r in rows]
        value = micro_f1(scores) if rows[0]["metric"] == "micro f1" else float(np.mean(scores))
        task_scores[name] = (value, len(rows), rows[0]["track"])
    metrics = {f"task:{name}": Metric(v, n) for name, (v, n, _) in sorted(task_scores.items())}
    tracks: dict[str, list[float]] = {}
    for value, _, track in task_scores.values():
        tracks.setdefault(track, []).append(value)
    metrics |= {f"track:{t}": Metric(float(np.mean(v)), len(v)) for t, v in sorted(tracks.items())}
    metrics["overall"] = Metric(float(np.mean([np.mean(v) for v in tracks.values()])) if tracks else None, len(tracks))
    choice = [r for r in records if "loglik_choice" in r]
    metrics["multiple_choice_accuracy_text"] = Metric(float(np.mean([r["score"] for r in choice])) if choice else None, len(choice))
    metrics["multiple_choice_accuracy_loglik"] = Metric(
        float(np.mean([r["loglik_correct"] for r in choice])) if choice else None, len(choice)
    )
    metrics["unparseable_rate"] = Metric(
        sum(r["parsed"] is None for r in records) / len(records) if records else None, len(records), "rate", True
    )
    metrics["unscored"] = Metric(sum("unscored" in r for r in records), len(records), "count", True)
    return metrics
