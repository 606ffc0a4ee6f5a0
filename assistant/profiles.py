"""Shopper profiles: explicit preferences, implicit signals with time decay, and a taste vector.

The store is a seam (`ProfileStore`) with a SQL implementation (SQLite or PostgreSQL); every read and write is keyed
by user id, so one shopper's data never reaches another's session. A profile holds only what the
shopper set in preference fields and the events they caused: no free text is stored. Shoppers can
view (`get`), edit (`put`), export and delete everything about themselves.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.database import database_url, failure, shown_url, sql_engine
from runtime.errors import UserError

# how much one event says about taste; negative feedback pulls the taste vector away
EVENT_WEIGHTS = {"bought": 3.0, "thumbs_up": 2.0, "clicked": 1.0, "viewed": 0.5, "thumbs_down": -2.0, "not_for_me": -2.0}
DAY_S = 86_400.0


class ProfileError(UserError, ValueError):
    """A profile or signal that cannot be stored; the message says what to fix."""


USER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}")


def check_user_id(user_id: str) -> str:
    """The one rule for shopper ids (profiles, signals, --user, file names of exports): 1-128 letters,
    digits and . _ @ + -, starting with a letter or digit."""
    if not isinstance(user_id, str) or not USER_ID.fullmatch(user_id):
        raise ProfileError(f"user id {user_id!r} is not valid: use 1-128 letters, digits and . _ @ + - (starting with a letter or digit)")
    return user_id


@dataclass(frozen=True)
class UserProfile:
    user_id: str
    display_name: str = ""
    sizes: tuple[tuple[str, str], ...] = ()  # ("shoes", "10"), ("clothing", "M")
    liked_brands: tuple[str, ...] = ()
    disliked_brands: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # category path prefixes the shopper cares about
    budget_max: float | None = None
    currency: str = ""  # of budget_max; empty: the currency of the catalog shopped

    def __post_init__(self) -> None:
        check_user_id(self.user_id)
        if self.budget_max is not None and self.budget_max < 0:
            raise ProfileError(f"budget_max must be >= 0, got {self.budget_max}")
        overlap = {b.lower() for b in self.liked_brands} & {b.lower() for b in self.disliked_brands}
        if overlap:
            raise ProfileError(f"brands cannot be liked and disliked at once: {sorted(overlap)}")

    def to_dict(self) -> dict:
        """JSON-ready form (lists, not tuples)."""
        data = asdict(self)
        data["sizes"] = dict(self.sizes)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}

    @classmethod
    def from_dict(cls, data: dict) -> UserProfile:
        """Inverse of `to_dict`; unknown keys are an error."""
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise ProfileError(f"unknown profile field(s) {sorted(unknown)}; known: {sorted(known)}")
        data = dict(data)
        data["sizes"] = tuple(sorted(dict(data.get("sizes") or {}).items()))
        for key in ("liked_brands", "disliked_brands", "categories"):
            data[key] = tuple(data.get(key) or ())
        return cls(**data)


@dataclass(frozen=True)
class Signal:
    user_id: str
    product_id: str
    event: str  # one of EVENT_WEIGHTS
    at: float = field(default_factory=time.time)  # unix seconds

    def __post_init__(self) -> None:
        check_user_id(self.user_id)
        if self.event not in EVENT_WEIGHTS:
            raise ProfileError(f"event must be one of {sorted(EVENT_WEIGHTS)}, got {self.event!r}")


class ProfileStore(Protocol):
    def get(self, user_id: str) -> UserProfile | None: ...
    def put(self, profile: UserProfile) -> None: ...
    def add_signal(self, signal: Signal) -> None: ...
    def signals(self, user_id: str) -> list[Signal]: ...
    def export(self, user_id: str) -> dict: ...
    def delete(self, user_id: str) -> None: ...
    def seed(self, profile: UserProfile, signals: Sequence[Signal]) -> bool: ...


class SQLProfileStore:
    """Profiles and signals in a SQL database through SQLAlchemy: a SQLite file by default (a path),
    in memory (":memory:"), or any URL (`postgresql+psycopg://…`); safe to share between threads.
    Every write is one transaction: a process killed mid-write leaves the profile as it was before."""

    def __init__(self, location: str | Path = ":memory:"):
        import sqlalchemy as sa

        self._sa = sa
        self.url = database_url(location)
        # SQLite takes one writer at a time: writes wait on a lock here rather than on "database is locked"
        self._lock = threading.Lock() if self.url.startswith("sqlite") else contextlib.nullcontext()
        try:
            self._engine = sql_engine(self.url)
            self._t = _tables(sa)
            _upgrade(sa, self._engine)
            self._t["metadata"].create_all(self._engine)
        except sa.exc.SQLAlchemyError as exc:
            raise ProfileError(
                f"cannot open the profile store at {shown_url(self.url)} ({failure(exc)}); check assistant.profiles"
            ) from None

    def get(self, user_id: str) -> UserProfile | None:
        """The shopper's profile, or None when they have none."""
        t = self._t["profiles"]
        with self._engine.connect() as db:
            data = db.execute(self._sa.select(t.c.data).where(t.c.user_id == user_id)).scalar_one_or_none()
        return UserProfile.from_dict(json.loads(data)) if data is not None else None

    def put(self, profile: UserProfile) -> None:
        """Create or replace the shopper's profile."""
        t = self._t["profiles"]
        with self._lock, self._engine.begin() as db:
            db.execute(self._sa.delete(t).where(t.c.user_id == profile.user_id))
            db.execute(self._sa.insert(t).values(user_id=profile.user_id, data=json.dumps(profile.to_dict(), sort_keys=True)))

    def add_signal(self, signal: Signal) -> None:
        """Record one event (view, click, purchase, feedback)."""
        with self._lock, self._engine.begin() as db:
            db.execute(self._sa.insert(self._t["signals"]).values(**asdict(signal)))

    def signals(self, user_id: str) -> list[Signal]:
        """The shopper's events, oldest first."""
        t = self._t["signals"]
        query = self._sa.select(t.c.user_id, t.c.product_id, t.c.event, t.c.at).where(t.c.user_id == user_id).order_by(t.c.at, t.c.id)
        with self._engine.connect() as db:
            return [Signal(*row) for row in db.execute(query)]

    def export(self, user_id: str) -> dict:
        """Everything stored about the shopper, as JSON-ready data."""
        profile = self.get(user_id)
        return {"profile": profile.to_dict() if profile else None, "signals": [asdict(s) for s in self.signals(user_id)]}

    def seed(self, profile: UserProfile, signals: Sequence[Signal]) -> bool:
        """Store a starting profile and history once per id: never over an existing profile, never
        again after it was deleted. Returns whether it was stored."""
        sa, t = self._sa, self._t
        try:
            with self._lock, self._engine.begin() as db:
                if db.execute(sa.select(t["seeded"].c.user_id).where(t["seeded"].c.user_id == profile.user_id)).first():
                    return False
                db.execute(sa.insert(t["seeded"]).values(user_id=profile.user_id))
                if db.execute(sa.select(t["profiles"].c.user_id).where(t["profiles"].c.user_id == profile.user_id)).first():
                    return False
                db.execute(sa.insert(t["profiles"]).values(user_id=profile.user_id, data=json.dumps(profile.to_dict(), sort_keys=True)))
                if signals:
                    db.execute(sa.insert(t["signals"]), [asdict(s) for s in signals])
        except sa.exc.IntegrityError:  # another process seeded the same id first
            return False
        return True

    def delete(self, user_id: str) -> None:
        """Forget the shopper: profile and every signal."""
        t = self._t
        with self._lock, self._engine.begin() as db:
            db.execute(self._sa.delete(t["profiles"]).where(t["profiles"].c.user_id == user_id))
            db.execute(self._sa.delete(t["signals"]).where(t["signals"].c.user_id == user_id))


def _upgrade(sa, engine) -> None:
    """A profile file from before signals had an id column (SQLite ordered them by rowid): its
    signals move to the current table in their order, in one transaction."""
    if "signals" not in sa.inspect(engine).get_table_names():
        return
    if "id" in {c["name"] for c in sa.inspect(engine).get_columns("signals")}:
        return
    with engine.begin() as db:
        db.exec_driver_sql("DROP INDEX IF EXISTS signals_user")
        db.exec_driver_sql("ALTER TABLE signals RENAME TO signals_old")
        _tables(sa)["signals"].create(db)
        db.exec_driver_sql(
            "INSERT INTO signals (user_id, product_id, event, at) SELECT user_id, product_id, event, at FROM signals_old ORDER BY at, rowid"
        )
        db.exec_driver_sql("DROP TABLE signals_old")


def _tables(sa) -> dict:
    """The schema: a profile as JSON text per shopper, one row per signal, the ids seeded once."""
    m = sa.MetaData()
    profiles = sa.Table("profiles", m, sa.Column("user_id", sa.String(128), primary_key=True), sa.Column("data", sa.Text, nullable=False))
    signals = sa.Table(
        "signals",
        m,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("product_id", sa.Text, nullable=False),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.Index("signals_user", "user_id", "at"),
    )
    # ids seeded once (the demo shoppers): a shopper who deleted their profile is not brought back
    seeded = sa.Table("seeded", m, sa.Column("user_id", sa.String(128), primary_key=True))
    return {"metadata": m, "profiles": profiles, "signals": signals, "seeded": seeded}


def decayed_weight(signal: Signal, now: float, half_life_days: float) -> float:
    """The event's weight, halved every `half_life_days`."""
    age_days = max(0.0, now - signal.at) / DAY_S
    return EVENT_WEIGHTS[signal.event] * math.pow(0.5, age_days / half_life_days)


def taste_vector(
    signals: Sequence[Signal], vector_of: Callable[[str], np.ndarray | None], now: float, half_life_days: float = 30.0
) -> np.ndarray | None:
    """Time-decayed weighted mean of engaged products' embeddings (negative feedback subtracts),
    L2-normalised; None when nothing usable remains."""
    total, weight_sum = None, 0.0
    for signal in signals:
        vector = vector_of(signal.product_id)
        if vector is None:
            continue  # a product no longer in the catalog
        weight = decayed_weight(signal, now, half_life_days)
        total = weight * vector if total is None else total + weight * vector
        weight_sum += abs(weight)
    if total is None or weight_sum == 0:
        return None
    norm = float(np.linalg.norm(total))
    return total / norm if norm > 1e-9 else None


def demo_user_ids(path: Path) -> tuple[str, ...]:
    """The demo shoppers' ids, as the demo store's profiles.json lists them."""
    return tuple(entry["user_id"] for entry in json.loads(path.read_text(encoding="utf-8")))


def load_demo_profiles(path: Path, store: ProfileStore, now: float) -> list[str]:
    """Seed the demo shoppers (profiles.json of the demo store) into `store`, each once: a profile that
    exists is never overwritten, one the shopper deleted is not restored. Returns the ids seeded now."""
    ids = []
    for entry in json.loads(path.read_text(encoding="utf-8")):
        prefs = entry.get("preferences", {})
        profile = UserProfile(
            user_id=entry["user_id"],
            display_name=entry.get("display_name", ""),
            sizes=tuple(sorted((prefs.get("sizes") or {}).items())),
            liked_brands=tuple(prefs.get("liked_brands", ())),
            disliked_brands=tuple(prefs.get("disliked_brands", ())),
            categories=tuple(prefs.get("categories", ())),
            budget_max=prefs.get("budget_max"),
            currency=prefs.get("currency", ""),
        )
        history = [
            Signal(entry["user_id"], e["product_id"], e["event"], now - e.get("days_ago", 0) * DAY_S) for e in entry.get("history", ())
        ]
        if store.seed(profile, history):
            ids.append(entry["user_id"])
    return ids
