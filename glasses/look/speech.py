"""Turning products, prices and text into short spoken sentences."""

from __future__ import annotations

import re
from typing import Sequence

from glasses.products.catalog import Offer, Product
from glasses.skills.spoken import number_words

CURRENCIES = {"EUR": ("euro", "euros"), "USD": ("dollar", "dollars"), "GBP": ("pound", "pounds"),
              "CHF": ("franc", "francs"), "SEK": ("krona", "kronor"), "NOK": ("krone", "kroner"),
              "DKK": ("krone", "kroner"), "PLN": ("zloty", "zloty"), "CAD": ("dollar", "dollars"),
              "AUD": ("dollar", "dollars"), "JPY": ("yen", "yen")}
UNITS = {"g": ("gram", "grams"), "kg": ("kilo", "kilos"), "mg": ("milligram", "milligrams"),
         "ml": ("millilitre", "millilitres"), "cl": ("centilitre", "centilitres"),
         "l": ("litre", "litres"), "oz": ("ounce", "ounces"), "fl oz": ("fluid ounce", "fluid ounces"),
         "lb": ("pound", "pounds")}


def quantity(q: str) -> str:
    """'1 L' -> 'one litre', '350 g' -> '350 grams', '1.5 L' -> '1.5 litres'; else as given."""
    m = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*(fl oz|kg|mg|ml|cl|g|l|oz|lb)\.?\s*", q, re.IGNORECASE)
    if not m:
        return q.strip()
    num = m.group(1).replace(",", ".")
    unit = UNITS[m.group(2).lower()]
    value = float(num)
    word = number_words(int(value)) if value.is_integer() and value <= 10 else num.rstrip("0").rstrip(".") \
        if "." in num else num
    return f"{word} {unit[0] if value == 1 else unit[1]}"


def quantity_parts(q: str) -> tuple[str, str] | None:
    """'1.5 L' -> ('1.5', 'l'), '350 g' -> ('350', 'g'); None when it is not a number and a unit."""
    m = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*(fl oz|kg|mg|ml|cl|g|l|oz|lb)\.?\s*", q, re.IGNORECASE)
    if not m:
        return None
    num = m.group(1).replace(",", ".")
    num = num.rstrip("0").rstrip(".") if "." in num else num
    return num, m.group(2).lower().replace(" ", "_")


def money(price: float, currency: str) -> str:
    names = CURRENCIES.get(currency.upper())
    amount = f"{price:.2f}"
    if names is None:
        return f"{amount} {currency}".strip()
    return f"{amount} {names[0] if price == 1 else names[1]}"


def title(p: Product) -> str:
    """'Oat drink by Northfield' (or whatever of name and brand is known)."""
    name = p.name or p.generic_name
    if name and p.brand and p.brand.lower() not in name.lower():
        return f"{name} by {p.brand}"
    return name or p.brand or "this product"


def short_name(p: Product) -> str:
    return p.name or p.brand or "it"


def pick_offer(p: Product, store: str = "") -> Offer | None:
    if store:
        for o in p.offers:
            if o.store.lower() == store.lower():
                return o
        return None
    return p.offers[0] if p.offers else None


def price_sentence(o: Offer | None) -> str:
    if o is None or o.price is None:
        return ""
    return f"{money(o.price, o.currency)} here"


def rating_sentence(o: Offer | None) -> str:
    if o is None or o.rating is None:
        return ""
    rating = f"{o.rating:.1f}".rstrip("0").rstrip(".")
    if o.review_count:
        return f"rated {rating} from {o.review_count} review{'s' if o.review_count != 1 else ''}"
    return f"rated {rating} out of 5"


def sentence(*parts: str) -> str:
    """Join non-empty parts with commas into one sentence with a capital and a full stop."""
    text = ", ".join(p for p in parts if p)
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def digits(code: str) -> str:
    """'0014' -> '0 0 1 4' so a voice reads digit by digit."""
    return " ".join(code)


def reading(lines: Sequence[str]) -> str:
    """Lines read aloud in order, each ending in a pause."""
    out = []
    for line in lines:
        line = " ".join(line.split())
        if not line:
            continue
        out.append(line if line.endswith((".", "!", "?", ":", ";")) else line + ".")
    return " ".join(out)
