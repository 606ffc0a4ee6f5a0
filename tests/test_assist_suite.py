"""The agent-assist suite: its files, the planted replies, the check of shown drafts against the order
book, and a run through the harness on fakes."""

from __future__ import annotations

import json
from datetime import date

import pytest

from assistant.config import load_config
from assistant.support.assist import Suggestion
from assistant.support.drafts import Draft
from assistant.support.handoff import CONTINUE
from assistant.support.intents import Intent
from assistant.support.order_files import read_demo_orders
from assistant.support.orders import OrderBook
from assistant.support.thread import Message, Thread
from assistant.support.tools import Fact
from eval import harness
from eval.assist_suite import AssistCase, first_person, planted_cases, read_handoff_cases, read_tau_scenarios, summarize, unsupported
from eval.cases import CaseError
from eval.harness import CASES_DIR, RunOptions, data_files
from retrieval.catalog import DEMO_DIR
from tests.fakes import HashEmbedder, ScriptedGenerator

TODAY = date(2026, 12, 5)


@pytest.fixture(scope="module")
def book() -> OrderBook:
    book = OrderBook()
    book.add(read_demo_orders(DEMO_DIR / "orders.json", TODAY))
    return book


def test_the_shipped_hand_off_set_reads_and_a_bad_line_is_refused_with_its_number(tmp_path):
    cases = read_handoff_cases(CASES_DIR / "support_handoff.jsonl")
    assert len(cases) >= 50 and sum(c.handoff for c in cases) >= 30 and sum(not c.handoff for c in cases) >= 20
    bad = tmp_path / "h.jsonl"
    bad.write_text('{"id": "a", "messages": [{"role": "customer", "text": "hi"}], "handoff": false}\n{"id": "b", "messages": []}\n')
    with pytest.raises(CaseError, match="line 2: a case needs"):
        read_handoff_cases(bad)


def test_tau_bench_scenarios_become_first_person_messages_with_the_first_consequential_action():
    assert first_person("Your name is Olivia Ito and your zip code is 80218. You've ordered an item.") == (
        "My name is Olivia Ito and my zip code is 80218. I've ordered an item."
    )
    cases = read_tau_scenarios(CASES_DIR / "tau_example" / "tasks_dev.json")
    assert cases and all(c.thread.messages[0].text.startswith("My name is") for c in cases)


def test_planted_replies_carry_one_invented_fact_of_each_kind_beside_true_sentences(book):
    customers = [(c.customer_id, c.email) for c in book.customers()]
    cases = planted_cases(book, customers, TODAY, count=7)
    assert [c.case_id.rsplit("-", 1)[1] for c in cases] == ["order_id", "tracking", "date", "amount", "status", "figure", "slot"]
    for c in cases:
        assert c.invented in c.planted and all(t in c.planted for t in c.true) and c.thread.verified_email


def test_the_book_check_flags_a_shown_amount_or_order_that_is_not_the_customers(book):
    customer = book.customers()[0]
    order = book.orders_of(customer.customer_id)[0]
    facts = (Fact("F1", f"The customer is {customer.name} ({customer.email}), identified by email.", "find_customer_by_email()"),)

    def shown(text: str) -> Suggestion:
        draft = Draft("model", text, (), ())
        return Suggestion("t", Intent("other", 1.0, ""), (), (draft,), (), CONTINUE, (), facts, (), (), ("", "", ""), ())

    assert unsupported(shown(f"Your order {order.order_id} cost ${order.total:.2f}."), book) == []
    assert unsupported(shown("Your order ORD-99999 cost $1.23."), book) == ["order ORD-99999", "amount $1.23"]


def test_hand_off_precision_and_recall_are_counted_over_the_labelled_cases():

    thread = Thread("t", (Message("customer", "x"),))
    cases = [AssistCase("a", thread, True, "legal"), AssistCase("b", thread, True, "safety"), AssistCase("c", thread, False, "routine")]
    outputs = [("handoff", "legal"), ("continue", ""), ("handoff", "safety")]
    records = [
        {"output": {"handoff": {"action": a, "reason": r}, "drafts": [], "dropped": [], "facts": []}, "unsupported": []} for a, r in outputs
    ]
    metrics = summarize(cases, records, [0.1, 0.2, 0.3])
    assert metrics["handoff_precision"].value == 0.5 and metrics["handoff_recall"].value == 0.5
    assert metrics["handoff_reason_right"].value == 1.0 and metrics["routine_handed_off"].value == 1.0


def test_the_suite_runs_through_the_harness_on_fakes(monkeypatch):
    files = data_files(RunOptions(), "assist")
    assert files[0] == CASES_DIR / "support_handoff.jsonl" and [f.name for f in files[1:]] in (
        ["train.csv", "tasks_dev.json"],
        ["support_example.csv", "tasks_dev.json"],
    )

    class Models:
        generator = ScriptedGenerator("Thanks for writing. We refund within 99 days.", adapters=("support",))
        embedder = HashEmbedder()

    example = (CASES_DIR / "support_handoff.jsonl", *harness.SUPPORT_EXAMPLES)
    options = RunOptions(suites=("assist",), data=tuple(f"assist={p}" for p in example), limit=3)
    config = load_config(None, ['support.today="2026-12-05"'])
    context = harness.Context(config, options, Models(), lambda case: None, lambda text: None)
    runs = harness.RUNNERS["assist"](context)
    assert [r.suite for r in runs] == [
        "assist[support_handoff]",
        "assist[bitext support_example]",
        "assist[tau-bench tasks_dev]",
        "assist[planted]",
    ]
    bitext = runs[1].metrics
    assert 0 <= bitext["intent_accuracy"].value <= 1 and "model_draft_shown" not in bitext  # the rendered draft only
    assert 0 < bitext["reply_rouge_l"].value < 1 and 0 < bitext["reply_cosine"].value <= 1 and bitext["reply_rouge_l"].n == 3
    assert "reply_rouge_l" not in runs[0].metrics  # conversations carry no reference reply
    planted = runs[3].metrics
    assert planted["planted_caught"].value == 1.0 and planted["planted_caught"].n == 3 and planted["planted_true_kept"].value == 1.0
    assert runs[0].metrics["shown_drafts_unsupported"].value == 0.0 and [d["cases"] for d in context.data] == [3, 3, 3]
    model = [d for r in runs[0].cases for d in r["output"]["drafts"] if d["kind"] == "model"]
    assert all("99 days" not in d["text"] for d in model)
    json.dumps([r.cases for r in runs])  # cases.jsonl can hold them


def test_the_shipped_gates_read_and_name_only_metrics_the_suites_report():
    from eval.runs import read_thresholds

    known = {"shown_drafts_unsupported", "facts_before_identity", "planted_caught", "planted_true_kept"}
    gate = read_thresholds(CASES_DIR.parent / "gate_assist.toml")
    assert set(gate) == {"assist[support_handoff]", "assist[planted]"} and {m for t in gate.values() for m in t} <= known
    assert "assistant" in read_thresholds(CASES_DIR.parent / "gate.toml")
