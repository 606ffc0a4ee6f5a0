"""The support suite's Bitext half: files refused with their row, the dev split by message, the
intent read from a reply, the nearest-neighbour floor, and the scores on scripted replies; and the
suite through the harness on the example files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest

from assistant.config import load_config
from eval import harness
from eval.cases import CaseError
from eval.harness import RunOptions, data_files, load_support
from eval.support_suite import SupportRow, dev_split, nearest_intents, read_bitext, read_intent, rows_to_score, run_bitext
from tests.fakes import HashEmbedder, ScriptedGenerator

COLUMNS = ("instruction", "intent", "category", "response")


def write_csv(path: Path, rows: list[tuple[str, ...]], columns=COLUMNS) -> Path:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_a_file_without_the_columns_or_with_an_empty_cell_is_refused_with_its_row(tmp_path):
    with pytest.raises(CaseError, match="missing column.*'response'"):
        read_bitext(write_csv(tmp_path / "a.csv", [("hi", "x", "Y")], COLUMNS[:3]))
    with pytest.raises(CaseError, match="data row 2: intent is empty"):
        read_bitext(write_csv(tmp_path / "b.csv", [("cancel it", "cancel_order", "ORDER", "Sure."), ("where?", "", "ORDER", "Here.")]))
    rows = read_bitext(write_csv(tmp_path / "c.csv", [(" cancel it ", "cancel_order", "ORDER", "Sure,\nthen {{Order Number}}.")]))
    assert rows == [SupportRow("cancel it", "cancel_order", "ORDER", "Sure,\nthen {{Order Number}}.", 1)]


def test_the_dev_split_goes_by_the_message_alone():
    rows = [SupportRow(f"message number {i}", f"intent_{i % 3}", "C", "r", i) for i in range(2000)]
    train, dev = dev_split(rows)
    assert 150 < len(dev) < 250 and len(train) + len(dev) == 2000  # about one in ten
    assert {r.intent for r in dev} == {"intent_0", "intent_1", "intent_2"}
    again = dev_split(list(reversed(rows)) + [SupportRow("Message  NUMBER 7", "intent_1", "C", "r", 9999)])
    assert {r.row for r in again[1]} - {9999} == {r.row for r in dev}  # order does not move it
    assert (7 in {r.row for r in dev}) == (9999 in {r.row for r in again[1]})  # a repeated message lands on the same side


def test_only_a_train_files_dev_side_is_scored(tmp_path):
    rows = [(f"question {i}", "track_order", "ORDER", "It ships soon.") for i in range(60)]
    train, scored = rows_to_score(write_csv(tmp_path / "train.csv", rows))
    assert len(train) + len(scored) == 60 and 0 < len(scored) < 20
    assert rows_to_score(write_csv(tmp_path / "held_out.csv", rows)) == ([], read_bitext(tmp_path / "held_out.csv"))


@pytest.mark.parametrize(
    ("said", "intent"),
    [
        ("cancel_order", "cancel_order"),
        ("Intent: Cancel order.", "cancel_order"),
        ("track-order, or maybe cancel_order", "track_order"),  # the first named
        ("I'm sorry, as an AI I cannot", None),
        ("get_refund", "get_refund"),
    ],
)
def test_the_intent_is_the_first_label_the_reply_names(said, intent):
    assert read_intent(said, ["cancel_order", "track_order", "get_refund", "track_refund"]) == intent


def test_the_nearest_neighbour_floor_votes_among_the_nearest_train_messages():
    def embed(texts):
        return np.array([[1.0, 0.0] if "parcel" in t else [0.0, 1.0] for t in texts])

    train = [
        SupportRow(t, i, "C", "r", n) for n, (t, i) in enumerate([("parcel late", "track_order")] * 3 + [("refund me", "get_refund")] * 3)
    ]
    dev = [SupportRow("where is my parcel", "track_order", "C", "r", 1), SupportRow("money back", "get_refund", "C", "r", 2)]
    assert nearest_intents(train, dev, embed) == ["track_order", "get_refund"]


def test_scripted_replies_are_scored_for_intent_and_reply():
    rows = [
        SupportRow("cancel my order", "cancel_order", "ORDER", "I can cancel order {{Order Number}} for you.", 1),
        SupportRow("where is my refund", "track_refund", "REFUND", "Your refund is on its way.", 2),
    ]

    def reply(messages):
        if "label customer-service messages" in messages[0].content:
            return "cancel_order" if "cancel" in messages[-1].content else "as an AI I cannot say"
        return "I can cancel order {{Order Number}} for you." if "cancel" in messages[-1].content else "Please hold."

    metrics, records = run_bitext(rows[:1], rows, ScriptedGenerator(reply), HashEmbedder().embed_documents)
    assert metrics["intent_accuracy"].value == 0.5 and metrics["intent_unparseable_rate"].value == 0.5
    assert metrics["intent_accuracy:ORDER"].value == 1.0 and metrics["intent_accuracy:REFUND"].value == 0.0
    assert records[0]["rouge_l"] == pytest.approx(1.0) and records[1]["rouge_l"] == 0.0
    assert metrics["nearest_neighbour_intent_accuracy"].n == 2 and records[0]["nearest_intent"] == "cancel_order"
    assert 0 <= metrics["reply_cosine"].value <= 1 and metrics["row_seconds_p95"].unit == "seconds"


def test_the_suite_reads_the_shared_files_or_the_examples_and_runs_through_the_harness(monkeypatch):
    files = data_files(RunOptions(), "support")
    assert [p.name for p in files] in (["train.csv", "tasks_dev.json"], ["support_example.csv", "tasks_dev.json"])
    examples = data_files(RunOptions(data=(f"support={harness.SUPPORT_EXAMPLES[0]}", f"support={harness.SUPPORT_EXAMPLES[1]}")), "support")
    loaded = load_support(RunOptions(limit=2), examples)
    assert [len(data[1]) for _, data in loaded[:1]] == [2] and len(loaded[1][1][0]) == 2

    class Models:
        generator = ScriptedGenerator('{"name": "find_user_id_by_email", "arguments": {"email": "a@b.c"}}')
        embedder = HashEmbedder()

    options = RunOptions(suites=("support",), data=tuple(f"support={p}" for p in examples), limit=2)
    context = harness.Context(load_config(), options, Models(), lambda case: None, lambda text: None)
    runs = harness.RUNNERS["support"](context)
    assert [r.suite for r in runs] == ["support[bitext support_example]", "support[tau-bench tasks_dev]"]
    assert runs[1].metrics["authenticated_first_rate"].value == 1.0 and runs[0].metrics["wall_s"].n == 2
    assert [d["cases"] for d in context.data] == [2, 2]
