"""The demo order book: invented customers and 240 orders of the demo catalog's real products, for
the customer-service tools.

Dates are day offsets from "today" (`*_days_ago`; negative is in the future), so that return and
damage windows stay meaningful whenever the book is loaded. Every name, email, street and tracking
number is invented; emails use the reserved example.com domain. check_orders() asserts the
invariants the support tools rely on.
"""

from __future__ import annotations

FIRST = [
    "Ava",
    "Ben",
    "Carla",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonah",
    "Kira",
    "Liam",
    "Maya",
    "Noor",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tara",
    "Umar",
    "Vera",
    "Wes",
    "Xenia",
    "Yusuf",
    "Zoe",
    "Aiden",
    "Bea",
    "Cyrus",
    "Dana",
    "Emil",
    "Fern",
    "Gus",
    "Hana",
    "Ivo",
    "Jade",
    "Kai",
    "Lena",
    "Milo",
    "Nina",
]
LAST = [
    "Abbott",
    "Baptiste",
    "Castillo",
    "Delgado",
    "Eriksen",
    "Fontaine",
    "Gallagher",
    "Haddad",
    "Iversen",
    "Jansen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quintero",
    "Rahman",
    "Sorensen",
    "Takahashi",
    "Ulloa",
    "Varga",
    "Whitfield",
    "Xu",
    "Yamada",
    "Zielinski",
]
STREETS = ("Maple Street", "Harbor Road", "Elm Avenue", "Cedar Lane", "Sunset Drive", "Lakeview Court", "Mill Road", "Park Place")
PLACES = (  # (city, state, zip prefix)
    ("Portland", "OR", "972"),
    ("Austin", "TX", "787"),
    ("Columbus", "OH", "432"),
    ("Raleigh", "NC", "276"),
    ("Denver", "CO", "802"),
    ("Madison", "WI", "537"),
    ("Tucson", "AZ", "857"),
    ("Albany", "NY", "122"),
    ("Anchorage", "AK", "995"),
    ("Honolulu", "HI", "968"),
)
PAYMENTS = ("Visa ending {n}", "Mastercard ending {n}", "American Express ending {n}", "PayPal", "Demo Shop gift card")
CARRIERS = ("UPS", "USPS", "FedEx")
CUSTOMERS = 70
ORDERS = 240
# status of each order in order of creation: (status, how many, days since it was placed (lo, hi))
PLAN = (
    ("placed", 16, (0, 0)),
    ("preparing to ship", 12, (0, 1)),
    ("shipped", 36, (1, 5)),
    ("delivered", 160, (8, 120)),
    ("cancelled", 16, (1, 60)),
)


def tracking(rng, carrier):
    """An invented tracking number in the carrier's usual shape."""
    if carrier == "UPS":
        return "1Z" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXY") for _ in range(16))
    return "".join(rng.choice("0123456789") for _ in range(22 if carrier == "USPS" else 12))


def build_customers(rng):
    """CUSTOMERS invented customers with unique emails and a one-line address."""
    customers, seen = [], set()
    while len(customers) < CUSTOMERS:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        if (first, last) in seen:
            continue
        seen.add((first, last))
        city, state, prefix = rng.choice(PLACES)
        zip_code = prefix + f"{rng.randrange(100):02d}"
        n = len(customers) + 1
        customers.append(
            {
                "customer_id": f"C-{n:04d}",
                "first_name": first,
                "last_name": last,
                "email": f"{first.lower()}.{last.lower()}{rng.randrange(10, 99)}@example.com",
                "zip": zip_code,
                "address": f"{rng.randrange(12, 9900)} {rng.choice(STREETS)}, {city}, {state} {zip_code}",
                "payment": rng.choice(PAYMENTS).format(n=rng.randrange(1000, 9999)),
            }
        )
    return customers


def build_lines(rng, products):
    """One to three lines of distinct in-stock products, quantity 1 (sometimes 2 of a cheap one)."""
    chosen = rng.sample([p for p in products if p["stock"] > 0], rng.choice((1, 1, 1, 2, 2, 3)))
    return [
        {
            "item_id": p["id"],
            "name": p["title"],
            "quantity": 2 if p["price"] < 25 and rng.random() < 0.3 else 1,
            "unit_price": p["price"],
            "category": p["category"],
        }
        for p in chosen
    ]


def build_shipments(rng, status, placed, lines):
    """The order's shipments: none before shipping; split in two now and then."""
    if status in ("placed", "preparing to ship", "cancelled"):
        return []
    ids = [line["item_id"] for line in lines]
    groups = [ids[:1], ids[1:]] if len(ids) > 1 and rng.random() < 0.25 else [ids]
    shipments = []
    for group in groups:
        carrier = rng.choice(CARRIERS)
        shipped = placed - rng.choice((0, 1))
        transit = rng.randrange(2, 6)
        shipment = {"tracking_id": tracking(rng, carrier), "carrier": carrier, "item_ids": group, "shipped_days_ago": shipped}
        shipment["expected_days_ago"] = shipped - transit
        if status == "delivered":
            late = rng.choice((0, 0, 0, 1, 2))
            shipment |= {"status": "delivered", "delivered_days_ago": max(0, shipped - transit - late)}
        else:
            shipment["status"] = "out for delivery" if shipment["expected_days_ago"] == 0 else "in transit"
        shipments.append(shipment)
    return shipments


def build_returns(rng, number, order):
    """Return and exchange requests on some delivered orders (one item exchanged twice: the policy's limit)."""
    delivered = min(s["delivered_days_ago"] for s in order["shipments"])
    if delivered > 40 or rng.random() > 0.22:
        return []
    item = order["lines"][0]["item_id"]
    opened = rng.randrange(0, max(1, min(delivered, 25)))
    if order["lines"][0]["category"].startswith(("Clothing", "Footwear")) and rng.random() < 0.5:
        times = 2 if rng.random() < 0.4 else 1
        return [
            {
                "return_id": f"X-{number}-{k}",
                "kind": "exchange",
                "item_ids": [item],
                "status": "exchanged",
                "opened_days_ago": opened + 3 * (times - k),
            }
            for k in range(1, times + 1)
        ]
    status = rng.choice(("requested", "received", "refunded"))
    return [{"return_id": f"R-{number}", "kind": "return", "item_ids": [item], "status": status, "opened_days_ago": opened}]


def build_orders(products, rng):
    """The demo order book: {"customers": [...], "orders": [...]}, orders newest id last."""
    customers = build_customers(rng)
    plan = [(status, lo, hi) for status, count, (lo, hi) in PLAN for _ in range(count)]
    rng.shuffle(plan)
    orders = []
    for n, (status, lo, hi) in enumerate(plan, 10001):
        customer = customers[rng.randrange(len(customers))] if n - 10001 >= CUSTOMERS else customers[n - 10001]
        lines = build_lines(rng, products)
        subtotal = sum(line["unit_price"] * line["quantity"] for line in lines)
        placed = rng.randrange(lo, hi + 1)
        order = {
            "order_id": f"ORD-{n}",
            "customer_id": customer["customer_id"],
            "status": status,
            "placed_days_ago": placed,
            "currency": "USD",
            "shipping_cost": 0.0 if subtotal >= 35 else 4.99,
            "payment": customer["payment"],
            "lines": lines,
        }
        order["shipments"] = build_shipments(rng, status, placed, lines)
        order["returns"] = build_returns(rng, n, order) if status == "delivered" else []
        orders.append(order)
    return {"customers": [{k: v for k, v in c.items() if k != "payment"} for c in customers], "orders": orders}


def check_orders(book, products):
    """Assert what the support tools rely on: known products at catalog prices, unique ids, sane dates."""
    by_id = {p["id"]: p for p in products}
    customer_ids = [c["customer_id"] for c in book["customers"]]
    assert len(set(customer_ids)) == len(customer_ids) and len({c["email"] for c in book["customers"]}) == len(customer_ids)
    assert len({o["order_id"] for o in book["orders"]}) == len(book["orders"]) >= 200
    assert {o["customer_id"] for o in book["orders"]} == set(customer_ids), "a customer without orders"
    for o in book["orders"]:
        assert all(by_id[line["item_id"]]["price"] == line["unit_price"] for line in o["lines"]), o["order_id"]
        shipped = {i for s in o["shipments"] for i in s["item_ids"]}
        assert not o["shipments"] or shipped == {line["item_id"] for line in o["lines"]}, o["order_id"]
        for s in o["shipments"]:
            assert o["placed_days_ago"] >= s["shipped_days_ago"] >= s.get("delivered_days_ago", -99), o["order_id"]
    statuses = [o["status"] for o in book["orders"]]
    assert all(statuses.count(status) == count for status, count, _ in PLAN)
    assert any(r["kind"] == "exchange" for o in book["orders"] for r in o["returns"])
    assert any(r["kind"] == "return" for o in book["orders"] for r in o["returns"])
