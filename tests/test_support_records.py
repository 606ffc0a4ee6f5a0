"""The suggestion log: decisions recorded and checked, exported as training data, summed up as figures;
on SQLite and on a real PostgreSQL server (the `sql_url` fixture)."""

from __future__ import annotations

import json

import pytest

from assistant.support.records import SuggestionLog, merge_alike
from tests.test_support_assist import BOOK, EMAIL, assistant, book, first, policy, thread  # noqa: F401  (fixtures)


def test_decisions_export_the_replies_agents_sent_as_training_examples(book, policy, sql_url):  # noqa: F811
    log = SuggestionLog(sql_url)
    o = first("placed")
    t = thread(f"please cancel {o['order_id']}", email=EMAIL[o["customer_id"]])
    s = assistant(book, policy, "cancel").suggest(t)
    sid = log.record(t, s, agent="sam")
    log.decide(sid, 0, "edited", "Done: I've cancelled it, the authorisation drops off in 3-5 business days.")
    log.decide(sid, 0, "accepted")
    assert log.confirm(sid, 0)["name"] == "cancel_order"
    examples = log.training_examples("Demo Shop")
    assert [e["source"] for e in examples] == ["agent-edited", "agent-accepted"]
    first_example = examples[0]["messages"]
    assert (
        first_example[0]["role"] == "system" and o["order_id"] in first_example[0]["content"] and "Demo Shop" in first_example[0]["content"]
    )
    assert first_example[1] == {"role": "user", "content": f"please cancel {o['order_id']}"}
    assert first_example[-1]["content"].startswith("Done: I've cancelled it") and examples[1]["messages"][-1]["content"] == s.drafts[0].text
    json.dumps(examples)


def test_bad_decisions_are_refused_with_what_to_fix(book, policy, sql_url):  # noqa: F811
    log = SuggestionLog(sql_url)
    o = first("shipped")
    t = thread(f"cancel {o['order_id']}", email=EMAIL[o["customer_id"]])
    sid = log.record(t, assistant(book, policy, "cancel").suggest(t))
    with pytest.raises(ValueError, match="decision must be one of"):
        log.decide(sid, 0, "liked")
    with pytest.raises(ValueError, match="has drafts 0-0, not 3"):
        log.decide(sid, 3, "accepted")
    with pytest.raises(ValueError, match="needs the text"):
        log.decide(sid, 0, "edited", "  ")
    with pytest.raises(ValueError, match="not allowed by the policy"):
        log.confirm(sid, 0)  # a shipped order cannot be cancelled
    with pytest.raises(ValueError, match="no suggestion 99"):
        log.decide(99, 0, "accepted")


def test_the_figures_count_decisions_edits_intents_and_unanswered_questions(book, policy, sql_url):  # noqa: F811
    log = SuggestionLog(sql_url)
    support = assistant(book, policy, "shipping")
    empty_policy = assistant(book, None, "shipping")
    t1 = thread("do you ship to Canada?")
    log.decide(log.record(t1, support.suggest(t1)), 0, "discarded", reason="too long")
    for text in ("do you deliver to Mars?", "Do you deliver to mars", "can I pay with bitcoin?"):
        t = thread(text)
        log.decide(log.record(t, empty_policy.suggest(t)), 0, "edited", "Sorry, not yet.")
    figures = log.analytics()
    assert (figures.suggestions, figures.decided, figures.discarded, figures.edited) == (4, 4, 0.25, 0.75)
    assert figures.top_intents == (("shipping", 4),) and 0 < figures.edit_distance <= 1
    assert figures.unanswered == (("do you deliver to Mars?", 2), ("can I pay with bitcoin?", 1))


def test_alike_questions_merge_and_the_most_asked_comes_first():
    merged = merge_alike(["where is my refund", "refund where is it", "price of the Lumen?", "where is my refund??"])
    assert merged == [("where is my refund", 3), ("price of the Lumen?", 1)]


def test_agent_log_prints_the_figures_and_exports_through_the_command_line(book, policy, tmp_path, capsys):  # noqa: F811
    from assistant.cli import main

    url = f"sqlite:///{tmp_path / 'log.sqlite'}"
    log = SuggestionLog(url)
    t = thread("do you ship to Canada?")
    log.decide(log.record(t, assistant(book, policy, "shipping").suggest(t)), 0, "accepted")
    options = ["--set", f"support.records_url={json.dumps(url)}"]
    assert main(["agent-log", "stats", *options]) == 0
    assert "accepted 100%" in capsys.readouterr().out
    out = tmp_path / "replies.jsonl"
    assert main(["agent-log", "export", "--out", str(out), *options]) == 0
    assert json.loads(out.read_text().splitlines()[0])["source"] == "agent-accepted"
    assert main(["agent-log", "stats", "--json", *options]) == 0
    assert json.loads(capsys.readouterr().out)["suggestions"] == 1
