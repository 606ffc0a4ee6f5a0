"""One training example and where its data came from: the value every data builder returns and the
data set writer reads.

An example is one chat (system and user turns ending in the assistant's target), the task whose
adapter it trains, its source, and the source record it was made from (`group`): the split keeps a
group on one side, so no product, review, conversation or τ-bench task is on both.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.config import TASKS
from runtime.base import Message
from runtime.errors import UserError

SPLITS = ("train", "dev")
ORIGINS = ("written", "source")  # a target the project's templates wrote, or the data set's own words


class DataError(UserError, ValueError):
    """A data file or example that cannot be used; the message names the file, row or field and the fix."""


@dataclass(frozen=True)
class Source:
    license: str  # as its SOURCE.txt states it
    shippable: bool  # may be in the data set of an adapter the project ships (license allows it)


SOURCES = {
    "demo": Source("the project's own demo store", True),
    "demo-support": Source("the project's own demo store: its order book, policy and intent examples", True),
    "bitext": Source("CDLA-Sharing-1.0", True),
    "tau-bench": Source("MIT", True),
    "abcd": Source("MIT", True),
    "catalog": Source("the operator's own catalog (its terms are the operator's to check)", True),
    "agent-log": Source(
        "the operator's agents' own replies from the suggestion log, personal data redacted (the operator's to check)", True
    ),
    "subjqa": Source("research use only (inherits the UCSD Amazon review data's terms); not for a shipped adapter", False),
    "amazon-qa": Source("none stated, research use only (UCSD Amazon Q&A); not for a shipped adapter", False),
}


@dataclass(frozen=True)
class Example:
    task: str  # "shopper" or "support": the adapter it trains
    kind: str  # what the model does: "recommend", "question", "intent", "reply", "first_action", ...
    source: str  # a key of SOURCES
    group: str  # the source record it came from (product, review, conversation, task): the unit of the split
    split: str  # "train" or "dev"
    messages: tuple[Message, ...]  # the chat, ending in the assistant's target
    origin: str = "written"  # "written": the target came from the project's templates; "source": the data set's words

    def __post_init__(self) -> None:
        where = f"{self.source} example {self.group!r}"
        if self.task not in TASKS:
            raise DataError(f"{where}: task must be one of {TASKS}, got {self.task!r}")
        if self.source not in SOURCES:
            raise DataError(f"{where}: unknown source; add it to finetune.examples.SOURCES with its license")
        if self.split not in SPLITS or self.origin not in ORIGINS:
            raise DataError(f"{where}: split must be one of {SPLITS} and origin one of {ORIGINS}")
        if len(self.messages) < 2 or self.messages[-1].role != "assistant" or not self.messages[-1].content.strip():
            raise DataError(f"{where}: the chat must end in a non-empty assistant message (the target)")
        if any(m.role == "system" for m in self.messages[1:]):
            raise DataError(f"{where}: only the first message may be a system message")

    @property
    def target(self) -> str:
        """The assistant's last message: the text the loss is on."""
        return self.messages[-1].content

    def to_json(self) -> dict:
        """The JSONL row: `messages` as TRL and transformers' chat templates read them, the rest as metadata."""
        return {
            "messages": [{"role": m.role, "content": m.content} for m in self.messages],
            "task": self.task,
            "kind": self.kind,
            "source": self.source,
            "group": self.group,
            "split": self.split,
            "origin": self.origin,
        }

    @classmethod
    def from_json(cls, row: dict, where: str) -> Example:
        """An example read back from a JSONL row; `where` ("file line N") starts any error."""
        try:
            messages = tuple(Message(m["role"], m["content"]) for m in row["messages"])
            return cls(row["task"], row["kind"], row["source"], row["group"], row["split"], messages, row.get("origin", "written"))
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(f"{where}: not a training example ({exc}); rows need messages, task, kind, source, group, split") from None


@dataclass(frozen=True)
class Built:
    """What one source's builder made: its examples, the personal data it redacted (kind -> count)
    and what it left out (reason -> count), for the data card."""

    examples: list[Example]
    redacted: dict[str, int]
    dropped: dict[str, int]
