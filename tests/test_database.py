"""Settings to SQLAlchemy engines: paths, URLs and memory; errors without passwords."""

from __future__ import annotations

import threading

import pytest

from assistant.database import database_url, failure, shown_url, sql_engine


def test_a_setting_becomes_a_url(tmp_path):
    assert database_url("") == database_url(":memory:") == "sqlite://"
    assert database_url("postgresql+psycopg://shop@db.internal/shop") == "postgresql+psycopg://shop@db.internal/shop"
    url = database_url(tmp_path / "new" / "profiles.sqlite")
    assert url == f"sqlite:///{tmp_path / 'new' / 'profiles.sqlite'}" and (tmp_path / "new").is_dir()


def test_errors_show_the_url_without_its_password_and_the_cause_in_one_line():
    import sqlalchemy as sa

    assert shown_url("postgresql+psycopg://shop:s3cret@db:5432/shop") == "postgresql+psycopg://shop:***@db:5432/shop"
    assert shown_url("not a url") == "(not a database URL)"
    with pytest.raises(sa.exc.OperationalError) as info:
        sa.create_engine("sqlite:////no/such/folder/x.sqlite").connect()
    assert failure(info.value) == "OperationalError: unable to open database file"


def test_an_in_memory_database_is_one_database_for_every_thread():
    engine = sql_engine("sqlite://")
    with engine.begin() as db:
        db.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        db.exec_driver_sql("INSERT INTO t VALUES (1)")
    seen = []
    worker = threading.Thread(target=lambda: seen.append(engine.connect().exec_driver_sql("SELECT x FROM t").scalar()))
    worker.start()
    worker.join()
    assert seen == [1]
