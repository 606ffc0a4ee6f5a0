"""A model without a chat template gets its family's turn format, laid out the same way by training's
renderer (transformers) and serving's (llama-cpp-python)."""

from __future__ import annotations

import pytest

from runtime.base import LLMError
from runtime.chat_templates import GEMMA, chat_template

CHAT = [
    {"role": "system", "content": "You are a shop assistant.\n"},
    {"role": "user", "content": "Shoes under $50?"},
    {"role": "assistant", "content": "[shoe-1] costs $45."},
    {"role": "user", "content": "Anything in red?"},
]
EXPECTED = (
    "<bos><start_of_turn>user\nYou are a shop assistant.\n\nShoes under $50?<end_of_turn>\n"
    "<start_of_turn>model\n[shoe-1] costs $45.<end_of_turn>\n"
    "<start_of_turn>user\nAnything in red?<end_of_turn>\n"
    "<start_of_turn>model\n"
)


def test_the_model_s_own_template_wins_and_a_known_family_fills_in():
    assert chat_template("{{ messages }}", "gemma3", "m.gguf") == "{{ messages }}"
    assert chat_template(None, "gemma3", "m.gguf") == GEMMA == chat_template("", "gemma3_text", "m.gguf")
    with pytest.raises(LLMError, match="m.gguf has no chat template and its architecture 'falcon'"):
        chat_template(None, "falcon", "m.gguf")


def test_gemma_turns_as_llama_cpp_lays_them_out():
    llama_cpp = pytest.importorskip("llama_cpp")
    formatter = llama_cpp.llama_chat_format.Jinja2ChatFormatter(template=GEMMA, eos_token="<eos>", bos_token="<bos>")
    assert formatter(messages=CHAT).prompt == EXPECTED
    no_system = formatter(messages=CHAT[1:2]).prompt
    assert no_system == "<bos><start_of_turn>user\nShoes under $50?<end_of_turn>\n<start_of_turn>model\n"


def test_gemma_turns_as_transformers_lays_them_out_for_training(tmp_path):
    from transformers import AutoTokenizer

    from tests.tiny_models import tiny_llama

    tokenizer = AutoTokenizer.from_pretrained(tiny_llama(tmp_path / "tiny"))
    tokenizer.bos_token = "<bos>"
    tokenizer.chat_template = GEMMA
    assert tokenizer.apply_chat_template(CHAT, tokenize=False, add_generation_prompt=True) == EXPECTED
    # the target a training row adds is the model's turn closed by <end_of_turn>: what it learns to stop with
    whole = tokenizer.apply_chat_template([*CHAT, {"role": "assistant", "content": "No."}], tokenize=False)
    assert whole == EXPECTED + "No.<end_of_turn>\n"
