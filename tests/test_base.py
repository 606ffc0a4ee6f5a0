"""The generation seam's pure parts: context fitting and stop strings."""

from __future__ import annotations

import pytest

from runtime.base import GenerationParams, LLMError, Message, cut_at_stop, fit_to_context, stream_until_stop


def words(messages) -> int:
    return sum(len(m.content.split()) for m in messages)


SYSTEM = Message("system", "candidates: a b c d")  # 5 words
HISTORY = [Message("user", "one two"), Message("assistant", "three four"), Message("user", "five six"), Message("assistant", "seven eight")]
LAST = Message("user", "now this")


def test_everything_fits():
    assert fit_to_context([SYSTEM, *HISTORY, LAST], words, 100, 10) == [SYSTEM, *HISTORY, LAST]


def test_oldest_turns_go_first_system_and_current_turn_stay():
    fitted = fit_to_context([SYSTEM, *HISTORY, LAST], words, 15, 4)  # budget 11: system 5 + last 2 + one turn 4
    assert fitted == [SYSTEM, HISTORY[2], HISTORY[3], LAST]


def test_candidates_never_truncated_silently():
    with pytest.raises(LLMError, match="system prompt and the current turn need 7 tokens"):
        fit_to_context([SYSTEM, *HISTORY, LAST], words, 8, 4)
    with pytest.raises(LLMError, match="leaves no room"):
        fit_to_context([LAST], words, 8, 8)


@pytest.mark.parametrize(
    "pieces, stop, expected",
    [
        (["Hello", " wor", "ld"], (), "Hello world"),
        (["Hello", " EN", "D more"], ("END",), "Hello "),
        (["ab", "c<", "|im", "_end|>tail"], ("<|im_end|>",), "abc"),
        (["no stop here"], ("###",), "no stop here"),
        (["x##", "#y"], ("###", "y"), "x"),
    ],
)
def test_stream_until_stop_handles_stops_split_across_pieces(pieces, stop, expected):
    assert "".join(stream_until_stop(iter(pieces), stop)) == expected
    assert cut_at_stop("".join(pieces), stop)[0] == expected


def test_params_validate():
    assert GenerationParams().greedy
    with pytest.raises(ValueError, match="max_new_tokens"):
        GenerationParams(max_new_tokens=0)
    with pytest.raises(ValueError, match="role"):
        Message("tool", "x")
