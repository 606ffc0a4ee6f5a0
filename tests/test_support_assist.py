"""Agent assist: reading a conversation, the hand-off rules, grounding of the model's draft, and the
whole suggestion over the demo order book with fakes for the embedder and the model."""

from __future__ import annotations

import json
from datetime import date

import pytest

from assistant.policy import PolicyBook, load_policy
from assistant.support import handoff
from assistant.support.assist import SupportAssistant
from assistant.support.drafts import ground_draft
from assistant.support.eligibility import load_rules
from assistant.support.handoff import decide
from assistant.support.intents import INTENTS, Intent, IntentClassifier, read_examples
from assistant.support.nearest import ExamplesError, NearestExamples
from assistant.support.order_files import read_demo_orders
from assistant.support.orders import OrderBook
from assistant.support.thread import Message, Thread, ThreadError, identifiers, read_thread
from assistant.support.tools import look_up
from retrieval.catalog import DEMO_DIR
from tests.fakes import HashEmbedder, ScriptedGenerator

TODAY = date(2026, 12, 5)
BOOK = json.loads((DEMO_DIR / "orders.json").read_text())
EMAIL = {c["customer_id"]: c["email"] for c in BOOK["customers"]}


def first(status: str) -> dict:
    return next(o for o in BOOK["orders"] if o["status"] == status)


class FixedIntent:
    """The classifier's seam with a chosen answer, so a test is about the stages after it."""

    def __init__(self, name: str):
        self.name = name

    def classify(self, message: str) -> Intent:
        return Intent(self.name, 1.0, "")


@pytest.fixture(scope="module")
def book() -> OrderBook:
    book = OrderBook()
    book.add(read_demo_orders(DEMO_DIR / "orders.json", TODAY))
    return book


@pytest.fixture(scope="module")
def policy() -> PolicyBook:
    return PolicyBook(load_policy(DEMO_DIR / "policy.md"), HashEmbedder())


def assistant(book, policy, intent: str, generator=None) -> SupportAssistant:
    return SupportAssistant(
        book, load_rules(DEMO_DIR / "policy_rules.toml"), policy, FixedIntent(intent), generator, "Demo Shop", lambda: TODAY
    )


def thread(*texts: str, email: str = "") -> Thread:
    roles = ["customer", "agent"] * len(texts)
    return Thread("t", tuple(Message(r, t) for r, t in zip(roles, texts)), email)


def test_a_conversation_reads_from_text_lines_or_json_with_errors_that_name_the_field():
    t = read_thread("Customer: where is ORD-10002?\nit's late\nAgent: Can I have your email?\nCustomer: ava@example.com")
    assert [m.role for m in t.messages] == ["customer", "agent", "customer"] and t.messages[0].text == "where is ORD-10002?\nit's late"
    assert read_thread("just one message").messages == (Message("customer", "just one message"),)
    j = read_thread(json.dumps({"id": "c9", "messages": [{"role": "Customer", "text": "hi"}], "verified_email": "A@example.com"}))
    assert (j.thread_id, j.verified_email) == ("c9", "a@example.com")
    with pytest.raises(ThreadError, match=r"messages\[0\]: message role 'bot'"):
        read_thread('{"messages": [{"role": "bot", "text": "hi"}]}')
    with pytest.raises(ThreadError, match="no customer message"):
        read_thread("Agent: hello?")
    with pytest.raises(ThreadError, match="looks like JSON"):
        read_thread("{nope")


def test_identifiers_are_read_from_the_customer_only():
    t = thread("My name is Rosa Baptiste, zip 12296, order #w1234567 and ORD-10004.", "Is ORD-99999 yours?", "ROSA@Example.com")
    ids = identifiers(t)
    assert ids.order_ids == ("#W1234567", "ORD-10004") and ids.emails == ("rosa@example.com",)
    assert ids.name_zip == ("Rosa", "Baptiste", "12296")


def test_an_unidentified_customer_learns_nothing_about_an_order_and_is_asked_who_they_are(book, policy):
    o = first("shipped")
    s = assistant(book, policy, "order_status").suggest(thread(f"where is my order {o['order_id']}?"))
    assert not any(call.startswith("get_order") for call in s.calls) and not s.facts
    assert any(m.startswith("customer not identified") for m in s.missing)
    assert "email address on your account" in s.drafts[0].text and o["order_id"] not in s.drafts[0].text
    assert s.handoff.action == "continue"


def test_a_cancel_on_a_placed_order_is_proposed_ready_and_the_draft_cites_its_facts(book, policy):
    o = first("placed")
    s = assistant(book, policy, "cancel").suggest(thread(f"please cancel {o['order_id']}", email=EMAIL[o["customer_id"]]))
    (action,) = s.actions
    assert action.name == "cancel_order" and dict(action.arguments) == {"order_id": o["order_id"]} and action.ready
    draft = s.drafts[0]
    assert draft.kind == "facts" and "can still be cancelled" in draft.text
    labels = {f.label: f for f in s.facts}
    assert draft.facts and all(labels[x].tool.endswith(f"({o['order_id']})") for x in draft.facts)


def test_the_reply_quotes_the_policy_section_behind_its_check(book, policy):
    o = first("delivered")
    s = assistant(book, policy, "return").suggest(thread(f"can I send back the stuff from {o['order_id']}?", email=EMAIL[o["customer_id"]]))
    assert s.passages[0].section == "Returns" and f"From our policy (Returns): {s.passages[0].text}" in s.drafts[0].text
    assert s.drafts[0].passages == ("P1",)


def test_a_shipped_order_cannot_be_cancelled_and_the_action_says_why(book, policy):
    o = first("shipped")
    s = assistant(book, policy, "cancel").suggest(thread(f"cancel {o['order_id']} now", email=EMAIL[o["customer_id"]]))
    (action,) = s.actions
    assert not action.ready and any("it is shipped" in text and not ok for text, ok in action.preconditions)
    assert "can't be cancelled" in s.drafts[0].text and "refuse the delivery" in s.drafts[0].text


def test_someone_elses_order_is_never_shown_and_hands_off(book, policy):
    o = first("delivered")
    other = next(c for c in BOOK["customers"] if c["customer_id"] != o["customer_id"])
    s = assistant(book, policy, "return").suggest(thread(f"return {o['order_id']}", email=other["email"]))
    assert (s.handoff.action, s.handoff.reason) == ("handoff", "unauthenticated")
    assert not any(o["order_id"] in f.text for f in s.facts)


@pytest.mark.parametrize(
    ("texts", "reason"),
    [
        (("I will have my lawyer contact you",), "legal"),
        (("the charger caught fire last night",), "safety"),
        (("can I talk to a real person please",), "asks_for_person"),
        (("I know it's past 30 days but make an exception",), "outside_policy"),
        (("where is my order", "It's on its way.", "this is the third time I ask"), "repeated_failure"),
        (("where is my order", "What is your email address?", "I'd rather not say"), "unauthenticated"),
        (("the fire-red kettle, is it in stock?",), ""),
        (("my manager asked me to order 5 chairs, how do I pay by invoice?",), ""),
    ],
)
def test_hand_off_rules(book, texts, reason):
    t = thread(*texts)
    lookup = look_up(t, identifiers(t), "order_status", book, load_rules(DEMO_DIR / "policy_rules.toml"), TODAY)
    decision = decide(t, "order_status", lookup)
    assert decision.reason == reason and decision.action == ("handoff" if reason else "continue")


def test_the_labelled_examples_hand_off_what_no_rule_phrases_and_say_which_example_they_resemble(book):
    examples = [
        ("could somebody with authority look at my case", "asks_for_person"),
        ("the kettle lid snapped and cut my thumb", "safety"),
        ("where is my parcel", "routine"),
        ("how long does the battery last", "routine"),
    ]
    similar = NearestExamples(HashEmbedder(), examples, handoff.EXAMPLE_LABELS, "routine")

    def decision(*texts: str):
        t = thread(*texts)
        lookup = look_up(t, identifiers(t), "complaint", book, load_rules(DEMO_DIR / "policy_rules.toml"), TODAY)
        return decide(t, "complaint", lookup, similar)

    asked = decision("could somebody with authority look at my case")
    assert (asked.action, asked.reason) == ("handoff", "asks_for_person") and "somebody with authority" in asked.detail
    earlier = decision("the kettle lid snapped and cut my thumb", "I'm sorry to hear that.", "how long does the battery last")
    assert earlier.reason == "safety"  # any customer message counts, the latest first
    assert decision("where is my parcel").action == "continue"
    assert decision("I will call my lawyer").reason == "legal" and "lawyer" in decision("I will call my lawyer").detail  # rules first


def test_the_shipped_hand_off_examples_cover_every_label_and_a_bad_file_is_refused(tmp_path):
    examples = handoff.read_examples()
    counts = {label: sum(name == label for _, name in examples) for label in handoff.EXAMPLE_LABELS}
    assert min(counts.values()) >= 40 and counts["routine"] >= 140 and len({text for text, _ in examples}) == len(examples)
    assert set(handoff.EXAMPLE_LABELS) - {"routine"} <= set(handoff.REASONS)
    bad = tmp_path / "handoff.toml"
    bad.write_text('[rude]\nexamples = ["you lot are useless"]\n')
    with pytest.raises(ExamplesError, match=r"\[rude\] is not a known hand-off label; use one of asks_for_person"):
        handoff.read_examples(bad)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("can someone with authority look at this", "asks_for_person"),
        ("the space heater I bought gave my son a burn on his hand", "safety"),
        ("I'll be filing a complaint with the attorney general", "legal"),
        ("is the space heater safe around kids?", "routine"),
        ("a gift for my manager, which headphones?", "routine"),
        ("can I order the same tent again in green", "routine"),
    ],
)
def test_the_shipped_hand_off_examples_under_the_real_embedder(embedder, message, reason):
    similar = NearestExamples(embedder, handoff.read_examples(), handoff.EXAMPLE_LABELS, "routine")
    vote = similar.vote(message)
    assert vote.name == reason and (reason == "routine" or vote.confidence >= handoff.SIMILAR_SHARE)


def test_the_model_draft_keeps_only_sentences_whose_facts_a_tool_or_passage_returned(book, policy):
    o = first("shipped")
    ship = o["shipments"][0]
    reply = (
        f"Your order {o['order_id']} is in transit with tracking {ship['tracking_id']}. "
        "It was delivered on December 1, 2026. "  # a status and a date no fact holds
        "Your order ORD-99999 is ready. "  # an invented order
        "We refund within 37 hours. "  # an invented figure
        "Please send {{Order Number}}. "  # a slot the model did not fill
        "I'm not able to help with orders. "  # a refusal
        "Best regards,"
    )
    generator = ScriptedGenerator(reply, adapters=("support",))
    s = assistant(book, policy, "order_status", generator).suggest(thread("where is it?", email=EMAIL[o["customer_id"]]))
    model = next(d for d in s.drafts if d.kind == "model")
    assert model.text == f"Your order {o['order_id']} is in transit with tracking {ship['tracking_id']}."
    assert {r.kind for r in model.repairs} == {"unsupported_fact", "refusal"} and len(model.repairs) == 5
    assert generator.used_adapters == ["support"]
    system = generator.prompts[0][0].content
    assert ship["tracking_id"] in system and "[F1]" in system


def test_a_model_draft_with_nothing_grounded_is_dropped_and_said(book, policy):
    generator = ScriptedGenerator("Your order ORD-99999 ships on March 3.")
    s = assistant(book, policy, "shipping", generator).suggest(thread("how long does shipping take?"))
    assert [d.kind for d in s.drafts] == ["facts"] and s.dropped and "ORD-99999" in s.dropped[0]


def test_on_a_hand_off_the_model_is_not_asked(book, policy):
    generator = ScriptedGenerator("anything")
    s = assistant(book, policy, "other", generator).suggest(thread("get me your manager NOW"))
    assert s.handoff.reason == "asks_for_person" and generator.prompts == []
    assert "passing this conversation to a colleague" in s.drafts[0].text and s.summary[2].startswith("Next: hand off")


def test_grounding_drops_repeats_and_echoes_of_the_customer():
    kept, repairs = ground_draft("We can help. We can help. please cancel my order now", (), (), "please cancel my order now")
    assert kept == "We can help." and [r.kind for r in repairs] == ["repetition", "repetition"]
    fact = "The customer is Ava Moreau (ava@example.com), identified by email."
    kept, repairs = ground_draft(f"{fact} [C1] (Cancellation of order). Happy to help you.", (fact,))
    assert kept == "Happy to help you." and [r.kind for r in repairs] == ["internal", "fragment"]


def test_the_suggestion_is_json_ready(book, policy):
    o = first("delivered")
    s = assistant(book, policy, "return").suggest(thread(f"return {o['order_id']}", email=EMAIL[o["customer_id"]]))
    data = json.loads(json.dumps(s.as_dict()))
    assert data["intent"]["name"] == "return" and data["handoff"]["action"] in ("continue", "handoff")
    assert set(data["timings"]) == {"intent", "tools", "policy", "drafts"} and len(data["summary"]) == 3
    assert "summary:" in s.as_text()


def test_the_shipped_intent_examples_cover_every_intent_and_a_bad_file_is_refused(tmp_path):
    examples = read_examples()
    assert {intent for _, intent in examples} == set(INTENTS) and len(examples) >= 20 * len(INTENTS)
    classifier = IntentClassifier(HashEmbedder(), examples)
    assert classifier.classify("please cancel my order before it ships").name == "cancel"
    bad = tmp_path / "examples.toml"
    bad.write_text('[teleport]\nexamples = ["beam me up"]\n')
    with pytest.raises(ExamplesError, match=r"\[teleport\] is not a known intent"):
        read_examples(bad)


def test_suggest_reads_a_conversation_from_stdin_or_a_file_and_says_what_is_wrong_with_one(tmp_path, capsys, monkeypatch):
    import io

    import assistant.builders
    from assistant.cli import main

    monkeypatch.setattr(assistant.builders, "build_embedder", lambda config: HashEmbedder())
    o = first("placed")
    options = ["--set", "support.model_drafts=false", "--set", 'support.today="2026-12-05"']
    monkeypatch.setattr("sys.stdin", io.StringIO(f"Customer: Please cancel my order {o['order_id']}.\nit's {EMAIL[o['customer_id']]}"))
    assert main(["suggest", *options]) == 0
    out = capsys.readouterr().out
    assert "proposed action: cancel_order" in out and "ready to confirm" in out and "summary:" in out
    path = tmp_path / "thread.json"
    path.write_text(json.dumps({"messages": [{"role": "customer", "text": "sue you, that's what I'll do"}]}))
    assert main(["suggest", str(path), "--json", *options]) == 0
    assert json.loads(capsys.readouterr().out)["handoff"] == {"action": "handoff", "reason": "legal", "detail": "the customer wrote 'sue'"}
    path.write_text('{"messages": [{"role": "customer"}]}')
    assert main(["suggest", str(path), *options]) == 2
    assert 'messages[0] must be an object with "role"' in capsys.readouterr().err
    assert main(["suggest", str(tmp_path / "none.json"), *options]) == 2
    assert "cannot read the conversation" in capsys.readouterr().err
    assert main(["suggest", str(path), "--set", 'support.today="tomorrow"']) == 2
    assert "support.today must be a date" in capsys.readouterr().err
