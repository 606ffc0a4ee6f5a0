"""The support suite on Bitext-format files (columns `instruction`, `intent`, `category`,
`response`): each customer message put to the model under test twice, greedy, with the prompts of
prompts/support_intent.md and prompts/support_reply.md —

- intent: the reply read as one of the file's intent labels (the earliest named; none: unparseable),
  accuracy overall and per category; beside it, for a train file, the intent of the message's
  nearest train messages by the retrieval embedder (no model asked: the floor a model should beat);
- reply: ROUGE-L F (Porter stemming) and the all-MiniLM-L6-v2 cosine (clipped at 0) to the
  reference response, Bitext's `{{Placeholder}}` slots left as they are on both sides.

A file named `train*.csv` is split by a hash of each message (about 1 in 10 per intent to the dev
side, the same message always on the same side) and only its dev side is scored: fine-tuning trains
on the other side (`dev_split`). Any other file is scored whole.
τ-bench retail tasks are the other half of the suite (eval/tau_bench.py).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.templates import load_prompt
from eval.assistant_suite import Metric, percentile
from eval.cases import CaseError, read_text
from eval.shopbench_suite import cosine, rouge_l
from eval.workers import in_order
from runtime.base import GenerationParams, Message

REQUIRED = ("instruction", "intent", "category", "response")
DEV_SHARE = 10  # one message in DEV_SHARE goes to the dev side of a train file
INTENT_TOKENS = 12
REPLY_TOKENS = 160
KNN = 5
STORE = "an online store"  # Bitext's replies name no store


@dataclass(frozen=True)
class SupportRow:
    instruction: str
    intent: str
    category: str
    response: str
    row: int  # 1-based data row in the file, for error messages and cases.jsonl


def read_bitext(path: Path) -> list[SupportRow]:
    """The rows of a Bitext-format CSV; a CaseError naming the row and column otherwise."""
    reader = csv.DictReader(io.StringIO(read_text(path, "Bitext file"), newline=""))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise CaseError(f"{path}: missing column(s) {missing}; a Bitext file has {', '.join(REQUIRED)}")
    rows = []
    for number, raw in enumerate(reader, 1):
        for column in REQUIRED:
            if not (raw.get(column) or "").strip():
                raise CaseError(f"{path}, data row {number}: {column} is empty; every row needs {', '.join(REQUIRED)}")
        rows.append(SupportRow(*(raw[c].strip() for c in REQUIRED), row=number))
    if not rows:
        raise CaseError(f"{path}: no rows")
    return rows


def message_key(instruction: str) -> str:
    """A message as the split sees it: case and spacing aside, so a repeated message is one."""
    return " ".join(instruction.lower().split())


def is_dev(instruction: str) -> bool:
    """The dev side of a train file: decided by the message alone, so a repeated message never
    lands on both sides and the split does not move when rows are added or reordered."""
    digest = hashlib.sha256(message_key(instruction).encode()).digest()
    return int.from_bytes(digest[:4], "big") % DEV_SHARE == 0


def dev_split(rows: list[SupportRow]) -> tuple[list[SupportRow], list[SupportRow]]:
    """(train, dev) of a train file's rows."""
    return [r for r in rows if not is_dev(r.instruction)], [r for r in rows if is_dev(r.instruction)]


def rows_to_score(path: Path) -> tuple[list[SupportRow], list[SupportRow]]:
    """(train side, rows to score): a train file's two sides; any other file has no train side and is scored whole."""
    rows = read_bitext(path)
    return dev_split(rows) if Path(path).name.lower().startswith("train") else ([], rows)


def nearest_intents(train: list[SupportRow], rows: list[SupportRow], embed: Callable[[list[str]], np.ndarray]) -> list[str]:
    """The baseline the model's intents are read beside: the most common intent of each message's
    KNN nearest train messages by the retrieval embedder (ties: the nearest), no model asked."""
    vectors = embed([r.instruction for r in train])
    queries = embed([r.instruction for r in rows])
    vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    queries = queries / np.linalg.norm(queries, axis=1, keepdims=True)
    found = []
    for scores in queries @ vectors.T:
        near = [train[i].intent for i in np.argsort(-scores)[:KNN]]
        found.append(max(near, key=lambda intent: (near.count(intent), -near.index(intent))))
    return found


def read_intent(text: str, labels: list[str]) -> str | None:
    """The label the reply names first ("Cancel order", "cancel-order" and "cancel_order" are one);
    None when it names none."""
    plain = re.sub(r"[\s\-]+", "_", text.lower())
    found = [(plain.find(label.lower()), -len(label), label) for label in labels if label.lower() in plain]
    return min(found)[2] if found else None


def run_bitext(
    train: list[SupportRow],
    rows: list[SupportRow],
    generator,
    embed: Callable[[list[str]], np.ndarray],
    progress=lambda text: None,
    adapter: str | None = None,
    workers: int = 1,
):
    """Ask every row for its intent and a reply, score them (beside the nearest-neighbour intents
    when there is a train side); (metrics, records)."""
    labels = sorted({r.intent for r in train + rows})
    nearest = nearest_intents(train, rows, embed) if train else [None] * len(rows)
    intent_prompt = load_prompt("support_intent").substitute(intents=", ".join(labels))
    reply_prompt = load_prompt("support_reply").substitute(store=STORE)

    def ask(pair: tuple[SupportRow, str | None]) -> dict:
        row, near = pair
        began = time.perf_counter()
        said = generator.generate(
            [Message("system", intent_prompt), Message("user", row.instruction)],
            GenerationParams(max_new_tokens=INTENT_TOKENS, adapter=adapter),
        )
        reply = generator.generate(
            [Message("system", reply_prompt), Message("user", row.instruction)], GenerationParams(REPLY_TOKENS, adapter=adapter)
        )
        intent = read_intent(said, labels)
        progress(row.intent)
        return {
            "row": row.row,
            "instruction": row.instruction,
            "intent": row.intent,
            "category": row.category,
            "said_intent": said,
            "read_intent": intent,
            "intent_correct": intent == row.intent,
            **({"nearest_intent": near, "nearest_correct": near == row.intent} if near else {}),
            "reply": reply,
            "reference": row.response,
            "rouge_l": rouge_l(reply, row.response),
            "cosine": cosine(reply, row.response, embed),
            "seconds": round(time.perf_counter() - began, 3),
        }

    records = in_order(ask, list(zip(rows, nearest, strict=True)), workers)
    return summarize(records), records


def summarize(records: list[dict]) -> dict[str, Metric]:
    """Intent accuracy (overall and per category), unparseable intents, reply similarity, time per row."""

    def mean(key: str, rows: list[dict] = records) -> float | None:
        return float(np.mean([r[key] for r in rows])) if rows else None

    n = len(records)
    metrics = {
        "intent_accuracy": Metric(mean("intent_correct"), n),
        "nearest_neighbour_intent_accuracy": Metric(
            mean("nearest_correct", [r for r in records if "nearest_correct" in r]), sum("nearest_correct" in r for r in records)
        ),
        "intent_unparseable_rate": Metric(sum(r["read_intent"] is None for r in records) / n if n else None, n, "rate", True),
        "reply_rouge_l": Metric(mean("rouge_l"), n),
        "reply_cosine": Metric(mean("cosine"), n),
        "row_seconds_p50": Metric(percentile([r["seconds"] for r in records], 50), n, "seconds", True),
        "row_seconds_p95": Metric(percentile([r["seconds"] for r in records], 95), n, "seconds", True),
    }
    for category in sorted({r["category"] for r in records}):
        mine = [r for r in records if r["category"] == category]
        metrics[f"intent_accuracy:{category}"] = Metric(mean("intent_correct", mine), len(mine))
    return metrics
