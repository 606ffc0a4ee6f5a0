"""The latency suite: query files in four formats, warm-up left out, a p50/p95 per stage and per
intent, and which files each suite reads."""

from __future__ import annotations

import json

import pytest

from eval.cases import CaseError
from eval.harness import CASES_DIR, RunOptions, data_files
from eval.latency_suite import WARM_UP, raw_comparison, raw_llama, read_queries, run_latency
from runtime.base import Message
from runtime.model_files import default_gguf
from tests.test_pipeline import make, parts  # noqa: F401 - the fixture


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("goals.json", json.dumps(["red mugs", "  red   mugs ", "a kettle"])),
        ("query.csv", "query_id\tquery\tquery_class\n0\tred mugs\tMugs\n1\ta kettle\tKettles\n"),
        ("cases.jsonl", '{"id": "a", "turns": ["red mugs", "cheaper"]}\n{"id": "b", "turns": ["a kettle"]}\n'),
        ("queries.txt", "red mugs\n\na kettle\n"),
    ],
)
def test_query_files_of_each_format_read_the_same(tmp_path, name, content):
    (tmp_path / name).write_text(content, encoding="utf-8")
    assert read_queries(tmp_path / name) == ["red mugs", "a kettle"]  # spaces collapsed, repeats once


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("q.json", '{"q": 1}', "must be a list of strings"),
        ("q.json", "[1,", "not JSON"),
        ("q.csv", "id,text\n1,mugs\n", "needs a 'query' column"),
        ("q.txt", "\n\n", "no queries"),
    ],
)
def test_a_query_file_that_cannot_be_read_is_refused(tmp_path, name, content, message):
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(CaseError, match=message):
        read_queries(tmp_path / name)


def test_each_stage_and_intent_gets_a_median_and_p95_after_warm_up(parts):  # noqa: F811
    assistant, _ = make(parts)
    queries = ["headphones under $100", "what is your return policy?", "a mug", "headphones", "hello there", "cheap headphones"]
    metrics, laps, records = run_latency(queries, assistant)
    assert len(records) == len(queries) - WARM_UP and len(laps["turn (all)"]) == 3
    assert {f"{stage}_p50" for stage in ("understand", "profile", "plan", "generate", "ground", "render")} <= set(metrics)
    assert metrics["turn_all_p95"].n == 3 and metrics["turn_all_p95"].value >= metrics["turn_all_p50"].value >= 0
    assert {r["intent"] for r in records} == {"recommend", "chit_chat"} and "turn_recommend_p50" in metrics
    assert metrics["first_piece_p50"].n == metrics["turn_model_asked_p50"].n >= 1  # turns that asked the model
    asked = [r for r in records if "prompt_tokens" in r]  # the reply prompt's length, as the model reads it
    assert len(asked) == metrics["prompt_tokens_p50"].n == metrics["first_piece_p50"].n and metrics["prompt_tokens_p50"].unit == "tokens"
    assert all(r["prompt_tokens"] > 10 for r in asked) and metrics["prompt_tokens_p95"].value >= metrics["prompt_tokens_p50"].value
    assert "raw_completion_p50" not in metrics and assistant.generator.name == "scripted"  # no raw library for a scripted model


def test_the_pipeline_is_compared_with_the_raw_library_by_medians():
    laps = {"first piece": [1.0, 2.0, 3.0], "turn (model asked)": [4.0, 6.0, 8.0]}
    metrics = raw_comparison(laps, {"first piece": [0.5, 1.0, 1.5], "completion": [2.0, 3.0, 4.0]}, 3)
    assert metrics["first_piece_over_raw"].value == 2.0 and metrics["turn_over_raw"].value == 2.0
    assert metrics["raw_completion_p95"].value == 4.0 and metrics["turn_over_raw"].unit == "ratio"
    assert laps["raw completion"] == [2.0, 3.0, 4.0]  # plotted beside the pipeline's stages
    assert "raw_first_piece_kept_over_cold" not in metrics  # no cold replay given
    cold = {
        "first piece": [0.5, 1.0, 1.5],
        "completion": [2.0, 3.0, 4.0],
        "cold first piece": [1.0, 2.0, 3.0],
        "cold completion": [3.0] * 3,
    }
    metrics = raw_comparison(laps, cold, 3)
    assert metrics["raw_first_piece_kept_over_cold"].value == 0.5 and metrics["raw_cold_first_piece_p50"].value == 2.0


@pytest.mark.slow
def test_the_raw_library_answers_the_recorded_prompts_with_their_adapters_kept_or_cold(llama_cpp):
    from assistant.config import SHIPPED_ADAPTERS

    preamble = "You are a shop's assistant. Answer briefly, in one short sentence, and name no prices at all. " * 6
    turns = [
        [([Message("system", preamble), Message("user", "Say hello.")], 4, None)],
        [([Message("user", "Pick: a or b?")], 2, None), ([Message("system", preamble), Message("user", "Name a fruit.")], 4, "shopper")],
        [([Message("system", preamble), Message("user", "Name a colour.")], 4, "shopper")],
    ]
    files = {"shopper": SHIPPED_ADAPTERS / "shopper" / "adapter.gguf"}
    kept, cold = (raw_llama(default_gguf(), turns, 1024, 2, files, cold=flag) for flag in (False, True))
    for timed in (kept, cold):
        assert [len(v) for v in timed.values()] == [3, 3]  # a time per turn, its calls one after another
        assert all(0 < first <= whole for first, whole in zip(timed["first piece"], timed["completion"], strict=True))
    with pytest.raises(KeyError):  # a call naming an adapter the generator did not have
        raw_llama(default_gguf(), turns, 1024, 2, {})


def test_each_suite_reads_its_own_data_or_the_shared_files():
    mine = RunOptions(data=("latency=q.txt", "cases.jsonl"))
    assert [p.name for p in data_files(mine, "latency")] == ["q.txt"] and [p.name for p in data_files(mine, "assistant")] == ["cases.jsonl"]
    assert [p.name for p in data_files(RunOptions(), "assistant")] == [
        "shopper_requests.jsonl",
        "other_intents.jsonl",
        "demo_adversarial.jsonl",
        "injection_planted.jsonl",
    ]
    assert data_files(RunOptions(), "latency", None)[0].name in ("human_goals.json", "shopper_requests.jsonl")
    assert CASES_DIR.is_dir()
