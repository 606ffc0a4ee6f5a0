"""`shopassist finetune build-data` and `shopassist finetune train`: the fine-tuning command line
(assistant/cli.py adds these parsers and hands the two commands here)."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from assistant.config import TASKS, TRAINING_DATA, Config


def add_commands(add, common: argparse.ArgumentParser) -> None:
    """The `finetune` command and its two steps, on the main parser's `add`."""
    finetune = add("finetune", help="LoRA fine-tuning: build the chat data sets, train an adapter")
    steps = finetune.add_subparsers(required=True, metavar="STEP")
    data = steps.add_parser(
        "build-data", parents=[common], help="chat-format JSONL per task (train/dev, by source record) with a data card"
    )
    data.add_argument("--task", choices=(*TASKS, "all"), default="all", help="which task's data (default: all)")
    data.add_argument("--out", type=Path, metavar="DIR", help="where <task>/train.jsonl etc. go (default: <data_dir>/finetune-data)")
    data.add_argument("--shippable", action="store_true", help="only sources whose license allows an adapter the project ships")
    data.add_argument("--max-tokens", type=int, metavar="N", help="drop examples longer than N tokens (default: train.max_length, 1024)")
    data.add_argument("--seed", type=int, default=0, help="wording and order choices (default 0)")
    data.add_argument(
        "--drafts", action="store_true", help="support: also agent-assist draft examples on the demo order book (finetune/assist_data.py)"
    )
    data.add_argument(
        "--agent-log", action="store_true", help="support: also the replies agents accepted or edited (the suggestion log), redacted"
    )
    data.set_defaults(run=build_data_command)
    train = steps.add_parser("train", parents=[common], help="train one task's LoRA adapter (settings: the config's [train] table)")
    train.add_argument("--task", choices=TASKS, required=True)
    train.add_argument("--fresh", action="store_true", help="discard this task's checkpoints instead of resuming from them")
    train.add_argument("--quiet", action="store_true", help="no progress bar")
    train.set_defaults(run=train_command)


def build_data_command(config: Config, args: argparse.Namespace) -> int:
    from transformers import AutoTokenizer

    from finetune import dataset
    from finetune.sources import build_sources
    from finetune.train import resolve_base

    max_tokens = args.max_tokens or config.train.max_length
    if max_tokens < 16:
        raise dataset.DataError(f"--max-tokens {max_tokens}: give at least 16")
    tasks = TASKS if args.task == "all" else (args.task,)
    out = args.out or Path(config.paths.data_dir) / TRAINING_DATA
    # the base's tokenizer first: a wrong train.base fails before the sources are read
    count = dataset.token_counter(AutoTokenizer.from_pretrained(resolve_base(config.train, config.paths.data_dir)))
    built, skipped = build_sources(
        config,
        tasks,
        args.shippable,
        count,
        max_tokens,
        progress=lambda text: print(text, flush=True),
        seed=args.seed,
        drafts=args.drafts,
        agent_log=args.agent_log,
    )
    for task in tasks:
        examples, card = dataset.assemble(task, built, count, max_tokens)
        card.skipped_sources = dict(skipped)
        dataset.write(out / task, examples, card)
        splits = {s: sum(e.split == s for e in examples) for s in ("train", "dev")}
        shippable = "may ship" if card.shippable else "experiments only"
        print(f"{task}: {splits['train']} train, {splits['dev']} dev examples -> {out / task} ({shippable}; see card.md)")
    for source, why in skipped.items():
        print(f"not read: {source} ({why})")
    return 0


def train_command(config: Config, args: argparse.Namespace) -> int:
    from finetune.train import train

    logging.getLogger("transformers").setLevel(logging.ERROR)
    figures = train(config.train, args.task, config.paths.data_dir, fresh=args.fresh, progress=not args.quiet)
    if not figures:  # not the main process of a launch
        return 0
    out = config.train.out_dir(config.paths.data_dir, args.task)
    print(
        json.dumps({k: figures[k] for k in ("steps", "tokens", "tokens_per_second", "train_seconds", "dev_loss_base", "dev_loss_adapter")})
    )
    print(f"adapter: {out} (report.md, loss.png; GGUF: {figures['gguf'] or 'not exported'})")
    print(f"measure it: shopassist eval run --adapter {args.task}={out}; serve it: --set 'llm.adapters=[\"{args.task}={out}\"]'")
    return 0
