"""The command line's global options (--config, --set, -v) work before and after the subcommand."""

from __future__ import annotations

import pytest

from assistant.cli import parse_args
from tests.test_pipeline import make, parts  # noqa: F401  (the pipeline's fakes: a real Assistant on fake models)


def test_global_options_before_and_after_the_subcommand_are_merged():
    args = parse_args(["--set", "search.k=5", "index", "--catalog", "my.csv", "--set", "catalog.name=mine", "-v", "--config", "shop.toml"])
    assert args.set == ["search.k=5", "catalog.name=mine"] and args.config == "shop.toml" and args.verbose and args.catalog == ["my.csv"]
    plain = parse_args(["ask", "hello"])
    assert plain.set == [] and plain.config is None and not plain.verbose and plain.turns == ["hello"]


def test_config_given_twice_is_an_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        parse_args(["--config", "a.toml", "search", "mug", "--config", "b.toml"])
    assert exit_info.value.code == 2 and "--config given twice" in capsys.readouterr().err


@pytest.mark.parametrize("turn", ["", "   ", "\x00"])
def test_an_empty_turn_is_one_line_and_exit_2(turn, parts, capsys, monkeypatch):  # noqa: F811
    """`shopassist ask ""` printed a traceback (exit 1); now the typed error is translated once, here."""
    import assistant.builders
    from assistant.cli import main

    assistant_, _ = make(parts)
    monkeypatch.setattr(assistant.builders, "build_assistant", lambda config: assistant_)
    assert main(["ask", turn]) == 2
    assert capsys.readouterr().err == "error: the message is empty; type what you are looking for\n"


def test_terminal_output_carries_no_escape_sequences(capsys):
    """A title or model text with ESC]0;…BEL ESC[31m was printed raw by search/ask/chat."""
    from assistant.cli import _print

    _print("Mug \x1b]0;owned\x07\x1b[31mRED\x1b[0m\nnext line\x00")
    assert capsys.readouterr().out == "Mug ]0;owned[31mRED[0m\nnext line\n"


def test_ask_warns_about_an_incomplete_index_as_search_does(parts, capsys, monkeypatch):  # noqa: F811
    """After kill -9 mid-index `ask` answered from part of the catalog in silence; now it warns like `search`."""
    import assistant.builders
    from assistant.cli import main
    from retrieval.indexing import product_document, sync
    from retrieval.search import INCOMPLETE_WARNING, HybridIndex, ProductSearch
    from tests.fakes import HashEmbedder, MemoryStore
    from tests.test_pipeline import PRODUCTS

    store = MemoryStore()
    sync(store, HashEmbedder(), [product_document(p) for p in PRODUCTS])
    store.set_state("indexing", "interrupted")  # what a killed sync leaves behind
    products = ProductSearch(HybridIndex.load(store), HashEmbedder(), parts[0].settings)
    assistant_, _ = make((products, parts[1], parts[2]))
    assert assistant_.warning == INCOMPLETE_WARNING
    monkeypatch.setattr(assistant.builders, "build_assistant", lambda config: assistant_)
    assert main(["ask", "headphones"]) == 0
    assert capsys.readouterr().err == f"warning: {INCOMPLETE_WARNING}\n"


@pytest.mark.parametrize(
    ("user", "message"), [("", "--user is empty; leave --user out to shop anonymously"), ("a/b", "user id 'a/b' is not valid")]
)
def test_a_bad_user_option_is_an_error_not_anonymous(user, message, parts, capsys, monkeypatch):  # noqa: F811
    import assistant.builders
    from assistant.cli import main

    assistant_, _ = make(parts)
    monkeypatch.setattr(assistant.builders, "build_assistant", lambda config: assistant_)
    assert main(["ask", "headphones", "--user", user]) == 2
    assert message in capsys.readouterr().err


def test_chat_prints_the_checked_answer_never_the_unchecked_draft(parts, capsys, monkeypatch):  # noqa: F811
    import io

    import assistant.builders
    from assistant.cli import main

    assistant_, _ = make(parts, "[h1] is only $1 today and Aurelle is better.")
    monkeypatch.setattr(assistant.builders, "build_assistant", lambda config: assistant_)
    monkeypatch.setattr("sys.stdin", io.StringIO("headphones under $100\n/quit\n"))
    assert main(["chat"]) == 0
    out = capsys.readouterr().out
    assert "$1 " not in out and "Aurelle" not in out and "$49.00" in out and "assistant> ." in out


def test_ask_json_and_verbose_show_the_rules_that_fired(parts, capsys, caplog, monkeypatch):  # noqa: F811
    import json
    import logging

    import assistant.builders
    from assistant.cli import main

    assistant_, _ = make(parts)
    monkeypatch.setattr(assistant.builders, "build_assistant", lambda config: assistant_)
    with caplog.at_level(logging.DEBUG, logger="assistant.pipeline"):  # what -v turns on
        assert main(["ask", "headphones under $100", "--json", "-v"]) == 0
    assert json.loads(capsys.readouterr().out)["rules"] == ["price_at_most", "product_type", "category", "request_words"]
    assert "recommend, rules price_at_most, product_type, category, request_words" in caplog.text
