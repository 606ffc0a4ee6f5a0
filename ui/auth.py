"""Who is asking, per request: the signed-in account under `app.auth = "users"` (Gradio's login
form, checked against the users file), the account a trusted reverse proxy names in a header under
`"header"`, or nobody in particular in the open demo. Callbacks never take a user id from the page:
the Shop and Agent tabs bind the account to the session's server-side state when the page loads.
"""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from assistant.accounts import Account, read_accounts, sign_in
from assistant.profiles import ProfileError, check_user_id
from ui.errors import UserFacingError


class Gate:
    """The app's authentication mode and its users file (read again on every check, so an account
    removed with `shopassist users remove` is out at once)."""

    def __init__(self, mode: str = "open", users_file: Path | None = None, header: str = "X-Forwarded-User"):
        self.mode, self.users_file, self.header = mode, users_file, header

    @property
    def open(self) -> bool:
        """The demo mode: no accounts, anyone may pick any demo shopper."""
        return self.mode == "open"

    def login(self, username: str, password: str) -> bool:
        """Gradio's `auth=` check."""
        return sign_in(read_accounts(self.users_file), username, password) is not None

    def account(self, request: gr.Request | None) -> Account:
        """The signed-in account of a request; an error sentence when there is none."""
        accounts = read_accounts(self.users_file) if self.users_file else {}
        if self.mode == "users":
            name = getattr(request, "username", None)
            if name and name in accounts:
                return accounts[name]
            raise UserFacingError("Sign in first: this app needs an account.")
        if self.mode == "header":
            name = (request.headers.get(self.header.lower()) if request is not None else None) or ""
            if name:  # the proxy vouches for the name; the users file may make them an agent
                try:
                    check_user_id(name)
                except ProfileError:
                    raise UserFacingError(f"{name!r} from the {self.header} header is not a valid account name.") from None
                return accounts.get(name) or Account(name, "shopper", "")
            raise UserFacingError(f"No signed-in user: the reverse proxy must send the {self.header} header.")
        raise UserFacingError("The open demo has no accounts.")
