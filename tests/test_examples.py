"""finetune/examples.py: an example checks itself, and survives its JSONL form."""

import pytest

from finetune.examples import SOURCES, DataError, Example
from runtime.base import Message

CHAT = (Message("system", "You label messages."), Message("user", "where is my order"), Message("assistant", "track_order"))


def test_round_trip_through_json():
    example = Example("support", "intent", "bitext", "bitext:1", "train", CHAT, "source")
    row = example.to_json()
    assert row["messages"][0] == {"role": "system", "content": "You label messages."}
    assert Example.from_json(row, "x line 1") == example
    assert example.target == "track_order"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"task": "chat"}, "task must be one of"),
        ({"source": "reddit"}, "unknown source; add it to finetune.examples.SOURCES"),
        ({"split": "test"}, "split must be one of"),
        ({"messages": CHAT[:2]}, "must end in a non-empty assistant message"),
        ({"messages": (*CHAT[:2], Message("assistant", "  "))}, "must end in a non-empty assistant message"),
        ({"messages": (CHAT[1], Message("system", "late"), CHAT[2])}, "only the first message may be a system message"),
    ],
)
def test_a_bad_example_says_what_to_fix(change, message):
    values = {"task": "support", "kind": "intent", "source": "bitext", "group": "g", "split": "train", "messages": CHAT} | change
    with pytest.raises(DataError, match=message):
        Example(**values)


def test_a_bad_row_names_its_place():
    with pytest.raises(DataError, match=r"data.jsonl line 3: not a training example .*rows need messages"):
        Example.from_json({"messages": [{"role": "user"}]}, "data.jsonl line 3")


def test_only_sources_whose_license_allows_it_may_ship():
    assert {name for name, source in SOURCES.items() if source.shippable} == {
        "demo",
        "demo-support",
        "bitext",
        "tau-bench",
        "abcd",
        "catalog",
        "agent-log",
    }
    assert not SOURCES["subjqa"].shippable and not SOURCES["amazon-qa"].shippable
