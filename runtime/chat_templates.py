"""The chat template of a model that ships without one: a pretrained (not instruction-tuned) GGUF
such as `google/gemma-3-270m` has no `tokenizer.chat_template`, so neither llama.cpp nor training
would know how to lay out a chat. Its family's documented turn format is used instead, the same
string for training (the tokenizer of the dequantized cache) and serving (llama.cpp), so an adapter
is served in the layout it was trained on.
"""

from __future__ import annotations

from runtime.base import LLMError

# Gemma's turn format (ai.google.dev "Gemma formatting and system instructions"): user/model turns
# between <start_of_turn> and <end_of_turn>; Gemma has no system role, so a system message opens
# the first user turn. The model ends its turn with <end_of_turn>, which llama.cpp treats as end of
# generation.
GEMMA = (
    "{{ bos_token }}"
    "{%- if messages[0]['role'] == 'system' -%}"
    "{%- set prefix = messages[0]['content'] | trim + '\n\n' -%}{%- set turns = messages[1:] -%}"
    "{%- else -%}{%- set prefix = '' -%}{%- set turns = messages -%}{%- endif -%}"
    "{%- for message in turns -%}"
    "{%- set role = 'model' if message['role'] == 'assistant' else message['role'] -%}"
    "{{ '<start_of_turn>' + role + '\n' + (prefix if loop.first else '') + message['content'] | trim + '<end_of_turn>\n' }}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}{{ '<start_of_turn>model\n' }}{%- endif -%}"
)
END_OF_TURN = {"gemma3": "<end_of_turn>", "gemma3_text": "<end_of_turn>"}
BY_ARCHITECTURE = {"gemma3": GEMMA, "gemma3_text": GEMMA}  # GGUF general.architecture and transformers model_type


def chat_template(own: str | None, architecture: str, model_name: str) -> str:
    """The model's own template, or its family's when it has none; an error naming the fix otherwise."""
    if own:
        return own
    if architecture in BY_ARCHITECTURE:
        return BY_ARCHITECTURE[architecture]
    raise LLMError(
        f"{model_name} has no chat template and its architecture {architecture!r} has no known turn format; "
        f"use a chat (instruct) model, or one of {sorted(BY_ARCHITECTURE)}"
    )
