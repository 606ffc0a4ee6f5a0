"""SQL databases through SQLAlchemy: the one place a configured value (a SQLAlchemy URL, a file
path, or empty for memory) becomes an engine. Profiles, the order book and the suggestion log all
open theirs here, so SQLite and PostgreSQL are one setting apart.
"""

from __future__ import annotations

from pathlib import Path


def database_url(value: str | Path) -> str:
    """A SQLAlchemy URL for a setting: a URL as given ("postgresql+psycopg://…", "sqlite:///…"), a
    file path as a SQLite file (its folder made), "" or ":memory:" as an in-memory SQLite database."""
    text = str(value)
    if text in ("", ":memory:"):
        return "sqlite://"
    if "://" in text:
        return text
    path = Path(text).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def shown_url(url: str) -> str:
    """The URL as an error message may show it: without its password."""
    import sqlalchemy as sa

    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "(not a database URL)"


def sql_engine(url: str):
    """A SQLAlchemy engine for `url`; in-memory SQLite keeps one shared connection, or each thread
    (Gradio's workers) would see its own empty database. Connections are checked before use, so a
    database server that restarted costs one reconnect, not an error."""
    import sqlalchemy as sa

    memory = url in ("sqlite://", "sqlite:///:memory:")
    options = {"poolclass": sa.pool.StaticPool, "connect_args": {"check_same_thread": False}} if memory else {"pool_pre_ping": True}
    return sa.create_engine(url, **options)


def failure(exc: Exception) -> str:
    """A database error in one line: its kind and the driver's first sentence (no SQL, no parameters)."""
    cause = getattr(exc, "orig", None) or exc
    first = (str(cause).strip().splitlines() or [""])[0]
    return f"{type(cause).__name__}: {first}" if first else type(cause).__name__
