"""The one base class of errors meant for the person using the assistant (shopper, operator,
evaluator): each boundary module raises its own subclass, naming the file, row or field and the fix,
and every entry point (CLI, app, benchmarks) catches `UserError` once. Anything else is a bug: the
entry point shows a generic sentence and logs the traceback.

It lives in runtime/, the lowest layer, so that every package can import it.
"""


class UserError(Exception):
    """A problem the user can fix; the message says how. Subclasses keep the builtin base they had
    (ValueError for bad input, RuntimeError for a service that fails)."""
