"""Error translation at the app boundary: one short sentence in the page, the traceback in the log."""

from __future__ import annotations

import functools
import inspect
import logging
import uuid

import gradio as gr

from runtime.errors import UserError

log = logging.getLogger("shopassist.app")
UNEXPECTED = "Something went wrong on our side (error {id}); the details are in the server log under that id."


class UserFacingError(gr.Error):
    """What the page shows: one sentence in a toast, no traceback."""


def short_message(exc: BaseException, error_id: str = "") -> str:
    """The sentence a shopper sees for this error: a typed user error's own first line, else the
    generic sentence with the id its traceback is logged under."""
    lines = str(exc).strip().splitlines()
    if isinstance(exc, UserError) and lines:  # the typed user errors only: any other error is a bug, logged
        return lines[0][:300]
    return UNEXPECTED.format(id=error_id or "unlogged")


def log_failure(what: str, exc: BaseException) -> str:
    """Log the traceback (call inside `except`) under a short id, and return the sentence to show."""
    error_id = uuid.uuid4().hex[:8]
    log.exception("%s failed [error %s]", what, error_id)
    return short_message(exc, error_id)


def friendly(fn):
    """Wrap a callback (plain or generator) so that any error is logged in full and re-raised as a
    `UserFacingError` with a short message."""
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def generator(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the boundary: everything is logged, then translated
                raise _translated(fn.__name__, exc)  # chained implicitly; a UserFacingError passes through as is

        return generator

    @functools.wraps(fn)
    def plain(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the boundary: everything is logged, then translated
            raise _translated(fn.__name__, exc)  # chained implicitly; a UserFacingError passes through as is

    return plain


def _translated(name: str, exc: Exception) -> UserFacingError:
    """The error to raise in the page; called inside `except`, so the log gets the traceback."""
    if isinstance(exc, UserFacingError):
        return exc
    return UserFacingError(log_failure(f"callback {name}", exc))
