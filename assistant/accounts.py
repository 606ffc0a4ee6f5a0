"""Who may use the app: accounts with a role, kept in a TOML users file with salted scrypt password
hashes (never the passwords). A shopper reaches only their own profile (the account name is their
profile id); an agent also gets the Agent tab. `shopassist users add|list|remove` edits the file.

```toml
[users.alice]
role = "agent"
password = "scrypt$16384$8$1$<salt hex>$<hash hex>"
```
"""

from __future__ import annotations

import hashlib
import hmac
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from assistant.profiles import ProfileError, check_user_id
from runtime.errors import UserError

ROLES = ("shopper", "agent")
SCRYPT = (16384, 8, 1)  # n, r, p: about 50 ms and 16 MB a check
MIN_PASSWORD = 8


class AccountError(UserError, ValueError):
    """A users file or account that cannot be used; the message names the file, the account and the fix."""


@dataclass(frozen=True)
class Account:
    name: str  # also the shopper's profile id
    role: str  # one of ROLES
    password: str  # the scrypt hash, as stored


def users_file(config) -> Path:
    """The accounts file of a config: app.users_file, else users.toml under data_dir."""
    return Path(config.app.users_file or Path(config.paths.data_dir) / "users.toml")


def hash_password(password: str, salt: bytes | None = None) -> str:
    """The stored form of a password: scrypt with a random 16-byte salt, its parameters written beside it."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    salt = salt if salt is not None else os.urandom(16)
    n, r, p = SCRYPT
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    """Whether `password` is the one `stored` was made from (constant-time compare); False for a malformed hash."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        found = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=len(digest) // 2)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(found.hex(), digest)


def read_accounts(path: Path) -> dict[str, Account]:
    """The accounts of a users file; a missing file has none."""
    if not Path(path).is_file():
        return {}
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise AccountError(f"{path}: cannot read the users file ({exc}); fix it or add accounts with `shopassist users add`") from None
    accounts = {}
    for name, entry in (data.get("users") or {}).items():
        where = f"{path}: [users.{name}]"
        try:
            check_user_id(name)
        except ProfileError as exc:
            raise AccountError(f"{where}: {exc}") from None
        if not isinstance(entry, dict) or entry.get("role") not in ROLES:
            raise AccountError(f"{where}: role must be one of {', '.join(ROLES)}")
        if not str(entry.get("password", "")).startswith("scrypt$"):
            raise AccountError(f"{where}: password must be a scrypt hash; set it with `shopassist users add {name}`")
        accounts[name] = Account(name, entry["role"], entry["password"])
    return accounts


def write_accounts(path: Path, accounts: dict[str, Account]) -> None:
    """Write the users file (readable by its owner only), replacing it whole."""
    lines = ["# shopassist accounts: edit with `shopassist users add|remove`; passwords are scrypt hashes", ""]
    for account in sorted(accounts.values(), key=lambda a: a.name):
        lines += [f'[users."{account.name}"]', f'role = "{account.role}"', f'password = "{account.password}"', ""]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text("\n".join(lines), encoding="utf-8")
    partial.chmod(0o600)
    partial.replace(path)


def add_account(path: Path, name: str, password: str, role: str = "shopper") -> Account:
    """Create or replace an account (a new password, or a new role)."""
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    try:
        check_user_id(name)
    except ProfileError as exc:
        raise AccountError(str(exc)) from None
    accounts = read_accounts(path)
    accounts[name] = Account(name, role, hash_password(password))
    write_accounts(path, accounts)
    return accounts[name]


def remove_account(path: Path, name: str) -> None:
    """Delete an account (its shopper profile stays until the shopper or an operator deletes it)."""
    accounts = read_accounts(path)
    if name not in accounts:
        raise AccountError(f"{path}: no account {name!r}")
    del accounts[name]
    write_accounts(path, accounts)


def sign_in(accounts: dict[str, Account], name: str, password: str) -> Account | None:
    """The account when the password is its own; None otherwise (an unknown name costs a hash too)."""
    account = accounts.get(name)
    if account is None:
        password_matches(password, hash_password("x" * MIN_PASSWORD, b"\0" * 16))  # same time as a wrong password
        return None
    return account if password_matches(password, account.password) else None


def add_commands(add) -> None:
    """`shopassist users add|list|remove` on the main parser's `add`."""
    users = add("users", help="accounts for app.auth = users/header: add (password from stdin or a prompt), list, remove")
    users.add_argument("step", choices=("add", "list", "remove"))
    users.add_argument("name", nargs="?", help="account name (also the shopper's profile id)")
    users.add_argument("--role", choices=ROLES, default="shopper", help="add: shopper (default) or agent (the Agent tab)")
    users.add_argument("--file", type=Path, help="users file (default: app.users_file, else <data_dir>/users.toml)")
    users.set_defaults(run=_users_command)


def _users_command(config, args) -> int:
    import getpass
    import sys

    path = args.file or users_file(config)
    if args.step == "list":
        for account in sorted(read_accounts(path).values(), key=lambda a: a.name):
            print(f"{account.name}\t{account.role}")
        return 0
    if not args.name:
        raise AccountError(f"users {args.step} needs an account name")
    if args.step == "remove":
        remove_account(path, args.name)
        print(f"removed {args.name} from {path}", file=sys.stderr)
        return 0
    password = getpass.getpass(f"password for {args.name}: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    account = add_account(path, args.name, password, args.role)
    print(f"{account.name} ({account.role}) saved in {path}", file=sys.stderr)
    return 0
