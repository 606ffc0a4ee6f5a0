"""Prompt templates: every file in prompts/ loads without its version comment, declares exactly the
placeholders it uses, and fills them; an unknown name fails with the missing file's path."""

from __future__ import annotations

import re
from string import Template

import pytest

from assistant.templates import PROMPTS_DIR, load_prompt

HEADER = re.compile(r"<!-- prompt: (?P<name>[a-z_]+), version (?P<version>\d+)\. Placeholders: (?P<placeholders>.*?) -->")
EXPECTED = {
    "abstain": ("constraints", "candidates"),
    "chit_chat": ("store",),
    "classify": ("intents",),
    "compare": ("products",),
    "policy": ("passages",),
    "product_question": ("product", "facts", "evidence"),
    "recommend": ("candidates", "constraints", "profile"),
    "support_draft": ("store", "facts", "passages", "missing"),
    "support_intent": ("intents",),
    "support_tone": ("tone", "how"),
    "support_reply": ("store",),
    "tau_first_action": ("policy", "tools", "records"),
}
NAMES = sorted(p.stem for p in PROMPTS_DIR.glob("*.md"))


def test_the_prompt_folder_holds_the_known_prompts():
    assert NAMES == sorted(EXPECTED)


@pytest.mark.parametrize("name", NAMES)
def test_each_file_names_itself_and_its_placeholders_in_its_header(name):
    first = (PROMPTS_DIR / f"{name}.md").read_text(encoding="utf-8").splitlines()[0]
    header = HEADER.fullmatch(first)
    assert header and header["name"] == name and int(header["version"]) >= 1
    declared = tuple(p.strip().lstrip("$") for p in header["placeholders"].split(","))
    assert declared == EXPECTED[name]


@pytest.mark.parametrize("name", NAMES)
def test_each_prompt_loads_without_the_comment_and_uses_exactly_its_placeholders(name):
    template = load_prompt(name)
    assert isinstance(template, Template) and template.is_valid()
    assert "<!--" not in template.template and not template.template.startswith("\n")
    assert sorted(template.get_identifiers()) == sorted(EXPECTED[name])


@pytest.mark.parametrize("name", NAMES)
def test_each_prompt_substitutes_every_placeholder(name):
    values = {key: f"<<{key.upper()}>>" for key in EXPECTED[name]}
    text = load_prompt(name).substitute(**values)
    assert all(text.count(value) >= 1 for value in values.values())
    assert not re.search(r"\$[a-z_]+\b", text)  # nothing left unfilled


@pytest.mark.parametrize("name", NAMES)
def test_a_missing_placeholder_value_is_an_error(name):
    first, *rest = EXPECTED[name]
    with pytest.raises(KeyError, match=first):
        load_prompt(name).substitute(**{key: "x" for key in rest})


def test_known_answer_chit_chat():
    text = load_prompt("chit_chat").substitute(store="Café Lumen")
    assert text.startswith("You are the friendly shopping assistant of Café Lumen. Reply to the shopper in one or two short\n")


def test_placeholder_values_are_inserted_verbatim():
    text = load_prompt("compare").substitute(products="- [a] costs $5 ${not_a_placeholder}")
    assert text.endswith("Products:\n- [a] costs $5 ${not_a_placeholder}")  # values are data, never expanded again


def test_an_unknown_prompt_name_is_a_missing_file_error():
    with pytest.raises(FileNotFoundError) as raised:
        load_prompt("no_such_prompt")
    assert raised.value.filename == str(PROMPTS_DIR / "no_such_prompt.md")
