"""The OpenAI-compatible backend: any chat-completions server (vLLM, TGI, llama.cpp server).

This is the scale-out path: the model runs elsewhere. A LoRA adapter is chosen per request by
sending its name as the `model` (how vLLM serves adapters). Token counts for the context guard
come from a local tokenizer when one is configured, else from a conservative estimate.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence

from runtime.base import GenerationParams, LLMError, Message, as_dicts, stream_until_stop

CHARS_PER_TOKEN = 3  # conservative for English BPE vocabularies (~4 chars per token): over-counts
TEMPLATE_OVERHEAD = 8  # role markers and separators per message


class OpenAIGenerator:
    """A remote chat model behind an OpenAI-compatible HTTP API."""

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str = "",
        adapters: tuple[str, ...] = (),
        context_length: int = 4096,
        timeout_s: float = 60.0,
        tokenizer: str = "",
    ):
        from openai import OpenAI

        self._client = OpenAI(base_url=base_url, api_key=api_key or "not-needed", timeout=timeout_s, max_retries=0)
        self.base_url = base_url
        self.model = model
        self.adapters = tuple(adapters)
        self.context_length = context_length
        self.name = f"openai:{model}@{base_url}"
        self._tokenizer = None
        if tokenizer:
            from transformers import AutoTokenizer

            self._tokenizer = AutoTokenizer.from_pretrained(tokenizer)

    def count_tokens(self, messages: Sequence[Message]) -> int:
        """Exact with a configured tokenizer, else an over-estimate from the character count."""
        if self._tokenizer is not None:
            return len(self._tokenizer.apply_chat_template(as_dicts(messages), add_generation_prompt=True, return_dict=False))
        return sum(len(m.content) // CHARS_PER_TOKEN + TEMPLATE_OVERHEAD for m in messages)

    def generate(self, messages: Sequence[Message], params: GenerationParams) -> str:
        """The whole completion."""
        return "".join(self.stream(messages, params))

    def stream(self, messages: Sequence[Message], params: GenerationParams) -> Iterator[str]:
        """Text pieces as the server streams them (stop strings past the API's four applied here)."""
        return stream_until_stop(self._stream(messages, params), params.stop)

    def _stream(self, messages: Sequence[Message], params: GenerationParams) -> Iterator[str]:
        import openai

        if params.adapter is not None and params.adapter not in self.adapters:
            raise LLMError(f"unknown adapter {params.adapter!r}; configured: {list(self.adapters) or 'none'}")
        try:
            chunks = self._client.chat.completions.create(
                model=params.adapter or self.model,
                messages=as_dicts(messages),
                max_tokens=params.max_new_tokens,
                temperature=params.temperature,
                top_p=params.top_p,
                seed=params.seed,
                stop=list(params.stop)[:4] or None,
                stream=True,
            )
            events = 0
            for chunk in chunks:
                events += 1
                if chunk.choices and chunk.choices[0].delta.content:
                    yield chunk.choices[0].delta.content
        except openai.APIConnectionError:
            raise LLMError(f"cannot reach the OpenAI-compatible server at {self.base_url}; start it or fix llm.base_url") from None
        except openai.APIStatusError as exc:
            message = re.sub(r"^Error code: \d+ - ", "", str(exc.message))
            raise LLMError(f"the server at {self.base_url} answered {exc.status_code}: {message[:160]}") from None
        except openai.APIError as exc:  # an error event inside a started stream (llama.cpp and vLLM report failures so)
            raise LLMError(f"the server at {self.base_url} failed while answering: {str(exc.message)[:160]}") from None
        except json.JSONDecodeError:
            raise LLMError(
                f"the server at {self.base_url} sent an event that is not JSON; is llm.base_url an OpenAI-compatible API?"
            ) from None
        if events == 0:  # a plain JSON body, or nothing: the stream asked for never came
            raise LLMError(
                f"the server at {self.base_url} sent no streamed events; it must support stream=true (vLLM, TGI and llama.cpp server do)"
            )
