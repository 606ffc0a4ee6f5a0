"""Reading a TOML file a user wrote (config, catalog mapping, harness thresholds), with the one
wording for a missing or malformed file; each caller raises its own error class."""

from __future__ import annotations

import tomllib
from pathlib import Path

from runtime.errors import UserError


def read_toml(path: str | Path, error: type[UserError], what: str) -> dict:
    """The file's tables; `error` naming the path when it is missing or not valid TOML (a BOM is fine)."""
    path = Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise error(f"{path}: {what} not found") from None
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save the {what} as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML ({exc})") from None
