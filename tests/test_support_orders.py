"""The order book (SQLAlchemy on SQLite), its loaders, and the policy checks over it."""

from __future__ import annotations

import json
import threading
from datetime import date

import pytest

from assistant.support.eligibility import RulesError, check, load_rules
from assistant.support.order_files import read_demo_orders, read_tau_bench
from assistant.support.orders import Customer, Order, OrderBook, OrderBookError, OrderData, OrderLine, ReturnRequest, Shipment
from retrieval.catalog import DEMO_DIR
from tests.conftest import require_shared

TODAY = date(2026, 12, 5)
RULES = DEMO_DIR / "policy_rules.toml"


def order(status="delivered", delivered=date(2026, 11, 20), lines=None, returns=(), order_id="ORD-1"):
    shipments = (Shipment("1Z", "UPS", "delivered", ("DS-1",), delivered_on=delivered),) if status == "delivered" else ()
    lines = lines or (OrderLine("DS-1", "Runwell Tempo Running Shoes", 1, 89.99, "Footwear > Running Shoes"),)
    return Order(order_id, "C-1", status, lines, date(2026, 11, 10), shipments=shipments, returns=returns)


def test_the_demo_book_loads_with_dates_counted_from_today_and_is_found_by_email_and_name_zip(sql_url):
    data = read_demo_orders(DEMO_DIR / "orders.json", TODAY)
    assert len(data.orders) >= 200 and len(data.customers) >= 50
    book = OrderBook(sql_url)
    book.add(data)
    assert book.count() == (len(data.customers), len(data.orders))
    c = data.customers[3]
    assert book.customer_by_email(f"  {c.email.upper()} ") == c
    assert book.customer_by_name_zip(c.first_name.lower(), c.last_name.upper(), c.zip) == c
    assert book.customer_by_name_zip(c.first_name, c.last_name, "00000") is None
    raw = json.loads((DEMO_DIR / "orders.json").read_text())["orders"][0]
    stored = book.order(raw["order_id"])
    assert stored.placed_on == date.fromordinal(TODAY.toordinal() - raw["placed_days_ago"])
    assert stored == next(o for o in data.orders if o.order_id == raw["order_id"])  # every field survives the database
    mine = book.orders_of(stored.customer_id)
    assert [o.placed_on for o in mine] == sorted((o.placed_on for o in mine), reverse=True)
    assert OrderBook(sql_url).count() == book.count()  # a database given alone is used as it is


@pytest.mark.parametrize("database", [False, True], ids=["in-memory", "database"])
def test_adding_the_same_orders_twice_replaces_them_and_threads_share_the_book(database, sql_url):
    book = OrderBook(sql_url if database else "sqlite://")
    data = OrderData((Customer("C-1", "Ava", "Moreau", "ava@example.com", "97201", "1 Elm Avenue, Portland, OR 97201"),), (order(),))
    book.add(data)
    book.add(data)
    assert book.count() == (1, 1)
    seen = []
    worker = threading.Thread(target=lambda: seen.append(book.order("ORD-1")))
    worker.start()
    worker.join()
    assert seen == [data.orders[0]]


def test_a_bad_order_record_names_the_order_and_the_field(tmp_path):
    book = json.loads((DEMO_DIR / "orders.json").read_text())
    book["orders"][2]["lines"][0]["unit_price"] = "cheap"
    path = tmp_path / "orders.json"
    path.write_text(json.dumps(book))
    with pytest.raises(OrderBookError, match=r"order ORD-10003, lines\[0\]: field 'unit_price' must be a number"):
        read_demo_orders(path, TODAY)
    book["orders"][2]["lines"][0]["unit_price"] = 5.0
    book["orders"][2]["status"] = "lost"
    path.write_text(json.dumps(book))
    with pytest.raises(OrderBookError, match="status 'lost' is not one of placed"):
        read_demo_orders(path, TODAY)
    with pytest.raises(OrderBookError, match="no such order book"):
        read_demo_orders(tmp_path / "missing.json", TODAY)


def test_an_unreachable_database_url_is_an_error_naming_the_setting():
    with pytest.raises(OrderBookError, match="support.orders_url"):
        OrderBook("sqlite:////no/such/folder/orders.sqlite")


@pytest.mark.shared
def test_tau_bench_users_and_orders_load():
    data = read_tau_bench(require_shared("support/tau-bench-retail"))
    book = OrderBook()
    book.add(data)
    assert book.count() == (500, 1000)
    noah = book.customer_by_name_zip("Noah", "Brown", "80279")
    assert noah is not None and noah.email == "noah.brown7922@example.com"
    assert book.order("#W2611340").total == pytest.approx(47.84 + 488.81)


def test_returns_close_thirty_days_after_delivery_and_the_holiday_season_extends_them():
    rules = load_rules(RULES)
    assert check("return", order(delivered=date(2026, 10, 1)), rules, date(2026, 10, 31)).allowed
    late = check("return", order(delivered=date(2026, 10, 1)), rules, date(2026, 11, 1))
    assert not late.allowed and "closed on October 31, 2026" in late.reasons[0] and late.section == "Returns"
    holiday = check("return", order(delivered=date(2026, 12, 1)), rules, date(2027, 1, 20))
    assert holiday.allowed and holiday.deadline == date(2027, 1, 31)


def test_status_rules_conditions_and_limits():
    rules = load_rules(RULES)
    shipped = check("cancel", order("shipped"), rules, TODAY)
    assert not shipped.allowed and "it is shipped" in shipped.reasons[0] and "refuse the delivery" in shipped.otherwise
    assert check("cancel", order("placed"), rules, TODAY).allowed
    earbuds = (OrderLine("DS-4", "Sonaro Cadence True Wireless Earbuds, IPX5, Silver", 1, 124.99, "Electronics > Headphones"),)
    result = check("return", order(lines=earbuds), rules, TODAY)
    assert result.allowed and any("returnable only unopened" in c for c in result.conditions)
    laptop = (OrderLine("DS-9", "Laptop", 1, 999.0, "Computers > Laptops"),)
    assert any("15% restocking fee" in c for c in check("return", order(lines=laptop), rules, TODAY).conditions)
    twice = tuple(ReturnRequest(f"X-{n}", "exchange", ("DS-1",), "exchanged") for n in (1, 2))
    assert "exchanged 2 times" in check("exchange", order(returns=twice), rules, TODAY).reasons[0]
    returned = (ReturnRequest("R-1", "return", ("DS-1",), "requested"),)
    assert "already requested" in check("return", order(returns=returned), rules, TODAY).reasons[0]
    assert not check("damage_claim", order(delivered=date(2026, 11, 27)), rules, TODAY).allowed  # 8 days > 7


def test_a_rules_file_with_an_unknown_action_is_refused(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text('[actions.teleport]\nstatuses = ["placed"]\nsection = "X"\n')
    with pytest.raises(RulesError, match=r"\[actions.teleport\] is not an action"):
        load_rules(path)
