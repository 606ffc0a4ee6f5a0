"""From the builders' examples to the files training reads: duplicates out, no group on both sides,
the length filter, then `<task>/train.jsonl` and `<task>/dev.jsonl` with a data card per task
(`card.json`, `card.md`): counts per source and kind, token lengths, what was dropped and why, and
each source's license — and whether every source used allows a shipped adapter.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from finetune.examples import SOURCES, Built, DataError, Example
from runtime.base import Message, as_dicts

NEAR = re.compile(r"[^a-z]+")  # near-duplicates differ only in digits, punctuation, case and spacing


@dataclass
class Card:
    """One task's data card, filled while the data set is made."""

    task: str
    sources: dict[str, str] = field(default_factory=dict)  # source -> license
    counts: Counter = field(default_factory=Counter)  # "split source kind" -> examples written
    dropped: Counter = field(default_factory=Counter)  # reason -> examples (or rows) left out
    redacted: Counter = field(default_factory=Counter)  # kind of personal data -> slots written
    tokens: dict[str, dict[str, float]] = field(default_factory=dict)  # split -> token-length stats
    skipped_sources: dict[str, str] = field(default_factory=dict)  # source -> why it was not read
    max_tokens: int = 0

    @property
    def shippable(self) -> bool:
        """True when every source used allows an adapter the project ships."""
        return all(SOURCES[s].shippable for s in self.sources)

    def to_json(self) -> dict:
        return {
            "task": self.task,
            "shippable": self.shippable,
            "sources": {s: {"license": lic, "shippable": SOURCES[s].shippable} for s, lic in sorted(self.sources.items())},
            "skipped_sources": self.skipped_sources,
            "counts": dict(sorted(self.counts.items())),
            "dropped": dict(self.dropped.most_common()),
            "redacted": dict(self.redacted.most_common()),
            "tokens": self.tokens,
            "max_tokens": self.max_tokens,
        }

    def to_markdown(self) -> str:
        lines = [f"# Data card: {self.task} task", ""]
        verdict = "yes" if self.shippable else "no (experiments and evaluation only)"
        lines += [f"May train an adapter the project ships: **{verdict}**.", "", "| source | license | may ship |", "|---|---|---|"]
        lines += [f"| {s} | {lic} | {'yes' if SOURCES[s].shippable else 'no'} |" for s, lic in sorted(self.sources.items())]
        if self.skipped_sources:
            lines += ["", "Not read: " + "; ".join(f"{s} ({why})" for s, why in sorted(self.skipped_sources.items())) + "."]
        lines += ["", "| split | source | kind | examples |", "|---|---|---|---:|"]
        lines += [f"| {' | '.join(key.split(' ', 2))} | {n} |" for key, n in sorted(self.counts.items())]
        lines += ["", f"Token lengths (chat template applied; longer than {self.max_tokens} dropped):", ""]
        lines += ["| split | examples | total | p50 | p95 | max |", "|---|---:|---:|---:|---:|---:|"]
        for split, s in self.tokens.items():
            lines.append(f"| {split} | {s['n']:.0f} | {s['total']:.0f} | {s['p50']:.0f} | {s['p95']:.0f} | {s['max']:.0f} |")
        lines += ["", "Dropped:", ""] + ([f"- {reason}: {n}" for reason, n in self.dropped.most_common()] or ["- nothing"])
        lines += ["", "Personal data redacted (slots written):", ""]
        lines += [f"- {kind}: {n}" for kind, n in self.redacted.most_common()] or ["- none found"]
        return "\n".join(lines) + "\n"


def token_counter(tokenizer) -> Callable[[Sequence[Message]], int]:
    """Tokens of a chat after the tokenizer's chat template, as training and serving see it."""

    def count(messages: Sequence[Message]) -> int:
        return len(tokenizer.apply_chat_template(as_dicts(messages), tokenize=True, return_dict=False))

    return count


def assemble(
    task: str, built: dict[str, Built], count_tokens: Callable[[Sequence[Message]], int], max_tokens: int
) -> tuple[list[Example], Card]:
    """The task's examples from every source's `Built`, cleaned, and its card."""
    card = Card(task, max_tokens=max_tokens)
    examples: list[Example] = []
    for source, result in built.items():
        mine = [e for e in result.examples if e.task == task]
        if not mine:
            continue
        card.sources[source] = SOURCES[source].license
        card.dropped.update({f"{source}: {why}": n for why, n in result.dropped.items()})
        card.redacted.update(result.redacted)
        examples += mine
    examples = _dedupe(examples, card.dropped)
    examples = _no_shared_groups(examples, card.dropped)
    kept, lengths = [], {"train": [], "dev": []}
    for example in examples:
        n = count_tokens(example.messages)
        if n > max_tokens:
            card.dropped[f"{example.source}: longer than {max_tokens} tokens"] += 1
            continue
        kept.append(example)
        lengths[example.split].append(n)
        card.counts[f"{example.split} {example.source} {example.kind}"] += 1
    for split, values in lengths.items():
        if values:
            card.tokens[split] = {
                "n": len(values),
                "total": float(sum(values)),
                "p50": float(np.percentile(values, 50)),
                "p95": float(np.percentile(values, 95)),
                "max": float(max(values)),
            }
    return kept, card


def _dedupe(examples: list[Example], dropped: Counter) -> list[Example]:
    """The first of each exact duplicate (same chat) and near-duplicate (same letters); a train
    example whose request is also a dev example's is left out too."""
    seen_exact: set[str] = set()
    seen_near: set[str] = set()
    dev_requests = {_request(e) for e in examples if e.split == "dev"}
    out = []
    for e in examples:
        exact = hashlib.sha256(json.dumps(e.to_json()["messages"]).encode()).hexdigest()
        near = _near(" ".join(m.content for m in e.messages))
        if exact in seen_exact:
            dropped[f"{e.source}: exact duplicate"] += 1
        elif near in seen_near:
            dropped[f"{e.source}: near duplicate (differs in digits, case or punctuation)"] += 1
        elif e.split == "train" and _request(e) in dev_requests:
            dropped[f"{e.source}: same request as a dev example"] += 1
        else:
            seen_exact.add(exact)
            seen_near.add(near)
            out.append(e)
    return out


def _request(example: Example) -> str:
    """Everything before the target, case and spacing aside: the same question about another product,
    or the same "thanks" late in another chat, is another request."""
    return " ".join(" ".join(m.content for m in example.messages[:-1]).lower().split())


def _near(text: str) -> str:
    return hashlib.sha256(NEAR.sub(" ", text.lower()).strip().encode()).hexdigest()


def _no_shared_groups(examples: list[Example], dropped: Counter) -> list[Example]:
    """Train examples of a group that is also on the dev side are left out (a builder's split is by
    group already; this is the check that holds whatever a builder did)."""
    dev_groups = {(e.source, e.group) for e in examples if e.split == "dev"}
    out = []
    for e in examples:
        if e.split == "train" and (e.source, e.group) in dev_groups:
            dropped[f"{e.source}: group also on the dev side"] += 1
        else:
            out.append(e)
    return out


def write(folder: Path, examples: list[Example], card: Card) -> None:
    """`train.jsonl`, `dev.jsonl`, `card.json` and `card.md` in `folder` (replaced whole)."""
    folder.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev"):
        with (folder / f"{split}.jsonl").open("w", encoding="utf-8") as handle:
            for example in examples:
                if example.split == split:
                    handle.write(json.dumps(example.to_json(), ensure_ascii=False) + "\n")
    (folder / "card.json").write_text(json.dumps(card.to_json(), indent=2) + "\n", encoding="utf-8")
    (folder / "card.md").write_text(card.to_markdown(), encoding="utf-8")


def read(path: Path) -> list[Example]:
    """The examples of a JSONL file written by `write` (or by hand in the same form)."""
    if not path.is_file():
        raise DataError(f"{path} not found; run `shopassist finetune build-data` first or give --data")
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{path} line {number}: not JSON ({exc.msg}); each line is one example") from None
        examples.append(Example.from_json(row, f"{path} line {number}"))
    if not examples:
        raise DataError(f"{path}: no examples")
    return examples
