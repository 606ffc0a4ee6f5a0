"""Which sources a data build reads and where they are: the configured catalog (the demo store by
default) for the shopper task, and the ../shared data sets when they are present — SubjQA for the
shopper task, Bitext, τ-bench retail and ABCD for the support task. A source that is absent is
skipped with the reason, which the data card repeats; `shippable_only` leaves out every source
whose license does not allow a shipped adapter.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from assistant.config import Config
from eval.tau_bench import NEW_TOKENS
from finetune import assist_data, shopper_data, support_data
from finetune.examples import SOURCES, Built
from runtime.base import Message

SUBJQA = {"train": ("reviews/subjqa/electronics_train.csv", "reviews/subjqa/grocery_train.csv")}
SUBJQA["dev"] = ("reviews/subjqa/electronics_dev.csv", "reviews/subjqa/grocery_dev.csv")
BITEXT = "support/bitext/train.csv"
TAU_BENCH = "support/tau-bench-retail"
ABCD = "support/abcd"


def build_sources(
    config: Config,
    tasks: tuple[str, ...],
    shippable_only: bool,
    count_tokens: Callable[[list[Message]], int],
    max_tokens: int,
    progress: Callable[[str], None] = lambda _: None,
    seed: int = 0,
    drafts: bool = False,
    agent_log: bool = False,
) -> tuple[dict[str, Built], dict[str, str]]:
    """({source: what its builder made}, {source: why it was not read}). τ-bench prompts are made to
    fit `max_tokens` as the suite makes them fit the model's context (without the product variants
    when those do not fit). `drafts`: the support task also gets the agent-assist drafts
    (`finetune/assist_data.py`, on the demo order book); `agent_log`, the replies agents accepted or
    edited in the suggestion log (support.records_url), redacted."""
    shared = config.shared_data
    built: dict[str, Built] = {}
    skipped: dict[str, str] = {}

    def wanted(source: str) -> bool:
        if shippable_only and not SOURCES[source].shippable:
            skipped[source] = f"its license ({SOURCES[source].license}) does not allow a shipped adapter"
            return False
        return True

    if "support" in tasks:
        room = max_tokens - NEW_TOKENS  # the target's tokens, as the suite keeps room for its answer
        for source, relative, builder in (
            ("bitext", BITEXT, support_data.bitext_examples),
            ("tau-bench", TAU_BENCH, lambda folder: support_data.tau_examples(folder, count_tokens, room)),
            ("abcd", ABCD, support_data.abcd_examples),
        ):
            if not (shared / relative).exists():
                skipped[source] = f"{shared / relative} not found"
            elif wanted(source):
                progress(f"support: {source}")
                built[source] = builder(shared / relative)
    if "support" in tasks and drafts:  # not in the shipped support adapter's data (yet): asked for by name
        from assistant.builders import build_embedder, build_support

        progress("support: agent-assist drafts on the demo order book")
        demo = replace(config.support, orders="", policy="", rules="", model_drafts=False)  # the demo book; the recorder is the model
        built["demo-support"] = assist_data.assist_examples(build_support(replace(config, support=demo), build_embedder(config)), seed)
    if "support" in tasks and agent_log:
        from assistant.builders import build_suggestion_log, store_name

        rows = build_suggestion_log(config).training_examples(store_name(config))
        if rows:
            progress(f"support: {len(rows)} accepted and edited replies from the suggestion log")
            built["agent-log"] = assist_data.agent_log_examples(rows)
        else:
            skipped["agent-log"] = "the suggestion log has no accepted or edited replies yet"
    if "shopper" in tasks:
        from assistant.builders import is_demo
        from eval.harness import Assistants

        assistants = Assistants(config, shopper_data.Recorder())
        source = "demo" if is_demo(config) else "catalog"
        progress(f"shopper: {config.catalog.name} requests")
        assistant = assistants(None)
        built[source] = shopper_data.build(assistant, shopper_data.catalog_requests(list(assistant.catalog), seed), source, seed)
        files = {split: [shared / f for f in names if (shared / f).exists()] for split, names in SUBJQA.items()}
        if not files["train"]:
            skipped["subjqa"] = f"{shared / SUBJQA['train'][0]} not found"
        elif wanted("subjqa"):
            progress("shopper: SubjQA")
            built["subjqa"] = _subjqa(assistants, files, seed)
    return built, skipped


def _subjqa(assistants, files: dict[str, list[Path]], seed: int) -> Built:
    """SubjQA questions on a catalog of their items, as the product_qa suite asks them; train files
    on the train side, dev files (the suite's) on the dev side."""
    from eval.product_qa_suite import read_subjqa, write_world

    examples: list = []
    dropped: Counter = Counter()
    redacted: Counter = Counter()
    for split, paths in files.items():
        questions, reviews = [], {}
        for path in paths:
            mine, theirs = read_subjqa(path)
            questions += mine
            reviews |= theirs
        digest = hashlib.sha256("".join(str(p) for p in paths).encode()).hexdigest()[:10]
        folder = Path(assistants.config.paths.data_dir) / "eval-catalogs" / f"subjqa-{split}-{digest}"
        mapping = write_world(questions, reviews, folder)
        assistant = assistants.of_files(f"subjqa-{split}-{digest}", mapping, folder / "reviews.jsonl")
        requests = shopper_data.subjqa_requests(questions)
        result = shopper_data.build(assistant, requests, "subjqa", seed, split_of=lambda _, s=split: s, group_of=lambda p: p.id)
        examples += result.examples
        redacted.update(result.redacted)
        dropped.update({f"{split}: {reason}": n for reason, n in result.dropped.items()})
    return Built(examples, dict(redacted), dict(dropped))
