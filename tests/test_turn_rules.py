"""Rules about the turn as a whole (assistant/turn_rules.py): the one grammar of positions in a list.
The table-driven phrase tests of every rule are in tests/test_rules.py."""

from __future__ import annotations

from assistant.turn_rules import points_at_position
from assistant.vocabulary import Vocabulary, singular


def test_one_position_grammar_and_one_singular():
    assert points_at_position("is #7 waterproof") and points_at_position("the third one") and not points_at_position("is it loud")
    assert [singular(w) for w in ("batteries", "glasses", "mugs", "watches", "bus")] == ["battery", "glass", "mug", "watch", "bus"]
    assert Vocabulary().brands == {}
