"""finetune/train.py on a tiny random Llama: only LoRA parameters move, the loss is on the target
alone, the saved adapter gives the trained model's outputs, runs resume, and the launcher path works."""

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.config import ConfigError, TrainConfig
from finetune import dataset
from finetune.dataset import Card
from finetune.examples import Example
from finetune.train import as_rows, plan_steps, prepare, train
from runtime.base import Message
from tests.tiny_models import tiny_llama

ROOT = Path(__file__).resolve().parent.parent


def write_data(folder: Path, n: int = 24) -> Path:
    examples = [
        Example(
            "support",
            "reply",
            "bitext",
            f"g{i}",
            "dev" if i % 6 == 0 else "train",
            (
                Message("system", "hello world"),
                Message("user", f"cheap red shoes under w{i} dollars"),
                Message("assistant", f"yes the red shoe w{i}"),
            ),
        )
        for i in range(n)
    ]
    dataset.write(folder, examples, Card("support"))
    return folder


@pytest.fixture
def setup(tmp_path) -> TrainConfig:
    base = tiny_llama(tmp_path / "base")
    data = write_data(tmp_path / "data")
    return TrainConfig(
        base=str(base),
        data=str(data),
        out=str(tmp_path / "out"),
        token_budget=0,
        epochs=1.0,
        learning_rate=1e-2,
        save_steps=2,
    )


def test_plan_steps_spends_the_token_budget_within_the_epochs():
    config = TrainConfig(batch_size=4, token_budget=4000, epochs=1.0)
    assert plan_steps([100] * 400, config) == 10  # 4000 tokens / (100 tokens x 4 examples)
    assert plan_steps([100] * 20, config) == 5  # no more than one pass over 20 examples
    assert plan_steps([100] * 400, replace(config, token_budget=0, epochs=0.5)) == 50
    assert plan_steps([100] * 400, config, processes=2) == 5


def test_one_step_changes_only_lora_parameters(setup, tmp_path):
    run = prepare(replace(setup, epochs=0.2, warmup_ratio=0.0), "support", str(tmp_path), progress=False)  # 1 step: 4 of the 20 examples
    model = run.trainer.model
    before = {name: p.detach().clone() for name, p in model.named_parameters()}
    run.trainer.train()
    assert run.trainer.state.global_step == 1
    changed = {name for name, p in model.named_parameters() if not p.detach().equal(before[name])}
    trainable = {name for name, p in model.named_parameters() if p.requires_grad}
    assert changed and changed <= trainable and all("lora_" in name for name in trainable)
    assert {n for n in changed if "lora_B" in n} == {n for n in trainable if "lora_B" in n}  # B starts at 0 and moves


def test_the_loss_is_on_the_target_and_its_end_of_turn_only(setup, tmp_path):
    run = prepare(setup, "support", str(tmp_path), progress=False)
    trainer, tokenizer = run.trainer, run.trainer.processing_class
    row = trainer.train_dataset[0]
    batch = trainer.data_collator([row])
    labels = batch["labels"][0]
    trained = labels[labels != -100].tolist()
    assert trained == tokenizer.convert_tokens_to_ids(["yes", "the", "red", "shoe", "w1", "<|im_end|>"])
    assert as_rows(dataset.read(Path(setup.data) / "train.jsonl"))[0]["completion"] == [
        {"role": "assistant", "content": "yes the red shoe w1"}
    ]


def test_the_saved_adapter_gives_the_trained_models_outputs_and_a_report(setup, tmp_path):
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    from finetune.train import _save_adapter

    run = prepare(setup, "support", str(tmp_path), progress=False)
    run.trainer.train()
    ids = torch.tensor([[1, 4, 5, 9, 10, 2]])
    trained = run.trainer.model.eval()
    with torch.no_grad():
        expected = trained(input_ids=ids).logits
        with trained.disable_adapter():
            plain = trained(input_ids=ids).logits
    assert not torch.allclose(expected, plain, atol=1e-3)  # the adapter does something
    _save_adapter(trained, tmp_path / "saved")
    loaded = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(setup.base), tmp_path / "saved").eval()
    with torch.no_grad():
        assert torch.allclose(loaded(input_ids=ids).logits, expected, atol=1e-2)  # the f16 file, the trained model's outputs

    out = tmp_path / "whole"
    figures = train(replace(setup, out=str(out)), "support", str(tmp_path), progress=False)
    assert {"adapter_config.json", "adapter_model.safetensors", "adapter.gguf", "report.md", "report.json", "loss.png"} <= {
        p.name for p in out.iterdir()
    }
    assert figures["steps"] == 5 and figures["tokens"] > 0 and figures["dev_loss_adapter"] < figures["dev_loss_base"]
    assert "| dev loss, base / adapter (4 dev examples) |" in (out / "report.md").read_text()


def test_an_interrupted_run_resumes_and_other_settings_are_refused(setup, tmp_path):
    from transformers import TrainerCallback

    class StopAtTwo(TrainerCallback):
        def on_step_end(self, args, state, control, **kwargs):
            control.should_training_stop = state.global_step == 2

    run = prepare(setup, "support", str(tmp_path), progress=False)  # save_steps=2: checkpoint-2
    run.trainer.add_callback(StopAtTwo())
    run.trainer.train()
    assert run.trainer.state.global_step == 2
    resumed = train(setup, "support", str(tmp_path), progress=False)
    assert resumed["resumed_from"].endswith("checkpoint-2") and resumed["steps"] == 5 and resumed["steps_this_session"] == 3
    assert resumed["tokens"] == 3 * 4 * 22  # this session's three steps of 4 examples of 22 tokens, not the whole run's
    assert train(replace(setup, eval_examples=2), "support", str(tmp_path), progress=False)["steps_this_session"] == 0
    with pytest.raises(ConfigError, match=r"checkpoints of a run with other settings \(learning_rate\); pass --fresh"):
        train(replace(setup, learning_rate=1e-3), "support", str(tmp_path), progress=False)
    fresh = train(replace(setup, learning_rate=1e-3), "support", str(tmp_path), fresh=True, progress=False)
    assert fresh["resumed_from"] is None and fresh["steps_this_session"] == 5


def test_data_of_another_task_is_refused(setup, tmp_path):
    from finetune.examples import DataError

    with pytest.raises(DataError, match="has no 'shopper' examples; build them with `shopassist finetune build-data --task shopper`"):
        prepare(setup, "shopper", str(tmp_path), progress=False)


@pytest.mark.slow
def test_accelerate_launch_runs_the_same_command(setup, tmp_path):
    """The multi-process path (DDP under `accelerate launch`), wired on one CPU process."""
    launcher = Path(sys.executable).with_name("accelerate")
    sets = [f"train.{k}={json.dumps(v)}" for k, v in (("base", setup.base), ("data", setup.data), ("out", setup.out))]
    sets += ["train.token_budget=0", "train.learning_rate=0.01"]
    command = [str(launcher), "launch", "--cpu", "--num_processes", "1", "--num_machines", "1", "--mixed_precision", "no"]
    command += ["--dynamo_backend", "no", "-m", "assistant.cli", "finetune", "train", "--task", "support", "--quiet"]
    command += [part for value in sets for part in ("--set", value)]
    env = os.environ | {"HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, check=False, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads((Path(setup.out) / "report.json").read_text())
    assert report["processes"] == 1 and report["steps"] == 5 and (Path(setup.out) / "adapter.gguf").is_file()


def test_qlora_trains_lora_over_a_4bit_base_on_cpu(tmp_path):
    """The GPU path (nf4 base, prepare_model_for_kbit_training), as far as bitsandbytes runs it on a CPU."""
    import bitsandbytes as bnb

    base = tiny_llama(tmp_path / "base", hidden_size=64)  # 4-bit blocks need rows of 64
    config = TrainConfig(
        base=str(base),
        data=str(write_data(tmp_path / "data")),
        out=str(tmp_path / "out"),
        token_budget=0,
        quantization="4bit",
        warmup_ratio=0.0,
    )
    run = prepare(config, "support", str(tmp_path), progress=False)
    layers = [m for m in run.trainer.model.modules() if isinstance(m, bnb.nn.Linear4bit)]
    assert len(layers) == 2 * 7  # every Linear of both blocks is nf4
    assert all("lora_" in n for n, p in run.trainer.model.named_parameters() if p.requires_grad)
    run.trainer.train()
    assert run.trainer.state.global_step == 5 and all(e["loss"] > 0 for e in run.trainer.state.log_history if "loss" in e)
