"""The shopbench suite: the starter kit's parsers and metrics on its own examples, per task and per
track aggregation, multiple-choice by text and by log-likelihood, and files refused with their line."""

from __future__ import annotations

import json

import numpy as np
import pytest

from eval.cases import CaseError
from eval.harness import CASES_DIR
from eval.shopbench_suite import Item, bleu, cosine, hit_rate_3, micro_f1, ndcg, ner_counts, parse, read_shopbench, rouge_l, run_shopbench


@pytest.mark.parametrize(
    ("task_type", "response", "parsed"),
    [
        ("multiple-choice", "2", 2),
        ("multiple-choice", " 1. apple", 1),
        ("multiple-choice", "a", None),  # unparseable: wrong
        ("ranking", "1, 2, 3, 4, 5", [1, 2, 3, 4, 5]),
        ("ranking", "[1, 2, 3, 4, 5]", [1, 2, 3, 4, 5]),
        ("ranking", "1, 2, 2, 3", None),  # a repeat empties the ranking
        ("ranking", "1, 4, 5, aicrowd, 6", [1, 4, 5, 6]),
        ("retrieval", "100, 200, 300, 400", [100, 200, 300]),
        ("retrieval", "100, 200, jjhg", [100, 200]),
        ("named_entity_recognition", "['New York', 'ShopBench', 'Amazon']", ["New York", "ShopBench", "Amazon"]),
        ("named_entity_recognition", "New York, ShopBench, Amazon", ["New York", "ShopBench", "Amazon"]),
        ("generation", "  a text \n", "a text"),
    ],
)
def test_the_starter_kits_parsers(task_type, response, parsed):
    assert parse(task_type, response) == parsed


def test_the_starter_kits_metrics():
    assert hit_rate_3([1, 9, 3], [1, 3, 5, 7]) == 0.5
    assert ndcg([1, 2, 3], [3, 2, 1]) == pytest.approx(1.0) and ndcg([3, 2, 1], [3, 2, 1]) < 1.0
    assert ner_counts([" Nike ", "shoe"], ["nike", "adidas"]) == (1, 1, 1) and micro_f1([(1, 1, 1), (1, 0, 0)]) == pytest.approx(2 / 3)
    assert rouge_l("running shoes are light", "the running shoe is light") > rouge_l("a kettle", "the running shoe is light")
    assert bleu("keeps drinks cold\nsecond line", "keeps drinks cold") == pytest.approx(bleu("keeps drinks cold", "keeps drinks cold"))

    def embed(texts):
        return np.array([[1.0, 0.0] if "cold" in t else [-1.0, 0.0] for t in texts])

    assert cosine("cold", "cold drink", embed) == pytest.approx(1.0) and cosine("hot", "cold", embed) == 0.0  # clipped at 0


class Chooser:
    """Answers "3" to everything; its log-likelihoods prefer option 1."""

    name = "chooser"

    def generate(self, messages, params):
        return "3"

    def next_token_logprobs(self, messages, candidates, adapter=None):
        return [-0.1 if c == "1" else -5.0 for c in candidates]


def test_scores_per_task_and_track_and_both_ways_of_choosing():
    items = read_shopbench(CASES_DIR / "shopbench_example.jsonl")
    metrics, records = run_shopbench(items, Chooser(), lambda texts: np.ones((len(texts), 2)))
    assert metrics["multiple_choice_accuracy_text"].value == 0.0 and metrics["multiple_choice_accuracy_loglik"].value == 0.5
    assert metrics["task:example-retrieval"].value == pytest.approx(1 / 3)  # "3" is one of the three relevant
    assert metrics["task:example-similarity"].value == pytest.approx(1.0)  # all vectors equal in this fake
    assert set(metrics) >= {"track:example", "overall", "unparseable_rate", "unscored"} and len(records) == 7
    assert metrics["unparseable_rate"].value == 0.0


def test_a_bad_line_is_refused_and_unsupported_metrics_are_counted_not_guessed(tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"input_field": "x", "output_field": 1, "task_type": "quiz", "metric": "accuracy"}\n')
    with pytest.raises(CaseError, match="line 1: task_type 'quiz' is not one of"):
        read_shopbench(tmp_path / "bad.jsonl")
    row = {"input_field": "translate", "output_field": "x", "task_type": "generation", "metric": "jp-bleu"}
    (tmp_path / "jp.jsonl").write_text(json.dumps(row) + "\n")
    metrics, records = run_shopbench(read_shopbench(tmp_path / "jp.jsonl"), Chooser(), lambda texts: np.ones((len(texts), 2)))
    assert records[0]["unscored"] == "needs MeCab" and metrics["unscored"].value == 1 and metrics["overall"].value is None
    assert Item("x", 1, "multiple-choice", "accuracy", "t", "k").track == "k"
