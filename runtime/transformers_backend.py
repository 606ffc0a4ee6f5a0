"""The transformers backend: any causal LM by path or hub id, optional bitsandbytes 4/8-bit, and
peft LoRA adapters selectable per request (or merged into the weights)."""

from __future__ import annotations

import json
import logging
import queue
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from runtime.base import GenerationParams, LLMError, Message, as_dicts, stream_until_stop

log = logging.getLogger(__name__)
QUANTIZATION = ("none", "4bit", "8bit")


def resolve_device(device: str) -> str:
    """'auto' -> 'cuda' when a GPU is visible, else 'cpu'; an absent CUDA is an error."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise LLMError(f"llm.device is {device!r} but no CUDA device is available; set llm.device=auto or cpu")
    return device


class TransformersGenerator:
    """A causal LM in this process, with named LoRA adapters."""

    def __init__(
        self,
        model: str,
        device: str = "auto",
        dtype: str = "auto",
        quantization: str = "none",
        adapters: dict[str, str] | None = None,
        merge_adapter: bool = False,
        context_length: int = 0,
        threads: int = 0,
    ):
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        if quantization not in QUANTIZATION:
            raise LLMError(f"llm.quantization must be one of {QUANTIZATION}, got {quantization!r}")
        if threads:
            torch.set_num_threads(threads)
        self.device = resolve_device(device)
        kwargs: dict = {"dtype": _dtype(dtype, self.device)}
        if quantization != "none":
            kwargs["quantization_config"] = _bnb_config(quantization, self.device)
            kwargs["device_map"] = self.device
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(model)
            self.model = AutoModelForCausalLM.from_pretrained(model, **kwargs)
        except OSError as exc:
            raise LLMError(
                f"cannot load model {model!r}: {str(exc).splitlines()[0][:160]}; give a local model folder or a GGUF file in llm.model"
            ) from None
        except torch.OutOfMemoryError:
            raise LLMError(f"out of memory loading {model!r}; use llm.quantization=4bit or a smaller model") from None
        if quantization == "none":
            self.model.to(self.device)
        self.model.eval()
        self.name = f"transformers:{Path(model).name}" + (f"+{quantization}" if quantization != "none" else "")
        self.adapters: tuple[str, ...] = ()
        self.merged: str | None = None
        for adapter_name, path in (adapters or {}).items():
            self._load_adapter(adapter_name, path)
        if merge_adapter:
            if len(self.adapters) != 1:
                raise LLMError(
                    f"llm.merge_adapter needs exactly one adapter, got {len(self.adapters)} (llm.shipped_adapters=false leaves out the shipped ones)"
                )
            self.merged = self.adapters[0]
            self.model = self.model.merge_and_unload()
        model_max = int(getattr(self.model.config, "max_position_embeddings", 2048))
        self.context_length = min(context_length, model_max) if context_length else model_max
        self._lock = threading.Lock()  # one generation at a time: adapters are switched per request

    def _load_adapter(self, name: str, path: str) -> None:
        from peft import PeftModel

        config_file = Path(path) / "adapter_config.json"
        if not config_file.is_file():
            raise LLMError(f"adapter {name!r}: {config_file} not found; give the folder written by peft's save_pretrained")
        config = json.loads(config_file.read_text())
        modules = {n.rsplit(".", 1)[-1] for n, _ in self.model.named_modules()}
        targets = config.get("target_modules") or []
        missing = sorted(set([targets] if isinstance(targets, str) else targets) - modules)
        if missing and not isinstance(targets, str):
            raise LLMError(
                f"adapter {name!r} targets modules {missing} that {self.name} does not have; it was trained for another architecture ({config.get('base_model_name_or_path')})"
            )
        try:
            if self.adapters:
                self.model.load_adapter(path, adapter_name=name)
            else:
                self.model = PeftModel.from_pretrained(self.model, path, adapter_name=name)
        except (RuntimeError, ValueError) as exc:
            first = str(exc).strip().splitlines()[-1][:200]
            raise LLMError(f"adapter {name!r} does not fit {self.name} (wrong base model, rank or shapes): {first}") from None
        self.adapters += (name,)

    def count_tokens(self, messages: Sequence[Message]) -> int:
        """Prompt tokens after the chat template."""
        return len(self._encode(messages)["input_ids"][0])

    def generate(self, messages: Sequence[Message], params: GenerationParams) -> str:
        """The whole completion (stop strings removed)."""
        return "".join(self.stream(messages, params))

    def stream(self, messages: Sequence[Message], params: GenerationParams) -> Iterator[str]:
        """Decoded text pieces; generation runs in a thread and stops when the consumer does."""
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

        inputs = self._encode(messages).to(self.model.device)
        cancelled = threading.Event()
        prompt_length = inputs["input_ids"].shape[1]
        tokenizer = self.tokenizer

        class StopWhenDone(StoppingCriteria):
            """Ends decoding when the consumer went away or a stop string was produced.

            Decoding the text is tokenizer-agnostic, unlike transformers' `stop_strings`, which
            needs a vocabulary it can take apart."""

            def __call__(self, input_ids, scores, **kwargs):
                if cancelled.is_set():
                    return True
                if not params.stop:
                    return False
                text = tokenizer.decode(input_ids[0, prompt_length:], skip_special_tokens=True)
                return any(stop in text for stop in params.stop)

        streamer = TextIteratorStreamer(self.tokenizer, skip_prompt=True, skip_special_tokens=True, timeout=600)
        kwargs = dict(
            **inputs,
            max_new_tokens=params.max_new_tokens,
            streamer=streamer,
            pad_token_id=self.tokenizer.eos_token_id if self.tokenizer.pad_token_id is None else self.tokenizer.pad_token_id,
            stopping_criteria=StoppingCriteriaList([StopWhenDone()]),
        )
        if params.greedy:
            kwargs.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        else:
            kwargs.update(do_sample=True, temperature=params.temperature, top_p=params.top_p)
        errors: list[BaseException] = []

        def run() -> None:
            try:
                with self._lock, self._adapter(params.adapter):
                    if not params.greedy:
                        torch.manual_seed(params.seed)
                    with torch.inference_mode():
                        self.model.generate(**kwargs)
            except torch.OutOfMemoryError:
                errors.append(LLMError(f"out of memory generating with {self.name}; lower max_new_tokens or use llm.quantization=4bit"))
                streamer.end()
            except Exception as exc:  # noqa: BLE001 - surfaced in the consumer's thread below
                errors.append(exc)
                streamer.end()

        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        try:
            yield from stream_until_stop(iter(streamer), params.stop)
        except queue.Empty:
            raise LLMError(f"{self.name} produced nothing for 600 s; the machine is overloaded or the model is too large for it") from None
        finally:
            cancelled.set()
            worker.join()
        if errors:
            raise errors[0]

    def next_token_logprobs(self, messages: Sequence[Message], candidates: Sequence[str], adapter: str | None = None) -> list[float]:
        """Log-probability of each candidate's first token right after the prompt (the chat template
        with the assistant's turn opened), as lm-evaluation-harness scores single-token choices."""
        import torch

        inputs = self._encode(messages).to(self.model.device)
        with self._lock, self._adapter(adapter), torch.inference_mode():
            logits = self.model(**inputs).logits[0, -1].float()
        logprobs = torch.log_softmax(logits, dim=-1)
        firsts = [self.tokenizer.encode(c, add_special_tokens=False)[:1] for c in candidates]
        return [float(logprobs[t[0]]) if t else float("-inf") for t in firsts]

    def _encode(self, messages: Sequence[Message]):
        return self.tokenizer.apply_chat_template(as_dicts(messages), add_generation_prompt=True, return_dict=True, return_tensors="pt")

    def _adapter(self, name: str | None):
        """Context in which the requested adapter (or the bare base model) is active."""
        import contextlib

        if self.merged is not None:
            if name != self.merged:
                raise LLMError(
                    f"adapter {self.merged!r} is merged into the weights, so only it can be used; set llm.merge_adapter=false to switch per request"
                )
            return contextlib.nullcontext()
        if name is None:
            return self.model.disable_adapter() if self.adapters else contextlib.nullcontext()
        if name not in self.adapters:
            raise LLMError(f"unknown adapter {name!r}; loaded: {list(self.adapters) or 'none'}")
        self.model.set_adapter(name)
        return contextlib.nullcontext()


def _dtype(dtype: str, device: str):
    import torch

    if dtype == "auto":
        return torch.bfloat16 if device.startswith("cuda") and torch.cuda.is_bf16_supported() else torch.float32
    try:
        return getattr(torch, dtype)
    except AttributeError:
        raise LLMError(f"llm.dtype {dtype!r} is not a torch dtype; use auto, float32, bfloat16 or float16") from None


def _bnb_config(quantization: str, device: str):
    from transformers import BitsAndBytesConfig

    try:
        import bitsandbytes  # noqa: F401  (checked here so the error says what to install)
    except ImportError:
        raise LLMError("llm.quantization needs bitsandbytes: pip install bitsandbytes") from None
    import torch

    if quantization == "8bit":
        return BitsAndBytesConfig(load_in_8bit=True)
    compute = torch.bfloat16 if device.startswith("cuda") else torch.float32
    return BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True, bnb_4bit_compute_dtype=compute)
