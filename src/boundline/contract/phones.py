"""Normalisation of phone numbers and handles, as the contract defines it.

A value written like a phone number (digits with the usual punctuation: spaces,
brackets, dashes, dots, a leading ``+``) is parsed with :mod:`phonenumbers`
(default region ``GB``) and written in E.164 when its length is possible for its
country. Allocation is *not* required, so reserved and fictional ranges (the
07700 900xxx drama range) normalise like any other number. Anything else (a
messaging handle, an e-mail address, a short code) is compared exactly after
trimming and lower-casing.

Callers apply this once per *distinct* value, never once per row.
"""

from __future__ import annotations

import re

import phonenumbers

_PHONE_SHAPE = re.compile(r"^\+?[\d\s().\-/]+$")
_MIN_DIGITS = 6


def normalise_counterpart(value: str, region: str = "GB") -> str:
    """Return the comparable form of a phone number or handle."""
    text = value.strip()
    if _PHONE_SHAPE.match(text) and sum(ch.isdigit() for ch in text) >= _MIN_DIGITS:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            return text.lower()
        if phonenumbers.is_possible_number(number):
            return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    return text.lower()


def is_phone_number(normalised: str) -> bool:
    """Whether a normalised value is an E.164 phone number (rather than a handle)."""
    return normalised.startswith("+") and normalised[1:].isdigit()
