"""The harness end to end with the real models on the indexed demo store, through the command an
evaluator runs: `shopassist eval run` writes the run folder, `eval compare` lines two runs up, and
the gate fails a run past its thresholds."""

from __future__ import annotations

import json

import pytest

from assistant.cli import main
from eval.harness import CASES_DIR, RunOptions, load_cases
from tests.conftest import demo_cli_options

pytestmark = pytest.mark.slow


def test_quick_takes_a_fixed_slice_and_limit_caps_each_file():
    (requests, requests_cases), (_, others), (_, adversarial) = load_cases(RunOptions(quick=True), "assistant")
    assert requests == CASES_DIR / "shopper_requests.jsonl"
    assert [c.id for c in requests_cases][:3] == ["req-001", "req-007", "req-013"] and len(others) == 4 and len(adversarial) == 8
    assert [len(cs) for _, cs in load_cases(RunOptions(limit=2), "assistant")] == [2, 2, 2]


def test_run_compare_and_gate_through_the_command_line(demo, llm_data_dir, tmp_path, capsys, llama_cpp):
    config, _, _ = demo
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        "\n".join(
            json.dumps(c)
            for c in [
                {"id": "fits", "turns": ["wireless headphones under $100"], "expect": {"price_max": 100, "should_abstain": False}},
                {"id": "none", "turns": ["a laptop for $5 to $10"], "expect": {"price_min": 5, "should_abstain": True}},
            ]
        )
        + "\n"
    )
    options = demo_cli_options(config.paths.data_dir, tmp_path / "profiles.sqlite")
    args = ["eval", "run", "--data", str(cases), "--repeat", "1", "--quiet"]
    assert main([*options, *args, "--out", str(tmp_path / "a")]) == 0
    metrics = json.loads((tmp_path / "a" / "metrics.json").read_text())
    assistant = metrics["suites"]["assistant"]
    assert assistant["constraint_violation_rate"]["value"] == 0.0 and assistant["abstention_accuracy"] == {
        "value": 1.0,
        "n": 2,
        "unit": "rate",
        "lower_is_better": False,
    }
    assert metrics["model"]["file"].endswith(".gguf") and len(metrics["model"]["sha256"]) == 16
    assert metrics["data"][0]["cases"] == 2 and assistant["consistency"]["n"] == 1
    lines = [json.loads(line) for line in (tmp_path / "a" / "cases.jsonl").read_text().splitlines()]
    assert [c["id"] for c in lines] == ["fits", "none"] and lines[1]["verdicts"]["abstained"] is True
    assert (tmp_path / "a" / "report.md").exists() and (tmp_path / "a" / "assistant_metrics.png").exists()

    (tmp_path / "strict.toml").write_text("[assistant]\nturn_latency_p50 = { max = 0.001 }\n")
    assert (
        main([*options, *args, "--out", str(tmp_path / "b"), "--baseline", str(tmp_path / "a"), "--gate", str(tmp_path / "strict.toml")])
        == 1
    )
    assert "gate: FAILED (1)" in capsys.readouterr().err
    assert main(["eval", "compare", str(tmp_path / "a"), str(tmp_path / "b")]) == 0
    assert "abstention_accuracy" in capsys.readouterr().out


def test_a_bad_case_file_is_refused_before_any_model_loads(tmp_path, capsys):
    (tmp_path / "bad.jsonl").write_text('{"id": "a", "turns": ["x"], "expect": {"price_max": "cheap"}}\n')
    assert main(["eval", "run", "--data", str(tmp_path / "bad.jsonl")]) == 2
    assert 'line 1 (a): expect.price_max must be a number or null, got "cheap"' in capsys.readouterr().err


def test_a_catalog_the_harness_cannot_open_is_refused_before_any_model_loads(tmp_path, capsys):
    (tmp_path / "cases.jsonl").write_text('{"id": "a", "turns": ["x"], "catalog": "mystore"}\n')
    assert main(["eval", "run", "--data", str(tmp_path / "cases.jsonl")]) == 2
    assert "case a (line 1): catalog 'mystore': not the configured catalog and no packaged mapping; use one of" in capsys.readouterr().err
