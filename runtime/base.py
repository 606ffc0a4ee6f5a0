"""The generation seam: messages in, text (or a stream of text pieces) out.

Every backend (transformers, llama.cpp, an OpenAI-compatible server) implements `Generator`.
The pipeline builds `Message`s from prompt templates, picks `GenerationParams`, and calls
`fit_to_context` so a long conversation loses its oldest turns, never the system prompt (which
carries the candidates) or the newest user turn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from runtime.errors import UserError

ROLES = ("system", "user", "assistant")


class LLMError(UserError, RuntimeError):
    """A model that cannot load or generate; the message is one line that says how to fix it."""


@dataclass(frozen=True)
class Message:
    role: str  # "system", "user" or "assistant"
    content: str

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"Message.role must be one of {ROLES}, got {self.role!r}")


@dataclass(frozen=True)
class GenerationParams:
    max_new_tokens: int = 256
    stop: tuple[str, ...] = ()  # generation ends before the first of these strings
    temperature: float = 0.0  # 0 means greedy decoding: the same input gives the same output
    top_p: float = 1.0
    seed: int = 0  # used when sampling (temperature > 0)
    adapter: str | None = None  # name of a loaded LoRA adapter; None means the base model

    def __post_init__(self) -> None:
        if self.max_new_tokens < 1:
            raise ValueError(f"max_new_tokens must be >= 1, got {self.max_new_tokens}")
        if self.temperature < 0 or not 0 < self.top_p <= 1:
            raise ValueError("temperature must be >= 0 and top_p in (0, 1]")

    @property
    def greedy(self) -> bool:
        """True when decoding is deterministic."""
        return self.temperature == 0


class Generator(Protocol):
    name: str  # backend and model, for logs and benchmarks
    context_length: int  # tokens the model attends to
    adapters: tuple[str, ...]  # LoRA adapters selectable through GenerationParams.adapter

    def count_tokens(self, messages: Sequence[Message]) -> int:
        """Prompt tokens of these messages after the chat template is applied."""
        ...

    def stream(self, messages: Sequence[Message], params: GenerationParams) -> Iterator[str]:
        """Text pieces as they are decoded; joined they equal `generate`'s result."""
        ...

    def generate(self, messages: Sequence[Message], params: GenerationParams) -> str:
        """The whole completion."""
        ...


def task_adapter(generator: Generator, task: str) -> str | None:
    """The adapter a request of this task goes through: the one named after the task when the
    generator loaded it (see llm.adapters), else None, the base model."""
    return task if task in generator.adapters else None


def as_dicts(messages: Sequence[Message]) -> list[dict[str, str]]:
    """Messages in the {"role", "content"} form chat templates and HTTP APIs take."""
    return [{"role": m.role, "content": m.content} for m in messages]


def fit_to_context(
    messages: Sequence[Message], count_tokens: Callable[[Sequence[Message]], int], context_length: int, max_new_tokens: int
) -> list[Message]:
    """Drop the oldest history turns until prompt + max_new_tokens fits the context.

    The system messages and the last message (the shopper's current turn) are always kept; when
    even they do not fit, that is an error rather than a silent truncation of the candidates.
    """
    messages = list(messages)
    budget = context_length - max_new_tokens
    if budget <= 0:
        raise LLMError(f"max_new_tokens ({max_new_tokens}) leaves no room for a prompt in a {context_length}-token context; lower it")
    keep_head = [m for m in messages[:-1] if m.role == "system"]
    history = [m for m in messages[:-1] if m.role != "system"]
    last = messages[-1:]
    while history and count_tokens(keep_head + history + last) > budget:
        history = history[2:] if len(history) > 1 and history[0].role == "user" else history[1:]  # drop whole turns
    fitted = keep_head + history + last
    if count_tokens(fitted) > budget:
        raise LLMError(
            f"the system prompt and the current turn need {count_tokens(fitted)} tokens, more than the {budget} left in a {context_length}-token context after max_new_tokens; shorten the candidates or raise the context length"
        )
    return fitted


def cut_at_stop(text: str, stop: Sequence[str]) -> tuple[str, bool]:
    """Text up to the first stop string, and whether one was found."""
    cut = min((i for i in (text.find(s) for s in stop if s) if i >= 0), default=-1)
    return (text[:cut], True) if cut >= 0 else (text, False)


def stream_until_stop(pieces: Iterator[str], stop: Sequence[str]) -> Iterator[str]:
    """Pass pieces through, ending before any stop string, even one split across pieces.

    Text that could be the start of a stop string is held back until it is known not to be.
    """
    if not stop:
        yield from pieces
        return
    hold = max(len(s) for s in stop) - 1
    buffer = ""
    for piece in pieces:
        buffer += piece
        text, found = cut_at_stop(buffer, stop)
        if found:
            if text:
                yield text
            return
        if len(buffer) > hold:
            out, buffer = buffer[: len(buffer) - hold], buffer[len(buffer) - hold :]
            yield out
    if buffer:
        yield buffer
