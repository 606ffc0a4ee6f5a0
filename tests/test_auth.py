"""Sign-in as the tabs see it: the account bound from the request, never from the page; a shopper
reaches only their own profile, only an agent reaches the Agent tab; the open demo stays open."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.accounts import add_account
from assistant.conversation import Session
from assistant.profiles import Signal, UserProfile
from assistant.support.records import SuggestionLog
from retrieval.catalog import DEMO_DIR
from tests.test_pipeline import make, parts  # noqa: F401  (fixtures)
from tests.test_support_assist import assistant, book, policy  # noqa: F401  (fixtures)
from ui.agent import AgentCallbacks, AgentState, read_queue
from ui.auth import Gate
from ui.errors import UserFacingError
from ui.shop import ShopCallbacks


@pytest.fixture
def users(tmp_path):
    path = tmp_path / "users.toml"
    add_account(path, "alice", "alice-password", "agent")
    add_account(path, "sam", "sam-password")
    return path


def request(username=None, headers=None):
    return SimpleNamespace(username=username, headers=headers or {})


def test_the_gate_knows_the_signed_in_account_and_nobody_else(users):
    gate = Gate("users", users)
    assert gate.login("alice", "alice-password") and not gate.login("alice", "sam-password") and not gate.login("eve", "x" * 8)
    assert gate.account(request("sam")).role == "shopper" and gate.account(request("alice")).role == "agent"
    with pytest.raises(UserFacingError, match="Sign in first"):
        gate.account(request(None))
    with pytest.raises(UserFacingError, match="Sign in first"):  # a name the users file does not (or no longer) hold
        gate.account(request("eve"))
    proxied = Gate("header", users, "X-Forwarded-User")
    assert proxied.account(request(headers={"x-forwarded-user": "alice"})).role == "agent"
    assert proxied.account(request(headers={"x-forwarded-user": "kim"})).role == "shopper"  # the proxy vouches for kim
    with pytest.raises(UserFacingError, match="must send the X-Forwarded-User header"):
        proxied.account(request())
    with pytest.raises(UserFacingError, match="not a valid account name"):
        proxied.account(request(headers={"x-forwarded-user": "../../etc"}))


def test_a_signed_in_shopper_reaches_only_their_own_profile(parts, users):  # noqa: F811
    assistant_, _ = make(parts, "Try [h1].")
    assistant_.profiles.put(UserProfile("demo-alex", liked_brands=("Aurelle",)))
    assistant_.profiles.add_signal(Signal("sam", "h1", "bought", 1.0))
    shop = ShopCallbacks(assistant_, ("demo-alex",), gate=Gate("users", users))
    session, *_, view, _f1, _f2, _f3, picker = shop.sign_in(request("sam"))
    assert session.user_id == "sam" and view["user"] == "sam" and len(view["signals"]) == 1
    assert picker["choices"] == ["sam"] and picker["interactive"] is False
    with pytest.raises(UserFacingError, match="signed in as sam"):
        shop.select_user("demo-alex", session)
    _status, _, kept, *_ = shop.delete_profile(session)
    assert kept.user_id == "sam" and shop.profile_view(kept) == {"user": "sam", "profile": None, "signals": []}
    assert assistant_.profiles.get("demo-alex") is not None  # someone else's profile is untouched


def test_only_an_agent_account_reaches_the_agent_tab(book, policy, users):  # noqa: F811
    queue = read_queue(DEMO_DIR / "conversations.jsonl")
    tab = AgentCallbacks(assistant(book, policy, "cancel"), SuggestionLog(), queue, gate=Gate("users", users))
    shopper_state, shown = tab.sign_in(request("sam"))
    assert shown["visible"] is False and shopper_state.agent == ""
    first = next(iter(tab.queue))
    for call in (
        lambda: tab.open(first, shopper_state),
        lambda: tab.tone("warm", "Hello there.", shopper_state),
        lambda: tab.suggest(AgentState()),
    ):
        with pytest.raises(UserFacingError, match="needs an agent account"):
            call()
    agent_state, shown = tab.sign_in(request("alice"))
    assert shown["visible"] is True
    opened = tab.open(first, agent_state)[-1]
    assert opened.agent == "alice" and tab.suggest(opened)[-1].agent == "alice"


def test_the_open_demo_keeps_the_shopper_picker_and_the_agent_tab(parts):  # noqa: F811
    assistant_, _ = make(parts, "Try [h1].")
    shop = ShopCallbacks(assistant_, ("demo-alex",))
    assert shop.gate.open and shop.select_user("demo-alex", Session())[0].user_id == "demo-alex"
