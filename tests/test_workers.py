"""`eval run --workers N`: cases asked at once come back in the cases' order with the same results
as one at a time, the first error stops the run, and a count below 1 is refused before any model
loads."""

from __future__ import annotations

import threading
import time

import pytest

from assistant.cli import main
from eval.harness import SUPPORT_EXAMPLES
from eval.tau_bench import read_tasks, run_tau
from eval.workers import in_order
from tests.fakes import ScriptedGenerator


def test_results_come_back_in_order_from_several_threads():
    seen = set()

    def slow(n: int) -> int:
        seen.add(threading.current_thread().name)
        time.sleep(0.02 * (5 - n % 5))  # later items finish first
        return n * n

    assert in_order(slow, range(10), workers=4) == [n * n for n in range(10)]
    assert len(seen) > 1 and in_order(slow, [3], workers=1) == [9]


def test_the_first_error_stops_the_run():
    def fails(n: int) -> int:
        if n == 3:
            raise ValueError("case 3 broke")
        return n

    with pytest.raises(ValueError, match="case 3 broke"):
        in_order(fails, range(6), workers=3)


def test_a_suite_scores_the_same_with_several_workers():
    tasks, world = read_tasks(SUPPORT_EXAMPLES[1])

    def reply(messages):
        user = messages[-1].content
        return '{"name": "find_user_id_by_email", "arguments": {"email": "a@b.c"}}' if "email" in user else "I cannot help."

    one = run_tau(tasks, world, ScriptedGenerator(reply))
    many = run_tau(tasks, world, ScriptedGenerator(reply), workers=3)
    strip = [{k: v for k, v in r.items() if k != "seconds"} for r in one[1]]
    assert strip == [{k: v for k, v in r.items() if k != "seconds"} for r in many[1]]
    assert {k: m.value for k, m in one[0].items() if "seconds" not in k} == {k: m.value for k, m in many[0].items() if "seconds" not in k}


def test_fewer_than_one_worker_is_refused_before_any_model_loads(capsys):
    assert main(["eval", "run", "--workers", "0"]) == 2
    assert "--workers 0: give 1 or more" in capsys.readouterr().err
