"""The product_qa suite, on SubjQA-format files (columns question, review, human_ans_spans with
ANSWERNOTFOUND for unanswerable, item_id, review_id; domain optional):

- review-passage retrieval in the question's product scope: hit@1/3/10 and MRR@10 of BM25, dense
  and hybrid search, beside the expected score of a random order of that product's reviews;
- answers: each question asked about its product through `Assistant.ask` ("[ITEM] question", the
  product-question path the app takes), scored as SQuAD v2 scores: exact match and token F1 against
  the human spans, split into has-answer / no-answer, and no-answer precision/recall (the assistant
  abstaining = predicting no answer).

The file's items become a small catalog (no titles or prices in SubjQA: "<domain> item <id>", price 0)
and its reviews that catalog's reviews, indexed through the project's own loader and indexer.
"""

from __future__ import annotations

import collections
import csv
import io
import json
import re
import string
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.conversation import Session
from eval.assistant_suite import Metric
from eval.cases import CaseError, read_text
from eval.workers import in_order

NO_ANSWER = "ANSWERNOTFOUND"
REQUIRED = ("question", "review", "human_ans_spans", "item_id", "review_id")
CUTOFFS = (1, 3, 10)
METHODS = {"bm25": (0.0, 1.0), "dense": (1.0, 0.0), "hybrid": None}  # (dense weight, lexical weight); None: as configured


@dataclass(frozen=True)
class Question:
    item_id: str
    domain: str
    text: str
    review_id: str  # the review the question was asked against
    answers: tuple[str, ...]  # human spans; empty: unanswerable from that review


def read_subjqa(path: Path) -> tuple[list[Question], dict[str, tuple[str, str, str]]]:
    """Questions (one per item, question and review; spans gathered) and reviews by id (item, domain, text)."""
    reader = csv.DictReader(io.StringIO(read_text(path, "SubjQA file"), newline=""))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise CaseError(f"{path}: missing column(s) {missing}; a SubjQA file has {', '.join(REQUIRED)}")
    spans: dict[tuple[str, str, str], list[str]] = {}
    domains: dict[tuple[str, str, str], str] = {}
    reviews: dict[str, tuple[str, str, str]] = {}
    rows = list(reader)
    for number, row in enumerate(rows, 2):
        for column in REQUIRED:
            if not (row.get(column) or "").strip():
                raise CaseError(f"{path}, line {number}: {column} is empty; every row needs {', '.join(REQUIRED)}")
        key = (row["item_id"].strip(), row["question"].strip(), row["review_id"].strip())
        domain = (row.get("domain") or "").strip() or "products"
        # SubjQA appends the no-answer marker to every review so unanswerable spans can point at it
        reviews.setdefault(key[2], (key[0], domain, row["review"].strip().removesuffix(NO_ANSWER).strip()))
        spans.setdefault(key, [])
        domains[key] = domain
        if row["human_ans_spans"].strip() != NO_ANSWER:
            spans[key].append(row["human_ans_spans"].strip())
    questions = [Question(k[0], domains[k], k[1], k[2], tuple(dict.fromkeys(v))) for k, v in spans.items()]
    if not questions:
        raise CaseError(f"{path}: no rows")
    return questions, reviews


def write_world(questions: list[Question], reviews: dict[str, tuple[str, str, str]], folder: Path) -> Path:
    """The items as a catalog and the reviews as its reviews, in the project's JSONL formats, with
    their mapping; returns the mapping's path."""
    folder.mkdir(parents=True, exist_ok=True)
    items = {r[0]: r[1] for r in reviews.values()} | {q.item_id: q.domain for q in questions}
    with (folder / "products.jsonl").open("w", encoding="utf-8") as f:
        for item, domain in sorted(items.items()):
            f.write(json.dumps({"id": item, "title": f"{domain} item {item}", "price": 0, "currency": "USD", "category": domain}) + "\n")
    with (folder / "reviews.jsonl").open("w", encoding="utf-8") as f:
        for review_id, (item, _, text) in sorted(reviews.items()):
            f.write(json.dumps({"review_id": review_id, "product_id": item, "text": text}) + "\n")
    mapping = folder / "mapping.toml"
    mapping.write_text(
        '[source]\nformat = "jsonl"\nfiles = ["products.jsonl"]\nstore_name = "SubjQA items"\n\n'
        '[fields]\nid = "id"\ntitle = "title"\nprice = "price"\ncurrency = "currency"\ncategory = "category"\n',
        encoding="utf-8",
    )
    return mapping


def retrieval_metrics(questions: list[Question], reviews: dict[str, tuple[str, str, str]], assistant) -> dict[str, Metric]:
    """hit@k and MRR@10 per method over answerable questions, in the product's scope (and `all_`: across
    every product's reviews), and the expected hit@k of a random order of the product's reviews."""
    answerable = [q for q in questions if q.answers]
    per_item = collections.Counter(item for item, _, _ in reviews.values())
    out = {}
    for c in CUTOFFS:  # the expected hit@c of a random order of the product's reviews: the floor
        values = [min(c, per_item[q.item_id]) / per_item[q.item_id] for q in answerable]
        out[f"random_hit@{c}"] = Metric(sum(values) / len(values) if values else None, len(values))
    search = assistant.reviews
    for scope in ("", "all_"):  # the product's reviews (what answers use), then every review
        for method, weights in METHODS.items():
            settings = replace(search.settings, k=50, candidates=max(search.settings.candidates, 100))
            if weights is not None:
                settings = replace(settings, dense_weight=weights[0], lexical_weight=weights[1])
            ranks = []
            for q in answerable:
                hits = search.search(q.text, () if scope else (q.item_id,), settings=settings)
                ranked = list(dict.fromkeys(h.chunk.review_id for h in hits))[: max(CUTOFFS)]
                ranks.append(ranked.index(q.review_id) + 1 if q.review_id in ranked else None)
            n = len(ranks)
            for c in CUTOFFS:
                out[f"{scope}{method}_hit@{c}"] = Metric(sum(r is not None and r <= c for r in ranks) / n if n else None, n)
            out[f"{scope}{method}_mrr@10"] = Metric(sum(1 / r for r in ranks if r is not None) / n if n else None, n)
    return out


def answer_questions(
    questions: list[Question], assistant, progress: Callable[[str], None], workers: int = 1
) -> tuple[dict[str, Metric], list[dict]]:
    """Ask each question about its product (`workers` at a time); SQuAD v2 exact match / F1 and no-answer precision/recall."""

    def ask(q: Question) -> dict:
        answer = assistant.ask(Session(), f"[{q.item_id}] {q.text}")
        predicted = "" if answer.abstained or answer.intent != "product_question" else _without_labels(answer.text)
        golds = q.answers or ("",)
        progress(q.text)
        return {
            "item_id": q.item_id,
            "question": q.text,
            "review_id": q.review_id,
            "answers": list(q.answers),
            "intent": answer.intent,
            "abstained": answer.abstained,
            "prediction": predicted,
            "exact": max(exact_match(predicted, g) for g in golds),
            "f1": max(token_f1(predicted, g) for g in golds),
        }

    records = in_order(ask, questions, workers)
    return score(records), records


def score(records: list[dict]) -> dict[str, Metric]:
    """SQuAD v2 figures of answered questions: overall, has-answer, no-answer, and no-answer precision/recall."""
    has = [r for r in records if r["answers"]]
    none = [r for r in records if not r["answers"]]
    predicted_none = [r for r in records if not r["prediction"]]

    def mean(rows: list[dict], key: str) -> Metric:
        return Metric(sum(r[key] for r in rows) / len(rows) if rows else None, len(rows))

    return {
        "exact_match": mean(records, "exact"),
        "f1": mean(records, "f1"),
        "has_answer_exact": mean(has, "exact"),
        "has_answer_f1": mean(has, "f1"),
        "no_answer_exact": mean(none, "exact"),
        "no_answer_precision": Metric(
            sum(not r["answers"] for r in predicted_none) / len(predicted_none) if predicted_none else None, len(predicted_none)
        ),
        "no_answer_recall": Metric(sum(not r["prediction"] for r in none) / len(none) if none else None, len(none)),
        "routed_as_product_question": Metric(
            sum(r["intent"] == "product_question" for r in records) / len(records) if records else None, len(records)
        ),
    }


def _without_labels(text: str) -> str:
    return " ".join(re.sub(r"\[[RP]\d+\]|\[[^\]\s]{1,64}\]", " ", text).split())


def normalize(text: str) -> str:
    """SQuAD's answer normalisation: lower case, no punctuation, no articles, single spaces."""
    text = "".join(ch for ch in text.lower() if ch not in set(string.punctuation))
    return " ".join(re.sub(r"\b(a|an|the)\b", " ", text).split())


def exact_match(predicted: str, gold: str) -> float:
    return float(normalize(predicted) == normalize(gold))


def token_f1(predicted: str, gold: str) -> float:
    """SQuAD v2 token F1; an empty answer scores 1 only against an empty answer."""
    p, g = normalize(predicted).split(), normalize(gold).split()
    if not p or not g:
        return float(p == g)
    common = sum((collections.Counter(p) & collections.Counter(g)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)
