"""The support adapter's agent-assist examples: the served draft prompt byte for byte, a target
rendered from the same records, and a split that keeps each customer on one side."""

from __future__ import annotations

import pytest

from assistant.support.eligibility import load_rules
from assistant.support.intents import IntentClassifier, read_examples
from assistant.support.tone import facts_of
from finetune.assist_data import assist_examples
from retrieval.catalog import DEMO_DIR
from tests.fakes import HashEmbedder
from tests.test_support_assist import BOOK, TODAY, book, policy  # noqa: F401  (fixtures)


def test_prompts_are_the_served_ones_targets_the_records_and_customers_stay_on_one_side(book, policy):  # noqa: F811
    from assistant.support.assist import SupportAssistant

    classifier = IntentClassifier(HashEmbedder(), read_examples())
    support = SupportAssistant(book, load_rules(DEMO_DIR / "policy_rules.toml"), policy, classifier, None, "Demo Shop", lambda: TODAY)
    built = assist_examples(support, seed=0)
    assert len(built.examples) > 400 and built.dropped  # the hand-offs ask no draft
    sides: dict[str, set[str]] = {}
    for e in built.examples:
        sides.setdefault(e.group, set()).add(e.split)
        system, *conversation, target = e.messages
        assert system.role == "system" and system.content.startswith("You are a customer-service agent of Demo Shop")
        assert [m.role for m in conversation] == ["user"] and target.role == "assistant"
        assert facts_of(target.content) <= facts_of(system.content) | facts_of(conversation[0].content), e.group
    assert all(len(s) == 1 for s in sides.values()) and {e.split for e in built.examples} == {"train", "dev"}
    asked = [e for e in built.examples if "Still missing: customer not identified" in e.messages[0].content]
    assert asked and all("email address on your account" in e.target for e in asked)
    assert assist_examples(support, seed=0).examples == built.examples  # the same seed, the same data


def test_agent_log_replies_become_draft_examples_with_personal_data_redacted_alike_in_prompt_and_target(book, policy):  # noqa: F811
    from assistant.support.records import SuggestionLog
    from finetune.assist_data import agent_log_examples
    from finetune.examples import DataError
    from tests.test_support_assist import EMAIL, assistant, first, thread

    log = SuggestionLog()
    o = first("placed")
    customer = next(c for c in BOOK["customers"] if c["customer_id"] == o["customer_id"])
    t = thread(f"please cancel {o['order_id']}", email=EMAIL[o["customer_id"]])
    sid = log.record(t, assistant(book, policy, "cancel").suggest(t))
    first_name, name = customer["first_name"], f"{customer['first_name']} {customer['last_name']}"
    log.decide(
        sid, 0, "edited", f"Thanks {first_name}, I've cancelled {o['order_id']}; write to {customer['email']} if anything else comes up."
    )
    built = agent_log_examples(log.training_examples("Demo Shop"))
    [example] = built.examples
    assert (example.source, example.origin, example.kind, example.group) == ("agent-log", "source", "draft", f"suggestion-{sid}")
    text = "\n".join(m.content for m in example.messages)
    assert customer["email"] not in text and name not in text and first_name not in text and o["order_id"] not in text
    assert example.target == "Thanks {{Person Name}}, I've cancelled {{Order Number}}; write to {{Email}} if anything else comes up."
    assert "{{Order Number}}" in example.messages[0].content and built.redacted["email"] >= 2
    with pytest.raises(DataError, match="suggestion log export row 1: not an exported example"):
        agent_log_examples([{"messages": "hello"}])
