"""The README's commands work as written. Every `shopassist …` and `python app.py …` line in it (code
blocks and inline code) is parsed by the real parsers and answers --help; the quick ones run on the
demo store. A README example the code no longer accepts fails here, naming its line."""

from __future__ import annotations

import argparse
import json
import re
import shlex
from pathlib import Path

import pytest

import app
from assistant.cli import _parser as cli_parser
from assistant.cli import main, parse_args
from tests.conftest import demo_cli_options

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def readme_commands() -> list[tuple[int, str, list[str]]]:
    """(line number, program, arguments) of each README command: program is "shopassist" or "app.py"."""
    found, in_code = [], False
    for number, line in enumerate(README.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            in_code = not in_code
            continue
        for text in [line] if in_code else re.findall(r"`([^`]+)`", line):
            if "shopassist" not in text and "app.py" not in text:
                continue
            try:
                words = shlex.split(text, comments=True)
            except ValueError:
                continue  # prose in backticks, not a command
            command: list[str] = []
            for word in [*words, "&&"]:  # "a && b": two commands
                if word not in ("&&", ";", "|"):
                    command.append(word)
                    continue
                if any("…" in w for w in command):
                    pass  # "shopassist …": a pattern in prose, not a command
                elif len(command) > 1 and Path(command[0]).name == "shopassist":  # a bare name is a mention
                    found.append((number, "shopassist", command[1:]))
                elif len(command) > 1 and Path(command[0]).name.startswith("python") and command[1] == "app.py":
                    found.append((number, "app.py", command[2:]))
                command = []
    return found


COMMANDS = readme_commands()
IDS = [f"line{number}-{program}-{' '.join(args)[:40]}" for number, program, args in COMMANDS]


def test_the_readme_documents_each_subcommand():
    subcommands = next(a for a in cli_parser()._actions if isinstance(a, argparse._SubParsersAction)).choices
    documented = {args[0] for _, program, args in COMMANDS if program == "shopassist"}
    assert set(subcommands) <= documented, f"not in the README: {sorted(set(subcommands) - documented)}"
    assert any(program == "app.py" for _, program, _ in COMMANDS)


@pytest.mark.parametrize(("number", "program", "args"), COMMANDS, ids=IDS)
def test_readme_command_is_accepted(number, program, args, capsys):
    """Parsed as written (an unknown option is exit 2), then --help through the same entry point."""
    try:
        parse_args(args) if program == "shopassist" else app.parser().parse_args(args)
    except SystemExit as exc:
        pytest.fail(
            f"README line {number}: `{program} {shlex.join(args)}` is rejected: {capsys.readouterr().err.strip()} (exit {exc.code})"
        )
    with pytest.raises(SystemExit) as exit_info:
        main([*args, "--help"]) if program == "shopassist" else app.main([*args, "--help"])
    assert exit_info.value.code == 0 and "usage:" in capsys.readouterr().out


QUICK = [(n, p, a) for n, p, a in COMMANDS if p == "shopassist" and (a[:1] in (["search"], ["ask"]) or a == ["index"])]


@pytest.mark.slow
@pytest.mark.parametrize(("number", "program", "args"), QUICK, ids=[f"line{n}-{' '.join(a)[:40]}" for n, _, a in QUICK])
def test_readme_command_runs_on_the_demo_store(number, program, args, demo, llama_cpp, tmp_path, capsys):
    config, _, _ = demo
    options = demo_cli_options(config.paths.data_dir, tmp_path / "profiles.sqlite")
    code = main([*options, *args])
    out = capsys.readouterr()
    assert code == 0, f"README line {number}: `shopassist {shlex.join(args)}` exited {code}: {out.err.strip()}"
    assert out.out.strip()
    if "--json" in args:
        json.loads(out.out)
