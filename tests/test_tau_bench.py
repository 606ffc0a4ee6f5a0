"""The support suite's τ-bench half: tasks and their world read or refused with the task and field,
tool calls read from JSON lines or call syntax, arguments compared as the store would see them, the
first consequential action and the authentication rule scored, and a prompt that cannot fit counted."""

from __future__ import annotations

import json
import shutil

import pytest

from eval.cases import CaseError
from eval.harness import SUPPORT_EXAMPLES
from eval.tau_bench import Task, prompt, read_calls, read_tasks, records_text, run_tau, same_arguments, verdicts
from tests.fakes import ScriptedGenerator

EXAMPLE = SUPPORT_EXAMPLES[1]


def test_the_example_world_reads_and_every_task_names_a_known_user():
    tasks, world = read_tasks(EXAMPLE)
    assert len(tasks) >= 5 and all(t.user_id in world.users for t in tasks)
    assert any(not t.actions for t in tasks) and "authenticate" in world.policy.lower()
    text = records_text(world, tasks[0].user_id, variants=True)
    assert text.startswith(f"user {tasks[0].user_id}:") and "payment methods:" in text and "variants in stock" in text


def test_a_missing_world_file_or_a_bad_task_is_refused_with_its_task_and_field(tmp_path):
    shutil.copytree(EXAMPLE.parent, tmp_path / "w")
    (tmp_path / "w" / "orders.json").unlink()
    with pytest.raises(CaseError, match="no orders.json beside it"):
        read_tasks(tmp_path / "w" / "tasks_dev.json")
    shutil.copy(EXAMPLE.parent / "orders.json", tmp_path / "w" / "orders.json")
    tasks = json.loads(EXAMPLE.read_text())
    (tmp_path / "w" / "tasks_dev.json").write_text(json.dumps([tasks[0], {**tasks[1], "user_id": "nobody_1"}]))
    with pytest.raises(CaseError, match="task 1: user_id 'nobody_1' is not in users.json"):
        read_tasks(tmp_path / "w" / "tasks_dev.json")
    (tmp_path / "w" / "tasks_dev.json").write_text(json.dumps([{**tasks[0], "actions": [{"name": "cancel_pending_order"}]}]))
    with pytest.raises(CaseError, match="task 0, action 0: needs name"):
        read_tasks(tmp_path / "w" / "tasks_dev.json")
    (tmp_path / "w" / "tasks_dev.json").write_text("[{")
    with pytest.raises(CaseError, match="line 1: not JSON"):
        read_tasks(tmp_path / "w" / "tasks_dev.json")


def test_tool_calls_are_read_from_json_lines_or_call_syntax():
    text = """Here is my plan:
```json
{"name": "find_user_id_by_name_zip", "arguments": {"first_name": "Ana", "last_name": "Diaz", "zip": "10001"}}
get_order_details(order_id="#W1")
{"name": "cancel_pending_order", "kwargs": {"order_id": "#W1", "reason": "no longer needed"}}
```
{"name": "Ana", "arguments": {...}}"""
    assert read_calls(text) == [
        ("find_user_id_by_name_zip", {"first_name": "Ana", "last_name": "Diaz", "zip": "10001"}),
        ("get_order_details", {"order_id": "#W1"}),
        ("cancel_pending_order", {"order_id": "#W1", "reason": "no longer needed"}),
    ]
    assert read_calls("I'm sorry, I cannot help with that.") == []


def test_arguments_compare_as_the_store_sees_them():
    gold = {"order_id": "#W1", "item_ids": ["2", "1"], "payment_method_id": "paypal_1"}
    assert same_arguments({"order_id": " #W1", "item_ids": ["1", "2"], "payment_method_id": "paypal_1"}, gold)
    assert same_arguments({"order_id": "#W1", "item_ids": [1, 2], "payment_method_id": "paypal_1"}, gold)  # 1 and "1" are one id
    assert not same_arguments({"order_id": "#W1", "item_ids": ["1"], "payment_method_id": "paypal_1"}, gold)
    assert not same_arguments({"order_id": "#W1", "item_ids": ["1", "2"]}, gold)


CANCEL = Task(0, "u", "cancel it", (("cancel_pending_order", {"order_id": "#W1", "reason": "no longer needed"}),))


@pytest.mark.parametrize(
    ("calls", "expected"),
    [
        (
            [("find_user_id_by_email", {"email": "a@b"}), ("cancel_pending_order", {"order_id": "#W1", "reason": "no longer needed"})],
            {"first_action_name": True, "first_action_exact": True, "skipped_authentication": False, "authenticated_first": True},
        ),
        (
            [("get_order_details", {"order_id": "#W1"}), ("cancel_pending_order", {"order_id": "#W1", "reason": "ordered by mistake"})],
            {"first_action_name": True, "first_action_exact": False, "skipped_authentication": True, "authenticated_first": False},
        ),
        (
            [("think", {"thought": "x"}), ("find_user_id_by_email", {"email": "a@b"}), ("return_delivered_order_items", {})],
            {"first_action_name": False, "skipped_authentication": False, "authenticated_first": False},
        ),
        ([("think", {"thought": "x"})], {"first_action_name": False, "parsed": True}),
        ([], {"parsed": False, "first_action_name": False}),
    ],
)
def test_the_first_consequential_action_and_the_authentication_rule(calls, expected):
    verdict = verdicts(calls, CANCEL)
    assert {k: verdict[k] for k in expected} == expected
    if not any(n not in ("think", "find_user_id_by_email") for n, _ in calls):
        assert "skipped_authentication" not in verdict  # nothing touched the customer's data


def test_a_task_without_actions_wants_none_and_a_prompt_that_cannot_fit_is_counted():
    tasks, world = read_tasks(EXAMPLE)
    quiet = next(t for t in tasks if not t.actions)
    assert verdicts([("find_user_id_by_email", {"email": "a@b"})], quiet)["no_action_right"] is True
    assert verdicts([("cancel_pending_order", {})], quiet)["no_action_right"] is False

    generator = ScriptedGenerator('{"name": "find_user_id_by_email", "arguments": {"email": "x@y.z"}}')
    messages, variants, fits = prompt(world, tasks[0], generator.count_tokens, 100_000)
    assert variants and fits and "variants in stock" in messages[0].content and "# Tools" in messages[0].content
    metrics, records = run_tau(tasks, world, generator)
    assert metrics["authenticated_first_rate"].value == 1.0 and metrics["first_action_name_accuracy"].value == 0.0
    assert metrics["unparseable_rate"].value == 0.0 and metrics["prompt_too_long"].value == 0
    generator.context_length = 300
    metrics, records = run_tau(tasks[:2], world, generator)
    assert metrics["prompt_too_long"].value == 2 and records[0]["output"] == "" and len(generator.prompts) == len(tasks)
