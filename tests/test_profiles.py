"""Profiles: storage keyed by user, privacy (view, edit, export, delete), decay and taste vectors.
The store's tests run on SQLite and on a real PostgreSQL server (the `sql_url` fixture)."""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest

from assistant.profiles import (
    DAY_S,
    ProfileError,
    Signal,
    SQLProfileStore,
    UserProfile,
    decayed_weight,
    load_demo_profiles,
    taste_vector,
)
from retrieval.catalog import DEMO_DIR

NOW = 1_800_000_000.0


def test_profiles_round_trip_and_stay_per_user(sql_url):
    store = SQLProfileStore(sql_url)
    alex = UserProfile("alex", "Alex", sizes=(("shoes", "10"),), liked_brands=("Stridewell",), budget_max=120.0)
    store.put(alex)
    store.put(UserProfile("sam"))
    store.add_signal(Signal("alex", "DS-1", "bought", NOW))
    store.add_signal(Signal("sam", "DS-2", "viewed", NOW))
    reopened = SQLProfileStore(sql_url)
    assert reopened.get("alex") == alex and reopened.get("nobody") is None
    assert [s.product_id for s in reopened.signals("alex")] == ["DS-1"]
    assert [s.product_id for s in reopened.signals("sam")] == ["DS-2"]  # never another shopper's data


def test_export_and_delete_everything_about_one_shopper(sql_url):
    import sqlalchemy as sa

    store = SQLProfileStore(sql_url)
    store.put(UserProfile("alex", liked_brands=("Aurelle",)))
    store.add_signal(Signal("alex", "DS-1", "thumbs_up", NOW))
    store.put(UserProfile("sam"))
    exported = store.export("alex")
    assert json.loads(json.dumps(exported)) == exported
    assert exported["profile"]["liked_brands"] == ["Aurelle"] and exported["signals"][0]["event"] == "thumbs_up"
    store.delete("alex")
    assert store.export("alex") == {"profile": None, "signals": []}
    assert store.get("sam") == UserProfile("sam")
    with sa.create_engine(sql_url).connect() as db:  # the rows themselves are gone, not only hidden
        left = {
            table: db.exec_driver_sql(f"SELECT count(*) FROM {table} WHERE user_id = 'alex'").scalar() for table in ("profiles", "signals")
        }
    assert left == {"profiles": 0, "signals": 0}


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"user_id": ""}, "user id .* is not valid"),
        ({"user_id": "a", "budget_max": -1}, "budget_max"),
        ({"user_id": "a", "liked_brands": ("X",), "disliked_brands": ("x",)}, "liked and disliked"),
    ],
)
def test_invalid_profiles(kwargs, message):
    with pytest.raises(ProfileError, match=message):
        UserProfile(**kwargs)


def test_unknown_fields_and_events_are_errors():
    with pytest.raises(ProfileError, match="unknown profile field"):
        UserProfile.from_dict({"user_id": "a", "email": "a@example.com"})  # no free-text PII fields
    with pytest.raises(ProfileError, match="event must be one of"):
        Signal("a", "p", "liked")


def test_decay_halves_weight_every_half_life():
    assert decayed_weight(Signal("a", "p", "bought", NOW), NOW, 30) == 3.0
    assert decayed_weight(Signal("a", "p", "bought", NOW - 30 * DAY_S), NOW, 30) == pytest.approx(1.5)
    assert decayed_weight(Signal("a", "p", "thumbs_down", NOW - 60 * DAY_S), NOW, 30) == pytest.approx(-0.5)


def test_taste_vector_leans_to_liked_and_away_from_disliked():
    vectors = {"shoe": np.array([1.0, 0.0]), "mug": np.array([0.0, 1.0])}
    signals = [Signal("a", "shoe", "bought", NOW), Signal("a", "mug", "thumbs_down", NOW), Signal("a", "gone", "viewed", NOW)]
    taste = taste_vector(signals, vectors.get, NOW)
    assert taste @ vectors["shoe"] > 0 > taste @ vectors["mug"]
    assert np.linalg.norm(taste) == pytest.approx(1.0)
    assert taste_vector([Signal("a", "gone", "viewed", NOW)], vectors.get, NOW) is None


def test_concurrent_writers_lose_nothing(sql_url):
    store = SQLProfileStore(sql_url)
    threads = [
        threading.Thread(target=lambda u=u: [store.add_signal(Signal(u, f"p{i}", "viewed", NOW + i)) for i in range(50)])
        for u in ("a", "b", "c")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [len(store.signals(u)) for u in ("a", "b", "c")] == [50, 50, 50]


def test_demo_profiles_load(sql_url):
    store = SQLProfileStore(sql_url)
    ids = load_demo_profiles(DEMO_DIR / "profiles.json", store, NOW)
    assert len(ids) == 4 and all(store.get(i) for i in ids) and all(store.signals(i) for i in ids)
    assert load_demo_profiles(DEMO_DIR / "profiles.json", store, NOW) == [] and len(store.signals(ids[0])) == len(
        json.loads((DEMO_DIR / "profiles.json").read_text())[0]["history"]
    )


def test_deleting_one_demo_shopper_keeps_the_others_and_stays_deleted(sql_url):
    """Deleting demo-alex and restarting restored alex and wiped demo-priya's new feedback (9 -> 6 signals)."""
    store = SQLProfileStore(sql_url)
    load_demo_profiles(DEMO_DIR / "profiles.json", store, NOW)
    store.add_signal(Signal("demo-priya", "DS-0001", "thumbs_up", NOW))
    before = len(store.signals("demo-priya"))
    store.delete("demo-alex")
    restarted = SQLProfileStore(sql_url)
    assert load_demo_profiles(DEMO_DIR / "profiles.json", restarted, NOW + 60) == []
    assert len(restarted.signals("demo-priya")) == before and restarted.get("demo-alex") is None and restarted.signals("demo-alex") == []


def test_a_profile_file_from_before_signal_ids_keeps_its_signals_in_order(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:  # the schema the store wrote before it moved to SQLAlchemy
        db.execute("CREATE TABLE profiles (user_id TEXT PRIMARY KEY, data TEXT NOT NULL)")
        db.execute("CREATE TABLE signals (user_id TEXT NOT NULL, product_id TEXT NOT NULL, event TEXT NOT NULL, at REAL NOT NULL)")
        db.execute("CREATE INDEX signals_user ON signals (user_id, at)")
        db.execute("CREATE TABLE seeded (user_id TEXT PRIMARY KEY)")
        db.execute("INSERT INTO profiles VALUES ('alex', ?)", (json.dumps(UserProfile("alex", "Alex").to_dict()),))
        db.executemany("INSERT INTO signals VALUES ('alex', ?, 'viewed', ?)", [("p2", NOW), ("p1", NOW), ("p0", NOW - 5)])
    store = SQLProfileStore(path)
    assert store.get("alex").display_name == "Alex" and [s.product_id for s in store.signals("alex")] == ["p0", "p2", "p1"]
    store.add_signal(Signal("alex", "p3", "viewed", NOW))
    assert [s.product_id for s in SQLProfileStore(path).signals("alex")][-1] == "p3"


def test_a_database_that_cannot_be_opened_names_the_setting_and_hides_the_password():
    with pytest.raises(ProfileError) as info:
        SQLProfileStore("postgresql+psycopg://shop:s3cret@127.0.0.1:1/profiles")
    message = str(info.value)
    assert "s3cret" not in message and "assistant.profiles" in message and "127.0.0.1:1" in message
