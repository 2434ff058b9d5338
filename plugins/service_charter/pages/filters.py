"""Addresses for contact details: `tel:`, WhatsApp and readable web links."""

from __future__ import annotations

import re

COUNTRY_CODE = "972"


def digits(number: str) -> str:
    return re.sub(r"[^0-9+]", "", number)


def tel_href(number: str) -> str:
    """`08-555-0100` → `tel:08-555-0100` reduced to digits: `tel:085550100`."""
    return f"tel:{digits(number)}"


def whatsapp_href(number: str) -> str:
    """A wa.me link in international form: `050-555-0106` → `https://wa.me/972505550106`."""
    number = digits(number)
    if number.startswith("+"):
        return f"https://wa.me/{number[1:]}"
    return f"https://wa.me/{COUNTRY_CODE}{number.removeprefix('0')}"


def display_url(url: str) -> str:
    """A link as people read it: without `https://` and the final slash."""
    return url.removeprefix("https://").removeprefix("http://").rstrip("/")
