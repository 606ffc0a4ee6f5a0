"""The Agent tab's callbacks without a server: the queue, suggestions with their sources, sending
(accepted vs edited), discarding, tones, confirming actions, and the log that records it all."""

from __future__ import annotations

import pytest

from assistant.support.records import SuggestionLog
from retrieval.catalog import DEMO_DIR
from tests.test_support_assist import EMAIL, assistant, book, first, policy  # noqa: F401  (fixtures)
from ui.agent import DRAFTS, AgentCallbacks, AgentState, read_queue
from ui.errors import UserFacingError

STATE = -1  # the last output of every full update is the state
STATUS = -2


@pytest.fixture
def tab(book, policy):  # noqa: F811
    return AgentCallbacks(assistant(book, policy, "cancel"), SuggestionLog(), read_queue(DEMO_DIR / "conversations.jsonl"))


def test_the_demo_queue_holds_the_shipped_conversations():
    queue = read_queue(DEMO_DIR / "conversations.jsonl")
    assert len(queue) == 12 and queue[0].thread_id.startswith("demo-01 · ")


def test_open_suggest_send_edited_and_the_log_counts_it(tab):
    o = first("placed")
    out = tab.paste(f"Customer: please cancel {o['order_id']}, it's {EMAIL[o['customer_id']]}", AgentState())
    assert "please cancel" in out[0] and out[STATE].suggestion is None
    out = tab.suggest(out[STATE])
    state = out[STATE]
    assert state.suggestion is not None and state.suggestion_id is not None
    group, label, text, sources = out[3:7]
    assert group["visible"] and "from the records" in label and "can still be cancelled" in text and "get_order" in sources
    assert "cancel order" in out[3 + 4 * DRAFTS] and out[4 + 4 * DRAFTS]["visible"]  # the action and its Confirm button
    assert tab.confirm(0, state).startswith("Confirmed: cancel_order")
    out = tab.send(0, text + " Anything else?", state)
    assert "Sent draft 1 (edited)" in out[STATUS] and "**Agent:** " in out[0] and not out[3]["visible"]
    with pytest.raises(UserFacingError, match="already sent"):
        tab.send(0, text, out[STATE])
    figures = tab.log.analytics()
    assert (figures.suggestions, figures.edited, figures.actions_confirmed) == (1, 1.0, 1)


def test_discard_with_a_reason_and_accept_unchanged(tab):
    o = first("placed")
    state = tab.paste(f"Customer: cancel {o['order_id']} {EMAIL[o['customer_id']]}", AgentState())[STATE]
    state = tab.suggest(state)[STATE]
    status, state = tab.discard(0, "wrong tone", state)
    assert status == "Discarded draft 1 (wrong tone)."
    assert tab.log.analytics().discarded == 1.0


def test_errors_are_one_sentence_for_the_agent(tab):
    with pytest.raises(UserFacingError, match="Open a conversation"):
        tab.suggest(AgentState())
    with pytest.raises(UserFacingError, match="Could not read that conversation"):
        tab.paste("Agent: hello", AgentState())
    with pytest.raises(UserFacingError, match="no such draft"):
        tab.send(0, "x", AgentState())
    text, note = tab.tone("formal", "Hi, thanks for getting in touch. It can't be cancelled.")
    assert text.startswith("Dear customer") and "cannot" in text and "unchanged" in note
    assert tab.grammar("i cant find it") == ("I can't find it.", "Grammar fixed.")
