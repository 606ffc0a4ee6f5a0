"""The transformers backend on tiny random models built in-process, and a LoRA adapter round trip:
train one step, save, load by name, and check outputs change only while the adapter is active."""

from __future__ import annotations

import pytest

from runtime.base import GenerationParams, LLMError, Message, fit_to_context
from runtime.transformers_backend import TransformersGenerator
from tests.tiny_models import tiny_llama

MESSAGES = [Message("system", "the price budget"), Message("user", "red shoes under dollars")]
GREEDY = GenerationParams(max_new_tokens=8)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return tiny_llama(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="module")
def adapter(tiny, tmp_path_factory):
    """A LoRA trained for one step on the tiny model; returns (folder, names of changed params)."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(tiny)
    tokenizer = AutoTokenizer.from_pretrained(tiny)
    peft_model = get_peft_model(model, LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj", "o_proj"], lora_dropout=0.0))
    before = {n: p.detach().clone() for n, p in peft_model.named_parameters()}
    optimizer = torch.optim.Adam([p for p in peft_model.parameters() if p.requires_grad], lr=0.5)
    batch = tokenizer("yes yes yes blue blue blue mug", return_tensors="pt")
    peft_model(**batch, labels=batch["input_ids"]).loss.backward()
    optimizer.step()
    changed = {n for n, p in peft_model.named_parameters() if not torch.equal(p, before[n])}
    folder = tmp_path_factory.mktemp("adapter")
    peft_model.save_pretrained(folder)
    return folder, changed


def test_generate_equals_joined_stream_and_is_deterministic(tiny):
    generator = TransformersGenerator(str(tiny), device="cpu")
    text = generator.generate(MESSAGES, GREEDY)
    assert text and "".join(generator.stream(MESSAGES, GREEDY)) == text == generator.generate(MESSAGES, GREEDY)
    assert len(text.split()) <= GREEDY.max_new_tokens
    assert generator.count_tokens(MESSAGES) == 15 and generator.context_length == 256


def test_stop_sequence_ends_the_text(tiny):
    generator = TransformersGenerator(str(tiny), device="cpu")
    words = generator.generate(MESSAGES, GenerationParams(max_new_tokens=12)).split()
    stop = next(w for w in words if w != words[0])  # a word that first appears after the start
    text = generator.generate(MESSAGES, GenerationParams(max_new_tokens=12, stop=(stop,)))
    assert stop not in text and text == " ".join(words[: words.index(stop)]) + " "


def test_abandoned_stream_releases_the_model(tiny):
    generator = TransformersGenerator(str(tiny), device="cpu")
    stream = generator.stream(MESSAGES, GenerationParams(max_new_tokens=200))
    next(stream)
    stream.close()
    assert generator.generate(MESSAGES, GREEDY)  # would deadlock if the first generation held the lock


def test_context_guard_with_real_token_counts(tiny):
    generator = TransformersGenerator(str(tiny), device="cpu", context_length=40)
    history = [Message("user", "blue mug " * 5), Message("assistant", "yes " * 5)] * 3
    fitted = fit_to_context([MESSAGES[0], *history, MESSAGES[1]], generator.count_tokens, generator.context_length, 8)
    assert fitted[0] == MESSAGES[0] and fitted[-1] == MESSAGES[1] and len(fitted) < 8
    assert generator.count_tokens(fitted) <= 32


def test_one_training_step_changes_only_adapter_parameters(adapter):
    _, changed = adapter
    assert changed and all("lora_" in name for name in changed)


def test_adapter_changes_output_only_while_active(tiny, adapter):
    folder, _ = adapter
    base = TransformersGenerator(str(tiny), device="cpu").generate(MESSAGES, GREEDY)
    generator = TransformersGenerator(str(tiny), device="cpu", adapters={"shopper": str(folder), "support": str(folder)})
    assert generator.adapters == ("shopper", "support")
    with_adapter = generator.generate(MESSAGES, GenerationParams(max_new_tokens=8, adapter="shopper"))
    assert with_adapter != base
    assert generator.generate(MESSAGES, GREEDY) == base  # adapter=None: the bare base model
    assert generator.generate(MESSAGES, GenerationParams(max_new_tokens=8, adapter="support")) == with_adapter
    with pytest.raises(LLMError, match="unknown adapter 'nope'"):
        generator.generate(MESSAGES, GenerationParams(adapter="nope"))
    merged = TransformersGenerator(str(tiny), device="cpu", adapters={"shopper": str(folder)}, merge_adapter=True)
    assert merged.generate(MESSAGES, GenerationParams(max_new_tokens=8, adapter="shopper")) == with_adapter
    with pytest.raises(LLMError, match="merged into the weights"):
        merged.generate(MESSAGES, GREEDY)


def test_incompatible_adapters_are_one_line_errors(tiny, adapter, tmp_path):
    import json

    folder, _ = adapter
    other = tiny_llama(tmp_path / "other", hidden_size=48)
    with pytest.raises(LLMError, match="does not fit"):
        TransformersGenerator(str(other), device="cpu", adapters={"a": str(folder)})
    wrong = tmp_path / "wrong-targets"
    wrong.mkdir()
    adapter_config = json.loads((folder / "adapter_config.json").read_text())
    adapter_config["target_modules"] = ["query_key_value"]
    (wrong / "adapter_config.json").write_text(json.dumps(adapter_config))
    with pytest.raises(LLMError, match=r"targets modules \['query_key_value'\]"):
        TransformersGenerator(str(tiny), device="cpu", adapters={"a": str(wrong)})
    with pytest.raises(LLMError, match="adapter_config.json not found"):
        TransformersGenerator(str(tiny), device="cpu", adapters={"a": str(tmp_path)})


def test_bad_model_and_device_errors(tmp_path):
    import torch

    with pytest.raises(LLMError, match="cannot load model"):
        TransformersGenerator(str(tmp_path / "missing"), device="cpu")
    if not torch.cuda.is_available():
        with pytest.raises(LLMError, match="no CUDA device is available"):
            TransformersGenerator(str(tmp_path), device="cuda")
