"""The product_qa suite: SubjQA files read (spans gathered per question and review), SQuAD v2
scoring as the official script scores, review retrieval against a random order, answers through
the assistant's product-question path."""

from __future__ import annotations

import csv
import json

import pytest

from eval.cases import CaseError
from eval.harness import CASES_DIR
from eval.product_qa_suite import (
    Question,
    answer_questions,
    exact_match,
    normalize,
    read_subjqa,
    retrieval_metrics,
    token_f1,
    write_world,
)
from tests.test_pipeline import REVIEWS, make, parts  # noqa: F401 - the fixture


def write(tmp_path, rows, columns=("item_id", "domain", "question", "review_id", "review", "human_ans_spans")):
    path = tmp_path / "qa.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def test_spans_of_one_question_and_review_are_gathered_and_the_marker_dropped(tmp_path):
    path = write(
        tmp_path,
        [
            ("B1", "grocery", "How is the taste?", "r1", "Tastes sweet. ANSWERNOTFOUND", "Tastes sweet"),
            ("B1", "grocery", "How is the taste?", "r1", "Tastes sweet. ANSWERNOTFOUND", "sweet"),
            ("B1", "grocery", "Is it cheap?", "r2", "Great bag. ANSWERNOTFOUND", "ANSWERNOTFOUND"),
        ],
    )
    questions, reviews = read_subjqa(path)
    assert questions == [
        Question("B1", "grocery", "How is the taste?", "r1", ("Tastes sweet", "sweet")),
        Question("B1", "grocery", "Is it cheap?", "r2", ()),
    ]
    assert reviews == {"r1": ("B1", "grocery", "Tastes sweet."), "r2": ("B1", "grocery", "Great bag.")}


def test_a_file_without_the_columns_or_with_an_empty_cell_is_refused(tmp_path):
    with pytest.raises(CaseError, match=r"missing column\(s\) \['review_id'\]"):
        read_subjqa(write(tmp_path, [("B1", "q", "r", "a")], ("item_id", "question", "review", "human_ans_spans")))
    with pytest.raises(CaseError, match="line 2: question is empty"):
        read_subjqa(write(tmp_path, [("B1", "grocery", " ", "r1", "text", "a")]))


@pytest.mark.parametrize(
    ("predicted", "gold", "exact", "f1"),
    [
        ("The battery lasts 9 days.", "battery lasts 9 days", 1.0, 1.0),  # articles and punctuation do not count
        ("it lasts 9 days", "battery lasts 9 days", 0.0, 0.75),
        ("", "", 1.0, 1.0),  # no answer predicted for an unanswerable question
        ("", "battery lasts 9 days", 0.0, 0.0),
        ("something", "", 0.0, 0.0),
    ],
)
def test_squad_v2_exact_match_and_token_f1(predicted, gold, exact, f1):
    assert exact_match(predicted, gold) == exact and token_f1(predicted, gold) == pytest.approx(f1)
    assert normalize("An  Apple, the pie!") == "apple pie"


def test_the_example_file_builds_a_catalog_the_project_loads(tmp_path):
    from retrieval.catalog import load_catalog, load_reviews
    from retrieval.mapping import load_mapping

    questions, reviews = read_subjqa(CASES_DIR / "product_qa_example.csv")
    mapping = load_mapping(write_world(questions, reviews, tmp_path))
    report = load_catalog(mapping.file_paths(), mapping, strict=True)
    loaded, rejected = load_reviews(tmp_path / "reviews.jsonl", {p.id for p in report.products}, strict=True)
    assert sorted(p.id for p in report.products) == ["DS-0028", "DS-0035", "DS-0052"] and not rejected
    assert len(loaded) == len(reviews) == 11 and sum(not q.answers for q in questions) == 3
    assert json.loads((tmp_path / "products.jsonl").read_text().splitlines()[0])["title"] == "electronics item DS-0028"


def test_retrieval_beats_or_meets_a_random_order_and_answers_are_scored(parts):  # noqa: F811
    assistant, _ = make(parts, reply="The battery lasts about 8 hours on a run [R1].")
    reviews = {r.id: (r.product_id, "electronics", r.text) for r in REVIEWS}
    questions = [
        Question("h1", "electronics", "How long does the battery last?", "r1", ("about 8 hours on a run",)),
        Question("h1", "electronics", "Is the fit secure?", "r2", ("Fit is secure even when sprinting",)),
    ]
    metrics = retrieval_metrics(questions, reviews, assistant)
    assert metrics["random_hit@1"].value == 0.5 and metrics["hybrid_hit@3"].value == 1.0 and metrics["bm25_hit@1"].n == 2
    scored, records = answer_questions(questions[:1], assistant, lambda text: None)
    assert records[0]["intent"] == "product_question" and records[0]["prediction"] == "The battery lasts about 8 hours on a run ."
    assert scored["has_answer_f1"].value == pytest.approx(token_f1(records[0]["prediction"], "about 8 hours on a run"))
