"""The support adapter's examples: prompts exactly as the support suite sends them (its own runs,
recorded), targets the suite scores as right, splits by `is_dev` and by the τ-bench files with one
customer on one side, planted personal data gone, and bad files refused with the file and field."""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from eval.harness import SUPPORT_EXAMPLES
from eval.support_suite import is_dev, read_bitext, run_bitext
from eval.tau_bench import read_calls, read_tasks, run_tau
from finetune.examples import DataError
from finetune.support_data import DIALOGUES_SKIPPED, MOVED_TO_DEV, abcd_examples, bitext_examples, tau_examples
from tests.conftest import require_shared
from tests.fakes import HashEmbedder, ScriptedGenerator

COLUMNS = ("instruction", "intent", "category", "response", "entity_type", "entity_value")
ROWS = [
    ("my card 4111 1111 1111 1111 was charged twice, write to ana.diaz@example.com", "payment_issue", "PAYMENT",
     "Sorry about the double charge; we will look into it.", "", ""),
    ("where is the invoice from Ms. Hawkings?", "check_invoice", "INVOICE",
     "I can help you find the invoice from Ms. Hawkings: open {{Invoice Section}}.", "person_name", "Ms. Hawkings"),
    ("I want to cancel my order please", "cancel_order", "ORDER", "Open {{Order History}} and choose cancel.", "", ""),
    ("i want to  CANCEL my order PLEASE", "cancel_order", "ORDER", "Choose cancel in {{Order History}}.", "", ""),
]  # fmt: skip
PLANTED = ("4111", "ana.diaz", "Hawkings")


def write_bitext(path: Path, rows=ROWS, columns=COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows([row[: len(columns)] for row in rows])
    return path


def test_bitext_prompts_are_the_suites_and_its_targets_score_as_right(tmp_path):
    path = write_bitext(tmp_path / "train.csv")
    built = bitext_examples(path)
    assert Counter(e.kind for e in built.examples) == {"intent": 4, "reply": 4}
    targets = {e.messages[:-1]: e.target for e in built.examples}
    generator = ScriptedGenerator(lambda messages: targets.get(tuple(messages), "unseen prompt"))
    _, records = run_bitext([], read_bitext(path), generator, HashEmbedder().embed_documents)
    clean = [tuple(p) for p in generator.prompts if not any(s in p[-1].content for s in PLANTED)]
    assert len(clean) == 4 and all(p in targets for p in clean)  # rows without personal data: the very prompts the suite sent
    sent_systems = {p[0] for p in generator.prompts}
    assert {e.messages[0] for e in built.examples} == sent_systems  # the PII rows differ only in their redacted user turn
    assert [r["intent_correct"] for r in records[2:]] == [True, True] and records[2]["rouge_l"] == pytest.approx(1.0)


def test_bitext_splits_follow_is_dev_and_a_repeated_message_is_one_group(tmp_path):
    built = bitext_examples(write_bitext(tmp_path / "train.csv"))
    for i, example in enumerate(built.examples):  # an intent and a reply example per row, in row order
        assert example.split == ("dev" if is_dev(ROWS[i // 2][0]) else "train") and example.task == "support" and example.origin == "source"
    groups = [e.group for e in built.examples if e.kind == "intent"]
    assert {e.split for e in built.examples} == {"train", "dev"} and len(set(groups)) == 3 and groups[2] == groups[3]


def test_bitext_personal_data_is_gone_from_every_message_and_counted(tmp_path):
    built = bitext_examples(write_bitext(tmp_path / "train.csv"))
    text = "\n".join(m.content for e in built.examples for m in e.messages)
    assert not any(s in text for s in PLANTED) and "{{Card Number}}" in text and "Ms. {{Person Name}}" in text
    assert "{{Invoice Section}}" in text  # Bitext's own slots stay
    assert built.redacted == {"card": 1, "email": 1, "name": 2} and not built.dropped


def test_bitext_without_entity_columns_builds_and_a_missing_column_is_named(tmp_path):
    assert len(bitext_examples(write_bitext(tmp_path / "plain.csv", columns=COLUMNS[:4])).examples) == 8
    with pytest.raises(DataError, match=r"missing column\(s\) \['intent'\]"):
        bitext_examples(write_bitext(tmp_path / "bad.csv", [(r[0], r[2], r[3]) for r in ROWS], ("instruction", "category", "response")))
    with pytest.raises(DataError, match="no such Bitext file"):
        bitext_examples(tmp_path / "absent.csv")


@pytest.fixture
def tau_folder(tmp_path) -> Path:
    """The project's example world, its tasks split: two to train, the rest dev, and a train task of a dev customer."""
    folder = tmp_path / "tau"
    shutil.copytree(SUPPORT_EXAMPLES[1].parent, folder)
    tasks = json.loads((folder / "tasks_dev.json").read_text())
    (folder / "tasks_train.json").write_text(json.dumps([*tasks[:2], {**tasks[2], "instruction": tasks[2]["instruction"] + " Again."}]))
    (folder / "tasks_dev.json").write_text(json.dumps(tasks[2:]))
    return folder


def test_tau_prompts_are_the_suites_and_its_targets_score_as_right(tau_folder):
    built = tau_examples(tau_folder)
    targets = {e.messages[:-1]: e.target for e in built.examples}
    for name in ("tasks_train.json", "tasks_dev.json"):
        tasks, world = read_tasks(tau_folder / name)
        generator = ScriptedGenerator(lambda messages: targets.get(tuple(messages), "unseen prompt"))
        metrics, records = run_tau(tasks, world, generator)
        assert all(tuple(p) in targets for p in generator.prompts) and metrics["prompt_too_long"].value == 0
        assert metrics["authenticated_first_rate"].value == 1.0 and metrics["authentication_skipped_rate"].value in (0.0, None)
        assert metrics["first_action_exact_accuracy"].value == 1.0 and metrics["no_action_accuracy"].value in (1.0, None)
        for task, record in zip(tasks, records, strict=True):
            assert read_calls(record["output"])[1:] == list(task.actions)  # the whole gold list, in order, after authenticating


def test_tau_splits_keep_a_customer_on_one_side(tau_folder):
    built = tau_examples(tau_folder)
    dev = json.loads((tau_folder / "tasks_dev.json").read_text())
    assert Counter(e.split for e in built.examples) == {"train": 2, "dev": len(dev) + 1} and built.dropped == {MOVED_TO_DEV: 1}
    sides: dict[str, set] = {}
    for example in built.examples:
        sides.setdefault(example.group, set()).add(example.split)
    assert all(len(s) == 1 for s in sides.values()) and {f"tau:{t['user_id']}" for t in dev} <= set(sides)
    assert built.redacted == {} and {e.source for e in built.examples} == {"tau-bench"}


def test_tau_room_dialogues_and_missing_files(tau_folder):
    (tau_folder / "few_shot_dialogues.jsonl").write_text('{"messages_display": "user: hi"}\n\n{"messages_display": "user: yo"}\n')
    built = tau_examples(tau_folder, count_tokens=lambda messages: 10**6, room=1000)
    assert built.examples == [] and built.dropped[DIALOGUES_SKIPPED] == 2
    (tau_folder / "tasks_train.json").unlink()
    with pytest.raises(DataError, match="tasks_train.json: missing"):
        tau_examples(tau_folder)
    shutil.copy(tau_folder / "tasks_dev.json", tau_folder / "tasks_train.json")
    (tau_folder / "users.json").unlink()
    with pytest.raises(DataError, match="no users.json beside it"):
        tau_examples(tau_folder)


def abcd_chat(convo_id=7, turns=None) -> dict:
    turns = turns or [
        ("agent", "hi! how can i help you?"),
        ("customer", "i need to return some jeans. i'm rosa vidal"),
        ("agent", "sure, may i have your username and email?"),
        ("customer", "<username>"),
        ("customer", "<email>"),
        ("action", "purchase validation in progress ..."),
        ("agent", "thanks rosa, your purchase is valid."),
        ("customer", "great"),
        ("agent", "anything else?"),
    ]
    return {
        "convo_id": convo_id,
        "scenario": {"personal": {"customer_name": "rosa vidal", "email": "rv@email.com"}},
        "delexed": [{"speaker": s, "text": t} for s, t in turns],
    }


def test_abcd_agent_turns_answering_the_customer_are_targets_redacted(tmp_path):
    (tmp_path / "abcd_sample.json").write_text(json.dumps([abcd_chat()]))
    built = abcd_examples(tmp_path)
    assert [e.target for e in built.examples] == ["sure, may i have your username and email?", "anything else?"]
    last = built.examples[-1]
    assert [m.role for m in last.messages] == ["system", "user", "assistant", "user", "assistant", "user", "assistant"]
    assert last.messages[3].content == "{{Username}}\n{{Email}}" and "rosa" not in str(last.messages).lower()
    assert last.messages[1].content == "i need to return some jeans. i'm {{Person Name}}" and built.redacted == {"name": 2}
    assert {e.split for e in built.examples} == {"dev" if is_dev("7") else "train"} and {e.group for e in built.examples} == {"abcd:7"}
    reply = next(e for e in bitext_examples(write_bitext(tmp_path / "t.csv")).examples if e.kind == "reply")
    assert last.messages[0] == reply.messages[0]  # the reply suite's system prompt


def test_abcd_bad_files_are_refused_and_a_chat_without_answers_is_counted(tmp_path):
    with pytest.raises(DataError, match="no such ABCD file"):
        abcd_examples(tmp_path)
    (tmp_path / "abcd_sample.json").write_text(json.dumps([{"convo_id": 1, "delexed": []}]))
    with pytest.raises(DataError, match="conversation 0: needs convo_id, delexed"):
        abcd_examples(tmp_path)
    (tmp_path / "abcd_sample.json").write_text(json.dumps([abcd_chat(turns=[("customer", "hi"), ("action", "x"), ("agent", "done")])]))
    assert abcd_examples(tmp_path).dropped == {"abcd chat without an agent turn answering the customer": 1}


@pytest.mark.shared
def test_the_real_support_data_builds_with_each_group_on_one_side():
    folder = require_shared("support")
    bitext = bitext_examples(require_shared("support/bitext/train.csv"))
    tau, abcd = tau_examples(folder / "tau-bench-retail"), abcd_examples(folder / "abcd")
    examples = bitext.examples + tau.examples + abcd.examples
    counts = Counter((e.source, e.split) for e in examples)
    assert counts[("bitext", "train")] > 5000 and 300 < counts[("bitext", "dev")] < 1200
    assert counts[("tau-bench", "train")] > 400 and counts[("tau-bench", "dev")] >= 20 and len(abcd.examples) >= 10
    assert bitext.redacted["name"] > 100 and tau.dropped[DIALOGUES_SKIPPED] == 69
    sides: dict[str, set] = {}
    for example in examples:
        sides.setdefault(example.group, set()).add(example.split)
    assert [g for g, s in sides.items() if len(s) > 1] == []
    text = "\n".join(m.content for e in bitext.examples + abcd.examples for m in e.messages[1:])
    assert not any(name in text for name in ("Hawkings", "Anna Freeman", "crystal minh", "@email.com"))
