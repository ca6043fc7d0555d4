"""Phone numbers and handles as integer codes, and their many written forms.

A counterpart is held as one integer ``code = identity * 8 + form``. The identity of
a phone number is its national significant number (``7700900123``); the identity of
a messaging handle is ``HANDLE_BASE + index`` into a list of handle texts. The form
picks one of the ways the number is written (``07700 900123``, ``+44 7700 900123``,
``00447700900123``, ``(07700) 900-123``...), all of which normalise to the same E.164.
Only the fictional Ofcom drama ranges and their neighbours are used.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pyarrow as pa

I64 = npt.NDArray[np.int64]

FORMS = 6
HANDLE_FORMS = 3
HANDLE_BASE = 10**11

DEVICE_BASE = 7700800000  # works devices: 07700 8xxxxx
PERSON_BASE = 7700900000  # members of the public: 07700 900000-999999 ...
PERSON_EXT_BASE = 7702000000  # ... then 07702 xxxxxx
UNKNOWN_BASE = 7700700000  # numbers nobody in the records holds
PERSONAL_BASE = 7700600000  # officers' partners and family
CONTROL_ROOM = 1632960000  # 01632 960000-960009: force switchboard and control room
LANDLINE_BASE = 1632960010  # 01632 960010-960999, then 020 7946 0000-0999
LONDON_BASE = 2079460000
LANDLINES = 990 + 1000


def person_mobile(index: I64) -> I64:
    """The mobile number identity of the ``index``-th member of the public."""
    return np.where(index < 100000, PERSON_BASE + index, PERSON_EXT_BASE + index - 100000)


def landline(index: I64) -> I64:
    """The landline identity of the ``index``-th landline (at most :data:`LANDLINES`)."""
    return np.where(index < 990, LANDLINE_BASE + index, LONDON_BASE + index - 990)


def write_number(identity: int, form: int) -> str:
    """Write a national significant number in one of the :data:`FORMS` forms."""
    digits = str(identity)
    if digits.startswith("20"):
        area, rest = "20", digits[2:]
        spaced, dashed = f"{rest[:4]} {rest[4:]}", f"{rest[:4]}-{rest[4:]}"
    else:
        area, rest = digits[:4], digits[4:]
        spaced, dashed = rest, f"{rest[:3]}-{rest[3:]}"
    forms = (
        f"0{area} {spaced}",
        f"+44 {area} {spaced}",
        f"0044{digits}",
        f"(0{area}) {dashed}",
        f"+44{digits}",
        f"0{digits}",
    )
    return forms[form % FORMS]


def write_code(code: int, handles: Sequence[str]) -> str:
    """Write one counterpart code as text."""
    identity, form = divmod(code, 8)
    if identity >= HANDLE_BASE:
        text = handles[identity - HANDLE_BASE]
        return (text, text.lower(), text.upper())[form % HANDLE_FORMS]
    return write_number(identity, form)


def write_codes(codes: I64, handles: Sequence[str]) -> pa.Array:
    """Write many counterpart codes as a string array (formats each distinct code once)."""
    if len(codes) == 0:
        return pa.array([], pa.string())
    uniq, inverse = np.unique(codes, return_inverse=True)
    texts = pa.array([write_code(int(c), handles) for c in uniq.tolist()], pa.string())
    return texts.take(pa.array(inverse.reshape(-1)))


def e164(identity: int, handles: Sequence[str]) -> str:
    """The normalised form of an identity: E.164 for numbers, lower case for handles."""
    if identity >= HANDLE_BASE:
        return handles[identity - HANDLE_BASE].strip().lower()
    return f"+44{identity}"


def code(identity: I64, form: I64) -> I64:
    """Combine identities and forms into codes."""
    return identity * 8 + form
