"""LoRA training of one task's adapter with TRL's SFTTrainer, loss on the assistant's target only.

Top to bottom: the base (a GGUF is trained in its dequantized form, so the adapter fits the weights
llama.cpp serves) -> the examples as prompt/completion chats (TRL masks the prompt) -> peft LoRA
(QLoRA: a 4-bit nf4 base with `prepare_model_for_kbit_training`) -> the dev loss of the base -> train
under a token budget, checkpointing so an interrupted run resumes -> the dev loss of the adapter ->
the adapter in f16 safetensors, its llama.cpp GGUF, and the report (`finetune.report`).

The same code runs under `accelerate launch` (several processes, DDP): the Trainer reads the
launcher's environment, and only the main process writes the adapter and the report.
"""

from __future__ import annotations

import json
import logging
import math
import random
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.config import ConfigError, TrainConfig
from finetune import dataset
from finetune.examples import DataError, Example
from runtime.base import as_dicts

log = logging.getLogger(__name__)
CHANGEABLE_ON_RESUME = ("eval_examples", "save_steps")  # settings that do not change what is trained


def resolve_base(config: TrainConfig, data_root: str) -> Path:
    """The Hugging Face folder to train on: the configured folder, or a GGUF's dequantized cache."""
    from runtime.model_files import default_gguf, dequantized_cache

    if not config.base or config.base.endswith(".gguf"):
        return dequantized_cache(Path(config.base) if config.base else default_gguf(), Path(data_root) / "models")
    base = Path(config.base)
    if not (base / "config.json").is_file():
        raise ConfigError(f"train.base {base} is neither a GGUF file nor a model folder with config.json")
    return base


def as_rows(examples: list[Example]) -> list[dict]:
    """TRL's conversational prompt/completion form: the completion is the target alone, so only it is trained on."""
    return [{"prompt": as_dicts(e.messages[:-1]), "completion": as_dicts(e.messages[-1:])} for e in examples]


def plan_steps(lengths: list[int], config: TrainConfig, processes: int = 1) -> int:
    """Optimizer steps that spend about `token_budget` tokens (at most `epochs` passes), or `epochs` passes."""
    per_step = config.batch_size * config.grad_accum * processes
    epoch_steps = math.ceil(len(lengths) / per_step)
    most = max(1, math.floor(epoch_steps * config.epochs))
    if not config.token_budget:
        return most
    mean = sum(lengths) / len(lengths)
    return max(1, min(most, round(config.token_budget / (mean * per_step))))


@dataclass
class Run:
    """A trainer ready to start, and what the report says about its setup."""

    trainer: object  # trl.SFTTrainer
    base: Path
    data_dir: Path
    out: Path
    checkpoint: Path | None  # the checkpoint it resumes from
    figures: dict


def prepare(config: TrainConfig, task: str, data_root: str, fresh: bool = False, progress: bool = True) -> Run:
    """The base, the examples, LoRA and the SFTTrainer for `task`'s adapter, nothing trained yet.

    Under `accelerate launch` every process runs this; the main one converts the base and tidies the
    checkpoints first, the others wait for it."""
    import torch
    from accelerate import PartialState
    from datasets import Dataset
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import SFTConfig, SFTTrainer

    state = PartialState()
    data_dir, out = config.data_dir(data_root, task), config.out_dir(data_root, task)
    train_examples = _task_examples(dataset.read(data_dir / "train.jsonl"), task, data_dir / "train.jsonl")
    dev_path = data_dir / "dev.jsonl"
    dev_examples = _task_examples(dataset.read(dev_path), task, dev_path) if dev_path.is_file() and config.eval_examples else []
    if len(dev_examples) > config.eval_examples:  # a seeded sample across sources and kinds, not the file's first rows
        dev_examples = random.Random(config.seed).sample(dev_examples, config.eval_examples)
    with state.main_process_first():
        base = resolve_base(config, data_root)
        checkpoint = _checkpoints(out / "checkpoints", config, fresh and state.is_main_process)

    torch.manual_seed(config.seed)
    device = "cuda" if config.device == "auto" and torch.cuda.is_available() else ("cpu" if config.device == "auto" else config.device)
    tokenizer = AutoTokenizer.from_pretrained(base)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = _load_model(AutoModelForCausalLM, base, config, device, state.local_process_index)
    count = dataset.token_counter(tokenizer)
    steps = plan_steps([count(e.messages) for e in train_examples], config, state.num_processes)
    args = SFTConfig(
        output_dir=str(out / "checkpoints"),
        per_device_train_batch_size=config.batch_size,
        per_device_eval_batch_size=config.batch_size,
        gradient_accumulation_steps=config.grad_accum,
        learning_rate=config.learning_rate,
        weight_decay=config.weight_decay,
        lr_scheduler_type=config.scheduler,
        warmup_steps=config.warmup_ratio,
        max_steps=steps,
        logging_steps=1,
        save_steps=config.save_steps,
        save_total_limit=2,
        seed=config.seed,
        data_seed=config.seed,
        max_length=config.max_length,
        completion_only_loss=True,
        use_cpu=device == "cpu",
        bf16=device.startswith("cuda") and torch.cuda.is_bf16_supported(),
        report_to=[],
        disable_tqdm=not progress,
        dataloader_num_workers=0,
    )
    lora = LoraConfig(
        r=config.r,
        lora_alpha=config.alpha,
        lora_dropout=config.dropout,
        target_modules=list(config.targets),
        bias="none",
        task_type="CAUSAL_LM",
    )
    trainer = SFTTrainer(
        model=model,
        args=args,
        train_dataset=Dataset.from_list(as_rows(train_examples)),
        eval_dataset=Dataset.from_list(as_rows(dev_examples)) if dev_examples else None,
        processing_class=tokenizer,
        peft_config=lora,
    )
    figures = {
        "task": task,
        "base": str(base),
        "device": device,
        "quantization": config.quantization,
        "processes": state.num_processes,
        "train_examples": len(train_examples),
        "dev_examples_scored": len(dev_examples),
        "planned_steps": steps,
        "resumed_from": str(checkpoint) if checkpoint else None,
        "config": asdict(config),
    }
    return Run(trainer, base, data_dir, out, checkpoint, figures)


def train(config: TrainConfig, task: str, data_root: str, fresh: bool = False, progress: bool = True) -> dict:
    """Train the task's adapter; returns the report's figures (also written beside the adapter)."""
    from accelerate import PartialState

    began = time.perf_counter()
    run = prepare(config, task, data_root, fresh, progress)
    trainer, figures = run.trainer, run.figures
    scored = figures["dev_examples_scored"]
    figures["dev_loss_base"] = _base_dev_loss(trainer) if scored else None
    trained_at = time.perf_counter()
    trainer.train(resume_from_checkpoint=str(run.checkpoint) if run.checkpoint else None)
    train_s = time.perf_counter() - trained_at
    figures["dev_loss_adapter"] = trainer.evaluate()["eval_loss"] if scored else None
    if not PartialState().is_main_process:
        return {}
    start = _step(run.checkpoint) if run.checkpoint else 0
    tokens = _logged(trainer, "num_tokens", after_step=start)  # TRL counts from 0 in each session
    figures |= {
        "steps": trainer.state.global_step,
        "steps_this_session": trainer.state.global_step - start,
        "tokens": tokens,
        "train_seconds": round(train_s, 1),
        "tokens_per_second": round(tokens / train_s, 1) if tokens and train_s else None,
    }
    _save_adapter(trainer.model, run.out)
    figures["gguf"] = _export(run.out, run.base)
    figures["wall_seconds"] = round(time.perf_counter() - began, 1)
    from finetune.report import write_report

    write_report(run.out, figures, trainer.state.log_history, run.data_dir / "card.md")
    return figures


def _base_dev_loss(trainer) -> float:
    """The dev loss with the adapter switched off: the base model's, also when resuming a half-trained adapter."""
    with trainer.model.disable_adapter():
        return trainer.evaluate()["eval_loss"]


def _task_examples(examples: list[Example], task: str, path: Path) -> list[Example]:
    mine = [e for e in examples if e.task == task]
    if not mine:
        raise DataError(f"{path} has no {task!r} examples; build them with `shopassist finetune build-data --task {task}`")
    return mine


def _load_model(auto, base: Path, config: TrainConfig, device: str, process: int):
    import torch

    if config.quantization == "4bit":
        from peft import prepare_model_for_kbit_training
        from transformers import BitsAndBytesConfig

        quantization = BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=torch.bfloat16 if device.startswith("cuda") else torch.float32,
        )
        # each process's copy on its own GPU (DDP); "cpu" on a CPU
        model = auto.from_pretrained(
            base, quantization_config=quantization, device_map={"": process} if device.startswith("cuda") else device
        )
        return prepare_model_for_kbit_training(model, use_gradient_checkpointing=device.startswith("cuda"))
    dtype = torch.bfloat16 if device.startswith("cuda") and torch.cuda.is_bf16_supported() else torch.float32
    return auto.from_pretrained(base, dtype=dtype)


def _checkpoints(folder: Path, config: TrainConfig, fresh: bool) -> Path | None:
    """The last checkpoint to resume from, or None for a fresh start. Checkpoints made with other
    settings are an error: resuming them (a longer budget included, which reshapes the learning-rate
    schedule) would train something neither config describes. Only the main process (`fresh`) deletes."""
    saved = folder / "train_config.json"
    if fresh:
        shutil.rmtree(folder, ignore_errors=True)
    found = sorted(folder.glob("checkpoint-*"), key=_step) if folder.is_dir() else []
    now = {k: v for k, v in json.loads(json.dumps(asdict(config))).items() if k not in CHANGEABLE_ON_RESUME}
    if found and saved.is_file():
        before = json.loads(saved.read_text())
        changed = sorted(k for k in now if before.get(k) != now[k])
        if changed:
            raise ConfigError(f"{folder} holds checkpoints of a run with other settings ({', '.join(changed)}); pass --fresh to start over")
    folder.mkdir(parents=True, exist_ok=True)
    if not saved.is_file() or not found:
        saved.write_text(json.dumps(now, indent=2) + "\n")
    return found[-1] if found else None


def _step(checkpoint: Path) -> int:
    """The optimizer step a Trainer checkpoint folder (`checkpoint-<step>`) was saved at."""
    return int(checkpoint.name.rsplit("-", 1)[1])


def _logged(trainer, key: str, after_step: int = 0):
    values = [entry[key] for entry in trainer.state.log_history if key in entry and entry.get("step", 0) > after_step]
    return int(values[-1]) if values else None


def _save_adapter(model, out: Path) -> None:
    """adapter_config.json and adapter_model.safetensors in f16 (half the size; exported to GGUF as f32)."""
    from safetensors.torch import load_file, save_file

    model.save_pretrained(out)
    (out / "README.md").unlink(missing_ok=True)  # peft's empty model card; report.md is this adapter's
    weights = out / "adapter_model.safetensors"
    save_file({k: v.half().contiguous() for k, v in load_file(weights).items()}, weights, metadata={"format": "pt"})


def _export(out: Path, base: Path) -> str | None:
    """The adapter as a llama.cpp LoRA GGUF beside it; None (logged) when the base cannot be exported."""
    from runtime.gguf_lora import ExportError, export_lora_gguf

    try:
        return str(export_lora_gguf(out, out / "adapter.gguf", json.loads((base / "config.json").read_text())))
    except ExportError as exc:
        log.warning("the adapter was not exported to GGUF: %s", exc)
        return None
