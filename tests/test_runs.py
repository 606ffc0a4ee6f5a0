"""Run folders, comparing runs and the gate: what is written, what differs, and what fails."""

from __future__ import annotations

import json

import pytest

from eval.assistant_suite import Metric, SuiteRun
from eval.runs import RunError, compare, gate, load_run, read_thresholds, write_run


def suite(violations: float | None, recall: float = 1.0, p50: float = 2.0) -> SuiteRun:
    metrics = {
        "constraint_violation_rate": Metric(violations, 10, "rate", True),
        "abstention_recall": Metric(recall, 5),
        "turn_latency_p50": Metric(p50, 12, "seconds", True),
    }
    return SuiteRun("assistant", metrics, [{"id": "c1", "verdicts": {"fitting": 2}}], {"turn (recommend)": [1.0, 2.0, 3.0]})


def test_a_run_folder_holds_metrics_cases_report_and_plots(tmp_path):
    report = write_run(tmp_path / "run", [suite(0.0)], {"wall_s": 3.5, "git_commit": "abc"})
    metrics = load_run(tmp_path / "run")
    assert metrics["suites"]["assistant"]["constraint_violation_rate"] == {"value": 0.0, "n": 10, "unit": "rate", "lower_is_better": True}
    assert metrics["wall_s"] == 3.5
    cases = [json.loads(line) for line in (tmp_path / "run" / "cases.jsonl").read_text().splitlines()]
    assert cases == [{"suite": "assistant", "id": "c1", "verdicts": {"fitting": 2}}]
    text = report.read_text()
    assert "| constraint_violation_rate | 0.000 | 10 |" in text and "| turn_latency_p50 | 2.00 s | 12 |" in text
    for plot in ("assistant_metrics.png", "assistant_latency.png"):
        assert (tmp_path / "run" / plot).read_bytes()[:4] == b"\x89PNG" and f"]({plot})" in text


def test_a_table_named_after_a_mapping_file_gets_its_plots(tmp_path):
    named = SuiteRun("assistant[planted, injected_store/mapping.toml]", suite(0.0).metrics, [], {"turn": [1.0]})
    write_run(tmp_path / "run", [named], {})
    assert (tmp_path / "run" / "assistant[planted, injected_store_mapping.toml]_metrics.png").exists()


def test_the_report_shows_the_baseline_and_the_change(tmp_path):
    write_run(tmp_path / "a", [suite(0.1)], {})
    report = write_run(tmp_path / "b", [suite(0.0)], {}, baseline=load_run(tmp_path / "a"))
    assert "| constraint_violation_rate | 0.000 | 10 | 0.100 | -0.100 |" in report.read_text()


def test_compare_says_better_or_worse_by_each_metrics_direction(tmp_path):
    write_run(tmp_path / "a", [suite(0.1, recall=0.9, p50=2.0)], {})
    write_run(tmp_path / "b", [suite(0.0, recall=0.8, p50=2.0)], {})
    rows = {name: (diff, verdict) for _, name, _, _, diff, verdict in compare(load_run(tmp_path / "a"), load_run(tmp_path / "b"))}
    assert rows["constraint_violation_rate"] == (pytest.approx(-0.1), "better")
    assert rows["abstention_recall"] == (pytest.approx(-0.1), "worse")
    assert rows["turn_latency_p50"] == (0.0, "same")


def test_the_gate_fails_past_a_threshold_and_on_what_was_not_measured(tmp_path):
    (tmp_path / "gate.toml").write_text("[assistant]\nconstraint_violation_rate = { max = 0.0 }\nabstention_recall = { min = 0.95 }\n")
    thresholds = read_thresholds(tmp_path / "gate.toml")
    write_run(tmp_path / "ok", [suite(0.0)], {})
    write_run(tmp_path / "bad", [suite(0.2, recall=0.5)], {})
    write_run(tmp_path / "unmeasured", [suite(None)], {})
    assert gate(load_run(tmp_path / "ok"), thresholds) == []
    assert gate(load_run(tmp_path / "bad"), thresholds) == [
        "assistant.constraint_violation_rate = 0.2 is above its maximum 0.0",
        "assistant.abstention_recall = 0.5 is below its minimum 0.95",
    ]
    assert gate(load_run(tmp_path / "unmeasured"), thresholds) == ["assistant.constraint_violation_rate: not measured in this run"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[assistant\n", "not valid TOML"),
        ("assistant = 3\n", "[assistant] must be a table"),
        ("[assistant]\nx = 0.5\n", "assistant.x must be { max = NUMBER }"),
        ("[assistant]\nx = { most = 1 }\n", "assistant.x must be { max = NUMBER }"),
        ('[assistant]\nx = { max = "0" }\n', "the bounds must be numbers"),
    ],
)
def test_a_bad_thresholds_file_is_refused(tmp_path, text, message):
    (tmp_path / "gate.toml").write_text(text)
    with pytest.raises(RunError, match=message.replace("[", r"\[").replace("{", r"\{")):
        read_thresholds(tmp_path / "gate.toml")


def test_a_folder_that_is_no_run_is_refused(tmp_path):
    with pytest.raises(RunError, match="no metrics.json"):
        load_run(tmp_path)
    (tmp_path / "metrics.json").write_text("{}")
    with pytest.raises(RunError, match="no 'suites' object"):
        load_run(tmp_path)
