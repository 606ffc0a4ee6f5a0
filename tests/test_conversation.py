"""Session memory: only recommendation lists replace what "#2" points at, refinements build on the
latest recommend turn, history is the last exchanges in order, and clearing forgets the conversation."""

from __future__ import annotations

import re

import pytest

from assistant.answer import Answer
from assistant.conversation import Session, Turn
from assistant.understanding import Constraints, Understanding
from retrieval.records import Product
from runtime.base import Message

A = Product(id="a", title="Alpha", price=10.0, currency="USD")
B = Product(id="b", title="Beta", price=20.0, currency="USD")
C = Product(id="c", title="Gamma", price=30.0, currency="USD")


def turn(session: Session, text: str, intent: str, products=(), reply: str = "", **constraints) -> Understanding:
    understanding = Understanding(intent, Constraints(**constraints), text)
    answer = Answer(reply or f"reply to {text}", intent, understanding.constraints, False, ())
    session.record(text, understanding, answer, tuple(products))
    return understanding


def test_a_new_session_is_empty_and_anonymous():
    session = Session()
    assert (session.user_id, session.turns, session.shown, session.understanding, session.history(4)) == (None, [], (), None, [])


def test_record_appends_the_turn():
    session = Session()
    understanding = turn(session, "mugs", "recommend", [A], reply="Try [a].")
    assert session.turns == [Turn("mugs", understanding, session.turns[0].answer)] and session.turns[0].answer.text == "Try [a]."


@pytest.mark.parametrize(
    ("intent", "replaces"),
    [("recommend", True), ("product_question", False), ("compare", False), ("policy", False), ("chit_chat", False)],
)
def test_only_recommend_answers_replace_shown(intent, replaces):
    session = Session()
    turn(session, "mugs", "recommend", [A, B])
    turn(session, "next", intent, [C])
    assert session.shown == ((C,) if replaces else (A, B))


def test_a_recommend_answer_without_products_keeps_the_last_list():
    session = Session()
    turn(session, "mugs", "recommend", [A, B])
    turn(session, "under $1", "recommend", [])
    assert session.shown == (A, B)


def test_understanding_is_the_latest_recommend_turns():
    session = Session()
    turn(session, "chat", "chit_chat")
    assert session.understanding is None
    first = turn(session, "mugs", "recommend", [A], price_max=50.0)
    second = turn(session, "cheaper", "recommend", [B], price_max=9.99)
    turn(session, "is #1 dishwasher safe?", "product_question", [B])
    turn(session, "returns?", "policy")
    assert session.understanding is second and session.understanding is not first
    assert session.understanding.constraints.price_max == 9.99


@pytest.mark.parametrize(
    ("n", "texts"),
    [
        (0, []),
        (1, ["three", "reply to three"]),
        (2, ["two", "reply to two", "three", "reply to three"]),
        (3, ["one", "reply to one", "two", "reply to two", "three", "reply to three"]),
        (10, ["one", "reply to one", "two", "reply to two", "three", "reply to three"]),
    ],
)
def test_history_is_the_last_n_exchanges_oldest_first(n, texts):
    session = Session()
    for text, intent in (("one", "recommend"), ("two", "policy"), ("three", "chit_chat")):
        turn(session, text, intent)
    history = session.history(n)
    assert [m.content for m in history] == texts
    assert [m.role for m in history] == ["user", "assistant"] * (len(texts) // 2)
    assert all(isinstance(m, Message) for m in history)


def test_ensure_user_id_gives_one_stable_anonymous_id():
    session = Session()
    first = session.ensure_user_id()
    assert re.fullmatch(r"anon-[0-9a-f]{12}", first) and session.user_id == first
    assert session.ensure_user_id() == first
    assert Session().ensure_user_id() != first


def test_ensure_user_id_keeps_a_known_shopper():
    session = Session(user_id="maya")
    assert session.ensure_user_id() == "maya" and session.user_id == "maya"


def test_clear_forgets_turns_and_shown_but_not_the_shopper():
    session = Session(user_id="maya", personalization_weight=0.5, exploration_share=0.25, catalog="ikea")
    turn(session, "mugs", "recommend", [A, B])
    turn(session, "returns?", "policy")
    session.clear()
    assert (session.turns, session.shown, session.understanding, session.history(4)) == ([], (), None, [])
    assert (session.user_id, session.personalization_weight, session.exploration_share, session.catalog) == ("maya", 0.5, 0.25, "ikea")


def test_sessions_do_not_share_turns():
    one, two = Session(), Session()
    turn(one, "mugs", "recommend", [A])
    assert two.turns == [] and two.shown == ()
