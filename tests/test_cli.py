"""The command line's global options (--config, --set, -v) work before and after the subcommand."""

from __future__ import annotations

import pytest

from assistant.cli import parse_args


def test_global_options_before_and_after_the_subcommand_are_merged():
    args = parse_args(["--set", "search.k=5", "index", "--catalog", "my.csv", "--set", "catalog.name=mine", "-v", "--config", "shop.toml"])
    assert args.set == ["search.k=5", "catalog.name=mine"] and args.config == "shop.toml" and args.verbose and args.catalog == ["my.csv"]
    plain = parse_args(["ask", "hello"])
    assert plain.set == [] and plain.config is None and not plain.verbose and plain.turns == ["hello"]


def test_config_given_twice_is_an_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        parse_args(["--config", "a.toml", "search", "mug", "--config", "b.toml"])
    assert exit_info.value.code == 2 and "--config given twice" in capsys.readouterr().err
