"""Chit-chat: the model is asked for a short reply naming the store, a fixed greeting stands in when its
text cannot be grounded, and the follow-ups offer the policy only when the store has one."""

from __future__ import annotations

import pytest

from assistant.chit_chat import plan_chit_chat
from assistant.config import AssistantConfig
from assistant.plan import PlanContext
from assistant.policy import PolicyBook, load_policy
from assistant.templates import load_prompt
from assistant.understanding import Constraints, Understanding
from retrieval.records import Product
from tests.fakes import HashEmbedder

SHOWN = (Product(id="a", title="Alpha", price=10.0, currency="USD"),)


@pytest.fixture(scope="module")
def policy(tmp_path_factory):
    path = tmp_path_factory.mktemp("policy") / "policy.md"
    path.write_text("# Policy\n\n## Returns\n\n- Items can be returned within 30 days.\n", encoding="utf-8")
    return PolicyBook(load_policy(path), HashEmbedder())


def context(policy=None, store_name="Café Lumen", constraints: Constraints | None = None):
    understanding = Understanding("chit_chat", constraints or Constraints(), "hello there")
    return PlanContext(understanding, SHOWN, None, None, policy, AssistantConfig(), store_name)  # type: ignore[arg-type]


def test_draft_is_a_chit_chat_prompt_naming_the_store():
    draft = plan_chit_chat(context())
    assert draft.intent == "chit_chat" and not draft.abstained and draft.text == ""
    [message] = draft.messages
    assert message.role == "system" and message.content == load_prompt("chit_chat").substitute(store="Café Lumen")
    assert message.content.startswith("You are the friendly shopping assistant of Café Lumen. ")
    assert "$store" not in message.content


def test_the_default_store_name():
    understanding = Understanding("chit_chat", Constraints(), "hi")
    draft = plan_chit_chat(PlanContext(understanding, (), None, None, None, AssistantConfig()))  # type: ignore[arg-type]
    assert "shopping assistant of the store. " in draft.messages[0].content


def test_the_fallback_greeting_and_nothing_to_show():
    draft = plan_chit_chat(context())
    assert draft.fallback == "Hello! Tell me what you are shopping for."
    assert (draft.candidates, draft.products, draft.citations, draft.table, draft.figures_from) == ((), (), (), None, ())


def test_follow_ups_without_a_policy():
    assert plan_chit_chat(context()).follow_ups == ("What do you recommend?",)


def test_follow_ups_with_a_policy(policy):
    assert plan_chit_chat(context(policy)).follow_ups == ("What do you recommend?", "What is the return policy?")


def test_the_constraints_carry_through():
    constraints = Constraints(price_max=30.0, brands=("Tono",))
    assert plan_chit_chat(context(constraints=constraints)).constraints == constraints
