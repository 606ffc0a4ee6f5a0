"""The adapters the project ships (runtime/adapters/<task>/): complete, small, the GGUF the exact
export of the f16 weights beside it, with the data card, report and reproduce command, served by
default for their task and switched off by config."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.config import SHIPPED_ADAPTERS, TASKS, load_config, shipped_adapters
from runtime.base import GenerationParams, Message

FOLDERS = sorted(p for p in SHIPPED_ADAPTERS.iterdir() if p.is_dir()) if SHIPPED_ADAPTERS.is_dir() else []
FILES = (
    "adapter_config.json",
    "adapter_model.safetensors",
    "adapter.gguf",
    "card.json",
    "card.md",
    "report.json",
    "report.md",
    "README.md",
)
LIMIT = 8 * 1024 * 1024  # bytes an adapter the repository holds may take


def test_something_ships_and_every_folder_is_a_task_with_all_its_files():
    assert FOLDERS, "runtime/adapters/ holds no adapter; the README says which ship"
    for folder in FOLDERS:
        assert folder.name in TASKS, f"{folder.name}: not a task"
        missing = [name for name in FILES if not (folder / name).is_file()]
        assert not missing, f"{folder} lacks {missing}"
        assert sum(f.stat().st_size for f in folder.iterdir()) <= LIMIT, f"{folder} is over 8 MB"
    assert set(shipped_adapters()) == {f.name for f in FOLDERS}


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
def test_the_card_allows_shipping_and_the_readme_reproduces_it(folder):
    card, text = json.loads((folder / "card.json").read_text()), (folder / "card.md").read_text()
    assert card["shippable"] is True and card["task"] == folder.name, f"{folder}/card.json: data that may not ship"
    assert "May train an adapter the project ships: **yes**" in text
    readme = (folder / "README.md").read_text()
    assert "shopassist finetune build-data" in readme and f"shopassist finetune train --task {folder.name}" in readme
    report = json.loads((folder / "report.json").read_text())
    assert report["task"] == folder.name and report["dev_loss_adapter"] < report["dev_loss_base"]
    assert "/home/" not in readme + text + json.dumps(report) and "/work/" not in readme + text + json.dumps(report)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
def test_the_gguf_is_the_export_of_the_f16_weights(folder, tmp_path):
    import gguf
    from safetensors.numpy import load_file

    from runtime.gguf_lora import export_lora_gguf
    from runtime.model_files import default_gguf, gguf_hf_config

    assert {str(v.dtype) for v in load_file(folder / "adapter_model.safetensors").values()} == {"float16"}
    again = export_lora_gguf(folder, tmp_path / "again.gguf", gguf_hf_config(default_gguf()))
    shipped = {t.name: np.array(t.data) for t in gguf.GGUFReader(folder / "adapter.gguf").tensors}
    exported = {t.name: np.array(t.data) for t in gguf.GGUFReader(again).tensors}
    assert shipped.keys() == exported.keys() and len(shipped) > 0
    assert all(np.array_equal(shipped[name], exported[name]) for name in shipped)


@pytest.mark.slow
def test_the_default_llamacpp_model_serves_each_shipped_adapter_for_its_task(llama_cpp, llm_data_dir):
    from assistant.builders import build_generator

    data_dir = ["llm.context_length=2048", f"paths.data_dir={json.dumps(str(llm_data_dir))}", "llm.backend=llamacpp"]
    generator = build_generator(load_config(None, data_dir))
    assert set(generator.adapters) == {f.name for f in FOLDERS}
    messages = [Message("system", "You are a customer service agent."), Message("user", "I want to cancel order 5521, how?")]
    greedy = GenerationParams(max_new_tokens=24)
    base = generator.generate(messages, greedy)
    for task in generator.adapters:
        assert generator.generate(messages, GenerationParams(max_new_tokens=24, adapter=task)) != base, task
    off = build_generator(load_config(None, [*data_dir, "llm.shipped_adapters=false"]))
    assert off.adapters == () and off.generate(messages, greedy) == base


def test_folders_are_found_relative_to_the_package():
    assert SHIPPED_ADAPTERS == Path(__file__).resolve().parents[1] / "runtime" / "adapters"
