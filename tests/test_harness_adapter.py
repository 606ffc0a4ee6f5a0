"""`eval run --adapter TASK=PATH`: each task's adapter under test reaches that task's replies and
model-level suites, `--adapter none` measures the base model, a malformed spec is refused with the
fix, and metrics.json records each adapter's checksum."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.config import ConfigError, LLMConfig, load_config, shipped_adapters
from eval.harness import with_adapters
from eval.provenance import adapters_of
from eval.runs import RunError
from eval.shopbench_suite import Item, run_shopbench


def test_an_adapter_replaces_its_tasks_none_removes_all_and_a_bad_spec_is_refused(tmp_path):
    config = load_config(overrides=["llm.shipped_adapters=false"])
    assert with_adapters(config, []).llm.adapter_paths() == {}
    added = with_adapters(config, [f"support={tmp_path / 'a.gguf'}"])
    assert added.llm.adapter_paths() == {"support": str(tmp_path / "a.gguf")}
    assert "support" in added.llm.adapter_paths() and "shopper" not in added.llm.adapter_paths()
    both = with_adapters(added, [f"support={tmp_path / 'b.gguf'}", f"shopper={tmp_path / 's'}"])  # a new path replaces the old one
    assert both.llm.adapter_paths() == {"support": str(tmp_path / "b.gguf"), "shopper": str(tmp_path / "s")}
    assert with_adapters(both, ["none"]).llm.adapter_paths() == {}
    assert with_adapters(load_config(), ["none"]).llm.adapter_paths() == {}  # the shipped ones too
    assert with_adapters(both, ["none", f"shopper={tmp_path / 's'}"]).llm.adapter_paths() == {"shopper": str(tmp_path / "s")}
    for spec in ("support", "bench=x.gguf"):
        with pytest.raises(RunError, match=f"--adapter {spec}: give TASK=PATH with a task of"):
            with_adapters(config, [spec])


def test_the_default_config_serves_the_shipped_adapters_and_refuses_a_name_that_is_no_task(tmp_path):
    shipped = shipped_adapters()
    assert load_config().llm.adapter_paths() == shipped and set(shipped) <= {"shopper", "support"}
    assert load_config(overrides=["llm.shipped_adapters=false"]).llm.adapter_paths() == {}
    assert load_config(overrides=["llm.backend=openai"]).llm.adapter_paths() == {}  # a server serves what it was given
    other = load_config(overrides=[f"llm.model={tmp_path / 'gemma.gguf'}", f'llm.adapters=["shopper={tmp_path}"]']).llm
    assert other.adapter_paths() == {"shopper": str(tmp_path)}  # the shipped ones were trained on the default model only
    mine = load_config(overrides=[f'llm.adapters=["shopper={tmp_path}"]']).llm
    assert mine.adapter_paths() == {**shipped, "shopper": str(tmp_path)}
    with pytest.raises(ConfigError, match='llm.adapters entries look like "task=path"'):
        LLMConfig(adapters=("bench=x.gguf",))


def test_the_run_records_each_adapters_checksum(tmp_path):
    (tmp_path / "peft").mkdir()
    (tmp_path / "peft" / "adapter_model.safetensors").write_bytes(b"weights")
    (tmp_path / "s.gguf").write_bytes(b"gguf")
    config = load_config()
    config = replace(config, llm=replace(config.llm, adapters=(f"shopper={tmp_path / 'peft'}", f"support={tmp_path / 's.gguf'}")))
    assert [(a["name"], len(a["sha256"])) for a in adapters_of(config)] == [("shopper", 16), ("support", 16)]
    assert adapters_of(with_adapters(config, [f"support={tmp_path / 'nowhere'}"]))[-1]["sha256"] is None


def test_model_level_suites_ask_through_the_adapter_under_test():
    seen = []

    class Recorder:
        name = "recorder"

        def generate(self, messages, params):
            seen.append(params.adapter)
            return "1"

    run_shopbench([Item("Which? 0. a 1. b", 1, "multiple-choice", "accuracy", "t", "x")], Recorder(), lambda texts: None, adapter="shopper")
    assert seen == ["shopper"]
