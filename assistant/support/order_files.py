"""Order files into `OrderData`: the demo store's order book (dates as days before "today", so
return windows stay meaningful) and τ-bench retail's users.json + orders.json. A bad record is an
OrderBookError naming the file, the record and the field, with the fix.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from assistant.support.orders import Customer, Order, OrderBookError, OrderData, OrderLine, ReturnRequest, Shipment

DEMO_STATUSES = ("placed", "preparing to ship", "shipped", "delivered", "cancelled")
TAU_STATUSES = ("pending", "pending (item modified)", "processed", "delivered", "cancelled", "return requested", "exchange requested")
SHIPMENT_STATUSES = ("label created", "in transit", "out for delivery", "delivered")


def read_json(path: Path, what: str):
    """A JSON file's value; an OrderBookError naming the file when it is missing or not JSON."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise OrderBookError(f"{path}: no such {what}; give the path of one (format: assistant/support/README.md)") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise OrderBookError(f"{path}: not a JSON {what} ({exc}); fix the file or re-export it") from None


class Record:
    """One JSON object of a file, read field by field with errors that say where."""

    def __init__(self, value, where: str):
        if not isinstance(value, dict):
            raise OrderBookError(f"{where}: expected a JSON object, got {type(value).__name__}")
        self.value, self.where = value, where

    def text(self, key: str, default: str | None = None) -> str:
        value = self.value.get(key, default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise OrderBookError(f"{self.where}: field {key!r} must be a non-empty string, got {value!r}")
        return value.strip()

    def number(self, key: str, default: float | None = None) -> float:
        value = self.value.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise OrderBookError(f"{self.where}: field {key!r} must be a number, got {value!r}")
        return float(value)

    def whole(self, key: str, default: int | None = None) -> int:
        value = self.value.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise OrderBookError(f"{self.where}: field {key!r} must be a whole number, got {value!r}")
        return value

    def day(self, key: str, today: date) -> date | None:
        """`<key>_days_ago` as a date (negative: in the future); None when the field is absent."""
        name = f"{key}_days_ago"
        return None if self.value.get(name) is None else today - timedelta(days=self.whole(name))

    def items(self, key: str) -> list:
        value = self.value.get(key, [])
        if not isinstance(value, list):
            raise OrderBookError(f"{self.where}: field {key!r} must be a list, got {type(value).__name__}")
        return value

    def one_of(self, key: str, allowed: tuple[str, ...]) -> str:
        value = self.text(key)
        if value not in allowed:
            raise OrderBookError(f"{self.where}: {key} {value!r} is not one of {', '.join(allowed)}")
        return value


def read_demo_orders(path: Path, today: date) -> OrderData:
    """The demo store's order book (retrieval/demo_store/orders.json) with its dates counted back from `today`."""
    data = Record(read_json(path, "order book"), str(path))
    customers = []
    for n, value in enumerate(data.items("customers")):
        r = Record(value, f"{path}, customers[{n}]")
        customers.append(Customer(*(r.text(k) for k in ("customer_id", "first_name", "last_name", "email", "zip", "address"))))
    known = {c.customer_id for c in customers}
    orders = []
    for n, value in enumerate(data.items("orders")):
        r = Record(value, f"{path}, orders[{n}]")
        where = f"{path}, order {r.text('order_id')}"
        r.where = where
        if r.text("customer_id") not in known:
            raise OrderBookError(
                f"{where}: customer_id {r.text('customer_id')!r} is not in the file's customers; add the customer or fix the id"
            )
        lines = tuple(_demo_line(Record(v, f"{where}, lines[{i}]")) for i, v in enumerate(r.items("lines")))
        shipments = tuple(_demo_shipment(Record(v, f"{where}, shipments[{i}]"), today) for i, v in enumerate(r.items("shipments")))
        returns = tuple(_demo_return(Record(v, f"{where}, returns[{i}]"), today) for i, v in enumerate(r.items("returns")))
        if not lines:
            raise OrderBookError(f"{where}: 'lines' is empty; an order needs at least one item")
        orders.append(
            Order(
                order_id=r.text("order_id"),
                customer_id=r.text("customer_id"),
                status=r.one_of("status", DEMO_STATUSES),
                lines=lines,
                placed_on=r.day("placed", today),
                currency=r.text("currency", "USD"),
                shipping_cost=r.number("shipping_cost", 0.0),
                payment=r.text("payment", ""),
                shipments=shipments,
                returns=returns,
            )
        )
    return OrderData(tuple(customers), tuple(orders))


def _demo_line(r: Record) -> OrderLine:
    return OrderLine(r.text("item_id"), r.text("name"), r.whole("quantity", 1), r.number("unit_price"), r.text("category", ""))


def _demo_shipment(r: Record, today: date) -> Shipment:
    item_ids = tuple(str(i) for i in r.items("item_ids"))
    status = r.one_of("status", SHIPMENT_STATUSES)
    return Shipment(
        r.text("tracking_id"),
        r.text("carrier"),
        status,
        item_ids,
        r.day("shipped", today),
        r.day("expected", today),
        r.day("delivered", today),
    )


def _demo_return(r: Record, today: date) -> ReturnRequest:
    kind = r.one_of("kind", ("return", "exchange"))
    status = r.one_of("status", ("requested", "received", "refunded", "exchanged"))
    return ReturnRequest(r.text("return_id"), kind, tuple(str(i) for i in r.items("item_ids")), status, r.day("opened", today))


def read_tau_bench(folder: Path) -> OrderData:
    """τ-bench retail's users.json and orders.json (no dates: its policy's rules are by status only)."""
    folder = Path(folder)
    users = read_json(folder / "users.json", "τ-bench users file")
    raw_orders = read_json(folder / "orders.json", "τ-bench orders file")
    if not isinstance(users, dict) or not isinstance(raw_orders, dict):
        raise OrderBookError(f"{folder}: users.json and orders.json must each be a JSON object keyed by id (τ-bench retail's format)")
    customers = []
    for user_id, value in users.items():
        r = Record(value, f"{folder / 'users.json'}, user {user_id}")
        name, address = Record(r.value.get("name"), f"{r.where}, name"), Record(r.value.get("address"), f"{r.where}, address")
        street = " ".join(address.text(k, "") for k in ("address1", "address2")).strip()
        one_line = f"{street}, {address.text('city')}, {address.text('state')} {address.text('zip')}"
        customers.append(Customer(user_id, name.text("first_name"), name.text("last_name"), r.text("email"), address.text("zip"), one_line))
    orders = []
    for order_id, value in raw_orders.items():
        r = Record(value, f"{folder / 'orders.json'}, order {order_id}")
        lines = []
        for i, item in enumerate(r.items("items")):
            line = Record(item, f"{r.where}, items[{i}]")
            options = Record(line.value.get("options", {}), f"{line.where}, options").value
            lines.append(
                OrderLine(
                    line.text("item_id"), line.text("name"), 1, line.number("price"), "", tuple((k, str(v)) for k, v in options.items())
                )
            )
        shipments = []
        for i, fulfilment in enumerate(r.items("fulfillments")):
            f = Record(fulfilment, f"{r.where}, fulfillments[{i}]")
            shipped = "delivered" if r.text("status") == "delivered" else "in transit"
            tracking = ", ".join(str(t) for t in f.items("tracking_id"))
            shipments.append(Shipment(tracking, "", shipped, tuple(str(x) for x in f.items("item_ids"))))
        payments = [Record(p, f"{r.where}, payment_history").value.get("payment_method_id", "") for p in r.items("payment_history")]
        orders.append(
            Order(
                order_id,
                r.text("user_id"),
                r.one_of("status", TAU_STATUSES),
                tuple(lines),
                payment=str(payments[0]) if payments else "",
                shipments=tuple(shipments),
            )
        )
    return OrderData(tuple(customers), tuple(orders))
