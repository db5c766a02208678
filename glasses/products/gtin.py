"""Retail barcode numbers (GTIN): check digits, UPC-E expansion, one canonical form.

Canonical form used everywhere in the catalog: EAN-13, UPC-A and UPC-E become the
13-digit GTIN (UPC-A "036000291452" -> "0036000291452"; UPC-E "01234565" is first
expanded to its UPC-A); EAN-8 stays 8 digits. Open Food Facts stores codes the same way
(with occasional stripped leading zeros, which ``lookup_keys`` covers).
"""

from __future__ import annotations


def check_digit(body: str) -> str:
    """The GS1 check digit for ``body`` (all digits but the last)."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        total += int(ch) * (3 if i % 2 == 0 else 1)
    return str((10 - total % 10) % 10)


def is_valid(code: str) -> bool:
    """True for an 8, 12, 13 or 14-digit code whose check digit is right."""
    return code.isdigit() and len(code) in (8, 12, 13, 14) and check_digit(code[:-1]) == code[-1]


def upce_to_upca(upce: str) -> str:
    """Expand an 8-digit UPC-E (number system, 6 digits, check) to its 12-digit UPC-A."""
    if len(upce) not in (7, 8) or not upce.isdigit():
        raise ValueError(f"not a UPC-E code: {upce!r}")
    ns, d = upce[0], upce[1:7]
    last = d[5]
    if last in "012":
        body = d[0:2] + last + "0000" + d[2:5]
    elif last == "3":
        body = d[0:3] + "00000" + d[3:5]
    elif last == "4":
        body = d[0:4] + "00000" + d[4]
    else:
        body = d[0:5] + "0000" + last
    upca = ns + body
    return upca + check_digit(upca)


def canonical(value: str, kind: str = "") -> str:
    """The catalog key for a decoded retail code: GTIN-13, or 8 digits for EAN-8.

    ``kind`` is the symbology (ean13, ean8, upca, upce); without it the length decides.
    Non-numeric values (QR contents) are returned stripped but otherwise unchanged.
    """
    v = value.strip()
    if not v.isdigit():
        return v
    if kind == "upce" and len(v) in (7, 8):
        v = upce_to_upca(v)
    if kind == "ean8" or (len(v) == 8 and kind != "upce"):
        return v
    if len(v) < 13:
        return v.zfill(13)
    if len(v) == 14 and v.startswith("0"):
        return v[1:]
    return v


def lookup_keys(code: str) -> list[str]:
    """Codes under which a product may be stored: as given, GTIN-13, and without leading zeros."""
    v = code.strip()
    keys = [v]
    if v.isdigit():
        if len(v) < 13 and len(v) != 8:
            keys.append(v.zfill(13))
        if len(v) == 13 and v.startswith("0"):
            keys.append(v[1:])  # UPC-A
        stripped = v.lstrip("0")
        if stripped and stripped not in keys:
            keys.append(stripped)
        if len(v) == 14 and v.startswith("0"):
            keys.append(v[1:])
    return list(dict.fromkeys(keys))
