"""`eval run --adapter NAME[=PATH]`: the adapter under test reaches every reply and model-level
suite, a name that is not configured is refused with the fix, and metrics.json records each
adapter's checksum and which one was used."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.config import load_config
from eval.harness import _adapters, with_adapter
from eval.runs import RunError
from eval.shopbench_suite import Item, run_shopbench


def test_an_adapter_is_named_or_added_and_an_unknown_name_is_refused(tmp_path):
    config = load_config()
    assert with_adapter(config, None) is config
    added = with_adapter(config, f"support={tmp_path / 'a.gguf'}")
    assert added.assistant.adapter == "support" and added.llm.adapter_paths() == {"support": str(tmp_path / "a.gguf")}
    again = with_adapter(added, f"support={tmp_path / 'b.gguf'}")  # a new path replaces the old one
    assert again.llm.adapter_paths() == {"support": str(tmp_path / "b.gguf")}
    assert with_adapter(added, "support").llm.adapters == added.llm.adapters
    with pytest.raises(RunError, match="--adapter shopper: not in llm.adapters \\(support\\); give it as NAME=PATH"):
        with_adapter(added, "shopper")


def test_the_run_records_each_adapters_checksum_and_the_one_under_test(tmp_path):
    (tmp_path / "peft").mkdir()
    (tmp_path / "peft" / "adapter_model.safetensors").write_bytes(b"weights")
    (tmp_path / "s.gguf").write_bytes(b"gguf")
    config = load_config()
    config = replace(config, llm=replace(config.llm, adapters=(f"shopper={tmp_path / 'peft'}", f"support={tmp_path / 's.gguf'}")))
    found = _adapters(with_adapter(config, "support"))
    assert [(a["name"], a["used"], len(a["sha256"])) for a in found] == [("shopper", False, 16), ("support", True, 16)]
    assert _adapters(with_adapter(config, f"gone={tmp_path / 'nowhere'}"))[-1]["sha256"] is None


def test_model_level_suites_ask_through_the_adapter_under_test():
    seen = []

    class Recorder:
        name = "recorder"

        def generate(self, messages, params):
            seen.append(params.adapter)
            return "1"

    run_shopbench([Item("Which? 0. a 1. b", 1, "multiple-choice", "accuracy", "t", "x")], Recorder(), lambda texts: None, adapter="shopper")
    assert seen == ["shopper"]
