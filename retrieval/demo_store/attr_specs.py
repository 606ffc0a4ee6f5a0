"""Attribute specs: how catalog.toml describes an attribute, and how one value is drawn from it.

A spec is one of:

* a plain value            -> used as is
* a list ``[...]``         -> uniform choice
* ``T(...)``               -> tier-ordered choice: cheapest option first; budget brands draw
                              from the low end and premium brands from the high end (price
                              follows suit)
* ``Span(lo, hi, step)``   -> integer in a range
* a callable               -> called with the random generator (size runs)

catalog.toml writes the non-plain forms as one-key tables (``key.tier = [...]``); decode_spec()
turns them into the objects above.
"""

from __future__ import annotations

from typing import NamedTuple


class T(tuple):
    """Tier-ordered choices, cheapest / most basic first."""

    def __new__(cls, *items):
        return super().__new__(cls, items)


class Span(NamedTuple):
    """An integer drawn from lo..hi (inclusive) in multiples of step."""

    lo: int
    hi: int
    step: int = 1


def apparel_run(scale):
    """A spec drawing the sizes one garment comes in, e.g. ['S', 'M', 'L', 'XL'] from XS..XXL."""

    def pick(rng):
        lo, hi = rng.choice([0, 1, 1]), rng.choice([4, 5, 5])
        return list(scale[lo : hi + 1])

    return pick


def shoe_run(scale):
    """A spec drawing the sizes one shoe colourway comes in, sometimes with one sold out."""

    def pick(rng):
        sizes = list(scale[rng.choice([0, 1, 2]) : len(scale) - rng.choice([0, 0, 1])])
        if rng.random() < 0.3:  # one size sold out for this colourway
            sizes.remove(rng.choice(sizes[2:-2]))
        return sizes

    return pick


def decode_spec(value, shared, where):
    """One attribute spec as read from TOML -> the spec object; `where` names it in errors."""
    if not isinstance(value, dict):
        return value
    if len(value) != 1:
        raise ValueError(f"{where}: an attribute spec table takes exactly one key, got {sorted(value)}")
    ((form, arg),) = value.items()
    if form in ("ref", "apparel_run", "shoe_run") and arg not in shared:
        raise ValueError(f"{where}: {form} names {arg!r}, which is not in [shared]")
    if form == "tier":
        return T(*arg)
    if form == "span":
        return Span(*arg)
    if form == "ref":
        return shared[arg]
    if form == "apparel_run":
        return apparel_run(shared[arg])
    if form == "shoe_run":
        return shoe_run(shared[arg])
    raise ValueError(f"{where}: unknown attribute spec {form!r}; use tier, span, ref, apparel_run or shoe_run")


def choose(spec, pos, rng):
    """Draw one attribute value; `pos` in 0..1 is the brand's tier position (see the module docstring)."""
    if isinstance(spec, T):
        n = len(spec)
        idx = round(pos * (n - 1) + rng.uniform(-0.6, 0.6))
        return spec[min(n - 1, max(0, idx))]
    if isinstance(spec, Span):
        return rng.randrange(spec.lo, spec.hi + 1, spec.step)
    if isinstance(spec, list):
        return rng.choice(spec)
    if callable(spec):
        return spec(rng)
    return spec
