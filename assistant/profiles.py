"""Shopper profiles: explicit preferences, implicit signals with time decay, and a taste vector.

The store is a seam (`ProfileStore`) with a SQLite implementation; every read and write is keyed
by user id, so one shopper's data never reaches another's session. A profile holds only what the
shopper set in preference fields and the events they caused: no free text is stored. Shoppers can
view (`get`), edit (`put`), export and delete everything about themselves.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

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


class SQLiteProfileStore:
    """Profiles and signals in one SQLite file (or ":memory:"); safe to share between threads."""

    def __init__(self, path: str | Path = ":memory:"):
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock, self._db:
            self._db.execute("CREATE TABLE IF NOT EXISTS profiles (user_id TEXT PRIMARY KEY, data TEXT NOT NULL)")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS signals (user_id TEXT NOT NULL, product_id TEXT NOT NULL, event TEXT NOT NULL, at REAL NOT NULL)"
            )
            self._db.execute("CREATE INDEX IF NOT EXISTS signals_user ON signals (user_id, at)")
            # ids seeded once (the demo shoppers): a shopper who deleted their profile is not brought back
            self._db.execute("CREATE TABLE IF NOT EXISTS seeded (user_id TEXT PRIMARY KEY)")

    def get(self, user_id: str) -> UserProfile | None:
        """The shopper's profile, or None when they have none."""
        with self._lock:
            row = self._db.execute("SELECT data FROM profiles WHERE user_id = ?", (user_id,)).fetchone()
        return UserProfile.from_dict(json.loads(row[0])) if row else None

    def put(self, profile: UserProfile) -> None:
        """Create or replace the shopper's profile."""
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO profiles VALUES (?, ?)", (profile.user_id, json.dumps(profile.to_dict(), sort_keys=True))
            )

    def add_signal(self, signal: Signal) -> None:
        """Record one event (view, click, purchase, feedback)."""
        with self._lock, self._db:
            self._db.execute("INSERT INTO signals VALUES (?, ?, ?, ?)", (signal.user_id, signal.product_id, signal.event, signal.at))

    def signals(self, user_id: str) -> list[Signal]:
        """The shopper's events, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT user_id, product_id, event, at FROM signals WHERE user_id = ? ORDER BY at, rowid", (user_id,)
            ).fetchall()
        return [Signal(*row) for row in rows]

    def export(self, user_id: str) -> dict:
        """Everything stored about the shopper, as JSON-ready data."""
        profile = self.get(user_id)
        return {"profile": profile.to_dict() if profile else None, "signals": [asdict(s) for s in self.signals(user_id)]}

    def seed(self, profile: UserProfile, signals: Sequence[Signal]) -> bool:
        """Store a starting profile and history once per id: never over an existing profile, never
        again after it was deleted. Returns whether it was stored."""
        with self._lock, self._db:
            if self._db.execute("INSERT OR IGNORE INTO seeded VALUES (?)", (profile.user_id,)).rowcount == 0:
                return False
            if self._db.execute("SELECT 1 FROM profiles WHERE user_id = ?", (profile.user_id,)).fetchone():
                return False
            self._db.execute("INSERT INTO profiles VALUES (?, ?)", (profile.user_id, json.dumps(profile.to_dict(), sort_keys=True)))
            self._db.executemany("INSERT INTO signals VALUES (?, ?, ?, ?)", [(s.user_id, s.product_id, s.event, s.at) for s in signals])
        return True

    def delete(self, user_id: str) -> None:
        """Forget the shopper: profile and every signal."""
        with self._lock, self._db:
            self._db.execute("DELETE FROM profiles WHERE user_id = ?", (user_id,))
            self._db.execute("DELETE FROM signals WHERE user_id = ?", (user_id,))


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
