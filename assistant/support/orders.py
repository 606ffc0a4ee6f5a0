"""The order book an agent's tools read: customers, orders, their lines, shipments and returns, as
frozen values, kept in SQL through SQLAlchemy (SQLite by default; PostgreSQL is a URL away).

Where it sits: loaders (`order_files.py`) fill it; the support tools (`tools.py`) query it; drafts
cite what the tools returned. Nothing here knows the policy: eligibility lives in `eligibility.py`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from assistant.database import failure, shown_url, sql_engine
from runtime.errors import UserError


class OrderBookError(UserError, ValueError):
    """An order file or database that cannot be used; the message names the record and the fix."""


def long_date(day: date) -> str:
    """'December 3, 2026': how facts, checks and drafts write a date."""
    return f"{day:%B} {day.day}, {day.year}"


@dataclass(frozen=True)
class Customer:
    customer_id: str
    first_name: str
    last_name: str
    email: str
    zip: str
    address: str  # one line: street, city, state zip

    @property
    def name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class OrderLine:
    item_id: str  # the catalog's product (or τ-bench item) id
    name: str
    quantity: int
    unit_price: float
    category: str = ""  # the catalog's category path, which return rules read ("Electronics > Earbuds")
    options: tuple[tuple[str, str], ...] = ()  # ("color", "blue"), ...

    def __post_init__(self) -> None:
        if self.quantity < 1:
            raise OrderBookError(f"order line {self.item_id}: quantity must be 1 or more, got {self.quantity}")
        if self.unit_price < 0:
            raise OrderBookError(f"order line {self.item_id}: unit_price must be >= 0, got {self.unit_price}")


@dataclass(frozen=True)
class Shipment:
    tracking_id: str
    carrier: str
    status: str  # "label created", "in transit", "out for delivery", "delivered"
    item_ids: tuple[str, ...]
    shipped_on: date | None = None
    expected_on: date | None = None
    delivered_on: date | None = None


@dataclass(frozen=True)
class ReturnRequest:
    return_id: str
    kind: str  # "return" or "exchange"
    item_ids: tuple[str, ...]
    status: str  # "requested", "received", "refunded", "exchanged"
    opened_on: date | None = None


@dataclass(frozen=True)
class Order:
    order_id: str
    customer_id: str
    status: str  # demo store: placed → preparing to ship → shipped → delivered (or cancelled); τ-bench: pending, processed, …
    lines: tuple[OrderLine, ...]
    placed_on: date | None = None
    currency: str = "USD"
    shipping_cost: float = 0.0
    payment: str = ""  # how it was paid, as the customer would recognise it ("Visa ending 4242")
    shipments: tuple[Shipment, ...] = ()
    returns: tuple[ReturnRequest, ...] = ()

    def __post_init__(self) -> None:
        if not self.lines:
            raise OrderBookError(f"order {self.order_id}: it has no lines; an order needs at least one item")

    @property
    def total(self) -> float:
        """What the customer paid: the lines and shipping."""
        return round(sum(line.unit_price * line.quantity for line in self.lines) + self.shipping_cost, 2)

    @property
    def delivered_on(self) -> date | None:
        """The last delivery date when every shipment is delivered, else None."""
        days = [s.delivered_on for s in self.shipments]
        return max(days) if days and all(days) else None  # type: ignore[type-var]

    def line(self, item_id: str) -> OrderLine | None:
        """The order's line for an item id."""
        return next((line for line in self.lines if line.item_id == item_id), None)


@dataclass(frozen=True)
class OrderData:
    """What a loader read: the customers and their orders."""

    customers: tuple[Customer, ...]
    orders: tuple[Order, ...]


class OrderBook:
    """Customers and orders in a SQL database; read by the support tools."""

    def __init__(self, url: str = "sqlite://"):
        import sqlalchemy as sa

        self._sa = sa
        self.url = url
        try:
            self._engine = sql_engine(url)
            self._tables = _tables(sa)
            self._tables["metadata"].create_all(self._engine)
        except sa.exc.SQLAlchemyError as exc:
            raise OrderBookError(f"cannot open the order book at {shown_url(url)} ({failure(exc)}); check support.orders_url") from None

    def add(self, data: OrderData) -> None:
        """Store customers and orders; an id already stored is replaced (loading the same file twice is safe)."""
        t, sa = self._tables, self._sa
        with self._engine.begin() as db:
            customer_ids = [c.customer_id for c in data.customers]
            order_ids = [o.order_id for o in data.orders]
            for table, column, ids in (
                (t["lines"], "order_id", order_ids),
                (t["shipments"], "order_id", order_ids),
                (t["returns"], "order_id", order_ids),
                (t["orders"], "order_id", order_ids),
                (t["customers"], "customer_id", customer_ids),
            ):
                for chunk in _chunks(ids, 500):
                    db.execute(sa.delete(table).where(table.c[column].in_(chunk)))
            if data.customers:
                db.execute(sa.insert(t["customers"]), [c.__dict__ for c in data.customers])
            rows = {"orders": [], "lines": [], "shipments": [], "returns": []}
            for o in data.orders:
                rows["orders"].append(
                    {"order_id": o.order_id, "customer_id": o.customer_id, "status": o.status, "placed_on": o.placed_on}
                    | {"currency": o.currency, "shipping_cost": o.shipping_cost, "payment": o.payment}
                )
                for n, line in enumerate(o.lines):
                    rows["lines"].append(
                        {"order_id": o.order_id, "n": n, "options": json.dumps(line.options)}
                        | {k: getattr(line, k) for k in ("item_id", "name", "quantity", "unit_price", "category")}
                    )
                for n, s in enumerate(o.shipments):
                    rows["shipments"].append(
                        {"order_id": o.order_id, "n": n, "item_ids": json.dumps(s.item_ids)}
                        | {k: getattr(s, k) for k in ("tracking_id", "carrier", "status", "shipped_on", "expected_on", "delivered_on")}
                    )
                for r in o.returns:
                    rows["returns"].append(
                        {"order_id": o.order_id, "item_ids": json.dumps(r.item_ids)}
                        | {k: getattr(r, k) for k in ("return_id", "kind", "status", "opened_on")}
                    )
            for name, values in rows.items():
                if values:
                    db.execute(sa.insert(t[name]), values)

    def count(self) -> tuple[int, int]:
        """Customers and orders stored."""
        sa, t = self._sa, self._tables
        with self._engine.connect() as db:
            return tuple(db.execute(sa.select(sa.func.count()).select_from(t[name])).scalar_one() for name in ("customers", "orders"))

    def customers(self) -> list[Customer]:
        """Every customer, by id."""
        sa, t = self._sa, self._tables
        with self._engine.connect() as db:
            rows = db.execute(sa.select(t["customers"]).order_by(t["customers"].c.customer_id)).mappings().all()
        return [Customer(**row) for row in rows]

    def customer(self, customer_id: str) -> Customer | None:
        """A customer by id."""
        return self._customer(self._tables["customers"].c.customer_id == customer_id)

    def customer_by_email(self, email: str) -> Customer | None:
        """A customer by email address, case and surrounding spaces ignored."""
        return self._customer(self._sa.func.lower(self._tables["customers"].c.email) == email.strip().lower())

    def customer_by_name_zip(self, first_name: str, last_name: str, zip_code: str) -> Customer | None:
        """A customer by first and last name (any case) and zip code."""
        c, lower = self._tables["customers"].c, self._sa.func.lower
        return self._customer(
            (lower(c.first_name) == first_name.strip().lower())
            & (lower(c.last_name) == last_name.strip().lower())
            & (c.zip == zip_code.strip())
        )

    def order(self, order_id: str) -> Order | None:
        """An order by id, with its lines, shipments and returns."""
        found = self._orders(self._tables["orders"].c.order_id == order_id)
        return found[0] if found else None

    def orders_of(self, customer_id: str) -> list[Order]:
        """A customer's orders, newest first (orders without a date last, by id)."""
        found = self._orders(self._tables["orders"].c.customer_id == customer_id)
        return sorted(found, key=lambda o: (o.placed_on is None, -(o.placed_on or date.min).toordinal(), o.order_id))

    def _customer(self, where) -> Customer | None:
        sa, t = self._sa, self._tables
        with self._engine.connect() as db:
            row = db.execute(sa.select(t["customers"]).where(where).limit(1)).mappings().first()
        return Customer(**row) if row else None

    def _orders(self, where) -> list[Order]:
        sa, t = self._sa, self._tables
        with self._engine.connect() as db:
            heads = db.execute(sa.select(t["orders"]).where(where)).mappings().all()
            ids = [h["order_id"] for h in heads]
            parts = {
                name: _by_order(db.execute(sa.select(t[name]).where(t[name].c.order_id.in_(ids))).mappings())
                for name in ("lines", "shipments", "returns")
            }
        orders = []
        for h in heads:
            oid = h["order_id"]
            lines = tuple(
                OrderLine(
                    r["item_id"], r["name"], r["quantity"], r["unit_price"], r["category"], tuple(map(tuple, json.loads(r["options"])))
                )
                for r in sorted(parts["lines"].get(oid, []), key=lambda r: r["n"])
            )
            shipments = tuple(
                Shipment(
                    r["tracking_id"],
                    r["carrier"],
                    r["status"],
                    tuple(json.loads(r["item_ids"])),
                    r["shipped_on"],
                    r["expected_on"],
                    r["delivered_on"],
                )
                for r in sorted(parts["shipments"].get(oid, []), key=lambda r: r["n"])
            )
            returns = tuple(
                ReturnRequest(r["return_id"], r["kind"], tuple(json.loads(r["item_ids"])), r["status"], r["opened_on"])
                for r in sorted(parts["returns"].get(oid, []), key=lambda r: r["return_id"])
            )
            orders.append(
                Order(
                    oid,
                    h["customer_id"],
                    h["status"],
                    lines,
                    h["placed_on"],
                    h["currency"],
                    h["shipping_cost"],
                    h["payment"],
                    shipments,
                    returns,
                )
            )
        return orders


def _by_order(rows) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for row in rows:
        grouped.setdefault(row["order_id"], []).append(row)
    return grouped


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _tables(sa) -> dict:
    """The schema: one table per value above (options and item lists as JSON text)."""
    m = sa.MetaData()
    text, day, money = sa.String, sa.Date, sa.Float
    customers = sa.Table(
        "customers",
        m,
        sa.Column("customer_id", text, primary_key=True),
        *(sa.Column(name, text, nullable=False) for name in ("first_name", "last_name", "email", "zip", "address")),
        sa.Index("customers_email", "email"),
    )
    orders = sa.Table(
        "orders",
        m,
        sa.Column("order_id", text, primary_key=True),
        sa.Column("customer_id", text, nullable=False, index=True),
        sa.Column("status", text, nullable=False),
        sa.Column("placed_on", day),
        sa.Column("currency", text, nullable=False),
        sa.Column("shipping_cost", money, nullable=False),
        sa.Column("payment", text, nullable=False),
    )

    def child(name: str, *columns) -> object:
        return sa.Table(name, m, sa.Column("order_id", text, nullable=False, index=True), *columns)

    lines = child(
        "order_lines",
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("item_id", text, nullable=False),
        sa.Column("name", text, nullable=False),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("unit_price", money, nullable=False),
        sa.Column("category", text, nullable=False),
        sa.Column("options", text, nullable=False),
    )
    shipments = child(
        "shipments",
        sa.Column("n", sa.Integer, nullable=False),
        *(sa.Column(name, text, nullable=False) for name in ("tracking_id", "carrier", "status", "item_ids")),
        *(sa.Column(name, day) for name in ("shipped_on", "expected_on", "delivered_on")),
    )
    returns = child(
        "returns",
        *(sa.Column(name, text, nullable=False) for name in ("return_id", "kind", "status", "item_ids")),
        sa.Column("opened_on", day),
    )
    return {"metadata": m, "customers": customers, "orders": orders, "lines": lines, "shipments": shipments, "returns": returns}
