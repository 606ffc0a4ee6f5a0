"""Accounts: scrypt hashes never the passwords, a users file with errors that name the account, and
`shopassist users` to edit it."""

from __future__ import annotations

import stat

import pytest

from assistant.accounts import (
    AccountError,
    add_account,
    hash_password,
    password_matches,
    read_accounts,
    remove_account,
    sign_in,
)


def test_a_password_is_stored_as_a_salted_hash_and_only_it_matches():
    stored = hash_password("correct horse")
    assert stored.startswith("scrypt$") and "correct horse" not in stored and stored != hash_password("correct horse")
    assert password_matches("correct horse", stored) and not password_matches("correct horsE", stored)
    assert not password_matches("anything", "md5$abc") and not password_matches("anything", "scrypt$x$y")
    with pytest.raises(AccountError, match="at least 8 characters"):
        hash_password("short")


def test_accounts_are_added_replaced_removed_and_the_file_is_private(tmp_path):
    path = tmp_path / "users.toml"
    add_account(path, "alice", "alice-password", "agent")
    add_account(path, "bob.k@example.com", "bob-password")
    add_account(path, "alice", "new-alice-password", "agent")
    accounts = read_accounts(path)
    assert {a.name: a.role for a in accounts.values()} == {"alice": "agent", "bob.k@example.com": "shopper"}
    assert sign_in(accounts, "alice", "new-alice-password") and sign_in(accounts, "alice", "alice-password") is None
    assert sign_in(accounts, "nobody", "alice-password") is None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and "new-alice-password" not in path.read_text()
    remove_account(path, "alice")
    assert set(read_accounts(path)) == {"bob.k@example.com"}
    with pytest.raises(AccountError, match="no account 'alice'"):
        remove_account(path, "alice")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[users.alice]\nrole = "admin"\npassword = "scrypt$1$1$1$00$00"\n', r"\[users.alice\]: role must be one of shopper, agent"),
        ('[users.alice]\nrole = "agent"\npassword = "hunter22"\n', r"\[users.alice\]: password must be a scrypt hash"),
        ('[users."bad name"]\nrole = "agent"\npassword = "scrypt$1$1$1$00$00"\n', r"\[users.bad name\]: user id 'bad name' is not valid"),
        ("[users.alice\n", "cannot read the users file"),
    ],
)
def test_a_bad_users_file_names_the_account_and_the_fix(tmp_path, text, message):
    path = tmp_path / "users.toml"
    path.write_text(text)
    with pytest.raises(AccountError, match=message):
        read_accounts(path)


def test_the_users_command_adds_lists_and_removes(tmp_path, capsys, monkeypatch):
    import io

    from assistant.cli import main

    path = tmp_path / "users.toml"
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    assert main(["users", "add", "alice", "--role", "agent", "--file", str(path)]) == 0
    assert main(["users", "list", "--file", str(path)]) == 0
    assert capsys.readouterr().out == "alice\tagent\n"
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["users", "add", "bob", "--file", str(path)]) == 2
    assert "at least 8 characters" in capsys.readouterr().err
    assert main(["users", "remove", "alice", "--file", str(path)]) == 0 and read_accounts(path) == {}
