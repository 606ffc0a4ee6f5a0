"""One base type for errors meant for users: every boundary module's error subclasses it, and each
entry point catches it once (one line and exit 2 in the CLI; its sentence in the app), while any
other exception is a bug: a generic sentence with an id, the traceback logged."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import assistant
import retrieval
import runtime
from runtime.errors import UserError

# errors that never reach a user through an entry point, with the reason
NOT_FOR_USERS = {
    "runtime.llama_build.BuildError": "raised and reported by scripts/setup.py, which runs before the venv exists (stdlib only)",
}


def _error_classes():
    for package in (assistant, retrieval, runtime):
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            module = importlib.import_module(info.name)
            for name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, Exception) and cls.__module__ == module.__name__ and not name.startswith("_"):
                    yield f"{module.__name__}.{name}", cls


def test_every_public_error_is_a_user_error():
    found = dict(_error_classes())
    assert len(found) >= 12, sorted(
        found
    )  # config, catalog, mapping, money, filters, search, store, embedder, llm, policy, profiles, turns
    assert sorted(name for name, cls in found.items() if not issubclass(cls, UserError) and name not in NOT_FOR_USERS) == []


def test_the_cli_catches_any_user_error_once(monkeypatch, capsys):
    from assistant import cli

    class NewBoundaryError(UserError):
        """A subclass no list names: caught because of its base."""

    def fail(config, args):
        raise NewBoundaryError("catalog.csv line 3: price: fix it")

    monkeypatch.setattr(cli, "_search", fail)
    assert cli.main(["search", "mug"]) == 2
    assert capsys.readouterr().err == "error: catalog.csv line 3: price: fix it\n"


def test_the_app_shows_a_user_errors_sentence_and_hides_anything_else():
    from ui.errors import UNEXPECTED, short_message

    assert short_message(UserError("the usual budget must be a number like 150")) == "the usual budget must be a number like 150"
    hidden = short_message(ValueError("internal detail"), "1a2b3c4d")
    assert hidden == UNEXPECTED.format(id="1a2b3c4d") and "internal" not in hidden


@pytest.mark.parametrize("base", [ValueError, RuntimeError])
def test_user_errors_keep_their_builtin_base(base):
    kinds = [cls for _, cls in _error_classes() if issubclass(cls, UserError)]
    assert any(issubclass(cls, base) for cls in kinds)
