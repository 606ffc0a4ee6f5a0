"""Errors at the app boundary: a callback's failure becomes one sentence in the page (a UserError's own
first line, or the generic sentence with an id), and the traceback goes to the log under that id."""

from __future__ import annotations

import inspect
import logging
import re

import gradio as gr
import pytest

from retrieval.store import StoreError
from runtime.base import LLMError
from runtime.errors import UserError
from ui.errors import UNEXPECTED, UserFacingError, friendly, log_failure, short_message

GENERIC = re.compile(r"Something went wrong on our side \(error ([0-9a-f]{8})\); the details are in the server log under that id\.")


def test_user_facing_error_is_a_gradio_error():
    assert issubclass(UserFacingError, gr.Error)
    assert UserFacingError("Pick a catalog.").message == "Pick a catalog."


def test_a_plain_callback_passes_its_result_and_keeps_its_name():
    @friendly
    def add(a, b=1):
        """Adds."""
        return a + b

    assert add(2, b=3) == 5
    assert add.__name__ == "add" and add.__doc__ == "Adds."


def test_a_generator_callback_yields_everything_and_stays_a_generator():
    @friendly
    def count(n):
        yield from range(n)

    assert inspect.isgeneratorfunction(count)
    assert list(count(3)) == [0, 1, 2]


@pytest.mark.parametrize(
    ("error", "sentence"),
    [
        (UserError("Upload a catalog first."), "Upload a catalog first."),
        (
            StoreError("no products are indexed for catalog 'x'; run `shopassist index` first\nsecond line"),
            "no products are indexed for catalog 'x'; run `shopassist index` first",
        ),
        (LLMError("cannot reach the server; start it"), "cannot reach the server; start it"),
    ],
)
def test_a_user_error_shows_its_own_first_line(error, sentence, caplog):
    @friendly
    def callback():
        raise error

    with caplog.at_level(logging.ERROR, logger="shopassist.app"), pytest.raises(UserFacingError) as info:
        callback()
    assert info.value.message == sentence
    assert "\n" not in info.value.message
    assert info.value.__context__ is error  # chained, so the page's error keeps its origin
    (record,) = caplog.records  # a user error is still logged with its traceback
    assert record.exc_info is not None and record.exc_info[1] is error


def test_a_long_user_error_is_cut_to_300_characters():
    assert short_message(UserError("x" * 400)) == "x" * 300


def test_any_other_error_shows_the_generic_sentence_with_the_id_of_its_logged_traceback(caplog):
    @friendly
    def search(query):
        raise KeyError("p42")

    with caplog.at_level(logging.ERROR, logger="shopassist.app"), pytest.raises(UserFacingError) as info:
        search("red scarf")
    match = GENERIC.fullmatch(info.value.message)
    assert match, info.value.message
    error_id = match.group(1)
    assert "p42" not in info.value.message  # internals stay out of the page
    (record,) = caplog.records
    assert record.name == "shopassist.app" and record.levelno == logging.ERROR
    assert record.getMessage() == f"callback search failed [error {error_id}]"
    assert isinstance(record.exc_info[1], KeyError)
    assert "Traceback (most recent call last)" in caplog.text and "KeyError: 'p42'" in caplog.text


def test_each_failure_gets_its_own_id(caplog):
    @friendly
    def broken():
        raise RuntimeError("bug")

    ids = set()
    for _ in range(3):
        with pytest.raises(UserFacingError) as info:
            broken()
        ids.add(GENERIC.fullmatch(info.value.message).group(1))
    assert len(ids) == 3


def test_a_generator_yields_what_came_before_the_failure(caplog):
    @friendly
    def replies():
        yield "first"
        yield "second"
        raise ZeroDivisionError("bug")

    gen = replies()
    assert [next(gen), next(gen)] == ["first", "second"]
    with caplog.at_level(logging.ERROR, logger="shopassist.app"), pytest.raises(UserFacingError) as info:
        next(gen)
    error_id = GENERIC.fullmatch(info.value.message).group(1)
    (record,) = caplog.records
    assert record.getMessage() == f"callback replies failed [error {error_id}]"
    assert "ZeroDivisionError: bug" in caplog.text


def test_a_generator_user_error_shows_its_sentence():
    @friendly
    def replies():
        yield "partial"
        raise LLMError("the model is still loading; try again")

    gen = replies()
    assert next(gen) == "partial"
    with pytest.raises(UserFacingError) as info:
        next(gen)
    assert info.value.message == "the model is still loading; try again"


ORIGINAL = UserFacingError("Catalog name: 3-41 lower-case letters.")


@friendly
def refuse():
    raise ORIGINAL


@friendly
def refuse_while_streaming():
    yield "x"
    raise ORIGINAL


@pytest.mark.parametrize("call", [refuse, lambda: list(refuse_while_streaming())], ids=["plain", "generator"])
def test_a_user_facing_error_passes_through_unchanged_and_unlogged(caplog, call):
    with caplog.at_level(logging.ERROR, logger="shopassist.app"), pytest.raises(UserFacingError) as info:
        call()
    assert info.value is ORIGINAL
    assert caplog.records == []


def test_base_exceptions_are_not_translated():
    @friendly
    def interrupted():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()


def test_short_message_without_an_id_says_unlogged():
    assert short_message(ValueError("x")) == UNEXPECTED.format(id="unlogged")


def test_log_failure_logs_under_the_id_it_returns(caplog):
    with caplog.at_level(logging.ERROR, logger="shopassist.app"):
        try:
            raise OSError("disk full")
        except OSError as exc:
            sentence = log_failure("indexing", exc)
    error_id = GENERIC.fullmatch(sentence).group(1)
    assert caplog.records[0].getMessage() == f"indexing failed [error {error_id}]"
    assert "OSError: disk full" in caplog.text


def test_a_user_error_without_a_message_still_gives_a_sentence():
    @friendly
    def callback():
        raise UserError()

    with pytest.raises(UserFacingError) as info:
        callback()
    assert info.value.message
