"""The llama.cpp backend (llama-cpp-python): serves a GGUF file directly, with LoRA adapters in
llama.cpp's GGUF adapter format (`runtime/gguf_lora.py` converts peft adapters).

llama.cpp binds an adapter when a model context is created, so each adapter gets its own `Llama`
(created on first use); the weights are memory-mapped once and shared between them.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from runtime.base import GenerationParams, LLMError, Message, as_dicts
from runtime.chat_templates import END_OF_TURN, chat_template
from runtime.model_files import check_gguf


class LlamaCppGenerator:
    """A GGUF model in this process through llama.cpp."""

    def __init__(self, model_path: Path, adapters: dict[str, Path] | None = None, context_length: int = 4096, threads: int = 0):
        try:
            import llama_cpp
        except ImportError:
            raise LLMError(
                "the llama.cpp backend needs llama-cpp-python: pip install 'llama-cpp-python' (or set llm.backend=transformers)"
            ) from None
        self._llama_cpp = llama_cpp
        self.model_path = check_gguf(Path(model_path))
        self.threads = threads or os.cpu_count() or 1
        self.adapter_files = {name: Path(p) for name, p in (adapters or {}).items()}  # GGUF LoRA files by task
        for name, path in self.adapter_files.items():
            check_gguf(path)
        self.adapters = tuple(self.adapter_files)
        self._instances: dict[str | None, object] = {}
        self._lock = threading.Lock()
        self._handler = None  # the chat handler of a GGUF without its own template, set below
        base = self._instance(None, context_length)
        self.context_length = base.n_ctx()
        self.name = f"llamacpp:{self.model_path.name}"
        self._formatter = chat_formatter(base, self.model_path.name)
        self._handler = chat_handler(base, self._formatter)
        base.chat_handler = self._handler
        for name in self.adapters:  # fail at start-up, not on a shopper's first request
            self._instance(name, self.context_length)

    def _instance(self, adapter: str | None, context_length: int = 0):
        if adapter not in self._instances:
            if adapter is not None and adapter not in self.adapter_files:
                raise LLMError(f"unknown adapter {adapter!r}; loaded: {list(self.adapters) or 'none'}")
            lora = str(self.adapter_files[adapter]) if adapter else None
            try:
                self._instances[adapter] = self._llama_cpp.Llama(
                    model_path=str(self.model_path),
                    lora_path=lora,
                    n_ctx=context_length or self.context_length,
                    n_threads=self.threads,
                    n_threads_batch=self.threads,
                    seed=0,
                    verbose=False,
                )
            except ValueError as exc:
                what = f"adapter {adapter!r} ({lora}) does not fit {self.model_path.name}" if lora else f"cannot load {self.model_path}"
                raise LLMError(f"{what}: {exc}; check the file was made for this model") from None
            self._instances[adapter].chat_handler = self._handler
        return self._instances[adapter]

    def count_tokens(self, messages: Sequence[Message]) -> int:
        """Prompt tokens after the GGUF's own chat template."""
        prompt = self._formatter(messages=as_dicts(messages)).prompt
        return len(self._instance(None).tokenize(prompt.encode("utf-8"), add_bos=False, special=True))

    def next_token_logprobs(self, messages: Sequence[Message], candidates: Sequence[str], adapter: str | None = None) -> list[float]:
        """Log-probability of each candidate's first token right after the prompt (the chat template
        with the assistant's turn opened), as lm-evaluation-harness scores single-token choices."""
        import numpy as np

        llm = self._instance(adapter)
        prompt = self._formatter(messages=as_dicts(messages)).prompt
        with self._lock:
            llm.reset()
            llm.eval(llm.tokenize(prompt.encode("utf-8"), add_bos=False, special=True))
            last = self._llama_cpp.llama_get_logits_ith(llm._ctx.ctx, -1)  # logits_all is off: only the last position is kept
            logits = np.array(np.ctypeslib.as_array(last, shape=(llm.n_vocab(),)), dtype=np.float64)
            firsts = [llm.tokenize(c.encode("utf-8"), add_bos=False, special=False)[:1] for c in candidates]
        logprobs = logits - np.logaddexp.reduce(logits)
        return [float(logprobs[t[0]]) if t else float("-inf") for t in firsts]

    def generate(self, messages: Sequence[Message], params: GenerationParams) -> str:
        """The whole completion (stop strings removed)."""
        return "".join(self.stream(messages, params))

    def stream(self, messages: Sequence[Message], params: GenerationParams) -> Iterator[str]:
        """Decoded text pieces as llama.cpp samples them.

        Decoding runs in a worker thread that holds the model; when the consumer stops early the
        worker stops at the next token and releases it, so an abandoned stream blocks nobody.
        """
        llm = self._instance(params.adapter)
        pieces: queue.Queue = queue.Queue()
        cancelled = threading.Event()

        def run() -> None:
            try:
                with self._lock:
                    chunks = llm.create_chat_completion(
                        messages=as_dicts(messages),
                        max_tokens=params.max_new_tokens,
                        stop=list(params.stop),
                        temperature=params.temperature,
                        top_p=params.top_p,
                        top_k=0 if params.greedy else 40,
                        min_p=0.0,
                        seed=params.seed,
                        stream=True,
                    )
                    for chunk in chunks:
                        if cancelled.is_set():
                            chunks.close()
                            break
                        piece = chunk["choices"][0]["delta"].get("content")
                        if piece:
                            pieces.put(piece)
            except Exception as exc:  # noqa: BLE001 - handed to the consumer's thread below, which raises it as LLMError
                pieces.put(exc)
            finally:
                pieces.put(None)

        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        try:
            while (piece := pieces.get()) is not None:
                if isinstance(piece, Exception):
                    raise LLMError(f"llama.cpp failed while generating: {piece}") from None
                yield piece
        finally:
            cancelled.set()
            worker.join()


def chat_formatter(llm, model_name: str):
    """The Jinja chat formatter of a loaded `Llama`: its GGUF's own template, or its family's
    (`runtime.chat_templates`) with the family's end-of-turn token as a stop."""
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    eos, bos = llm.token_eos(), llm.token_bos()
    architecture = llm.metadata.get("general.architecture", "")
    return Jinja2ChatFormatter(
        template=chat_template(llm.metadata.get("tokenizer.chat_template"), architecture, model_name),
        eos_token=llm._model.token_get_text(eos) if eos != -1 else "",
        bos_token=llm._model.token_get_text(bos) if bos != -1 else "",
        stop_token_ids=[eos, *llm.tokenize(END_OF_TURN[architecture].encode(), add_bos=False, special=True)]
        if architecture in END_OF_TURN
        else None,
    )


def chat_handler(llm, formatter):
    """The chat handler a loaded `Llama` is served with: None for a GGUF with its own template (left
    to llama-cpp-python's choice from it); one without would fall back to Llama-2's layout, so it
    gets `formatter` (`chat_formatter`'s: its family's template, the one training used)."""
    return None if llm.metadata.get("tokenizer.chat_template") else formatter.to_chat_handler()
