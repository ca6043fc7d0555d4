"""Helpers of ``bench/comms.py``: the generated records, and bandicoot's side of the run.

The records: officers' works devices (one officer each, volumes log-normal), each
talking to counterparts drawn heavy-tailed (Zipf ranks per device, plus a few shared
numbers such as a control room), in *sessions* of a call or message or several close
together (gaps of minutes, sometimes hours), at day-weighted hours over 2024. Channels:
call 25%, sms 60%, app 10%, mms 5%. Two inputs are aligned with bandicoot's definitions
rather than left for the comparison to forgive: every call has a duration (0 when
unanswered; bandicoot drops a call without one), and a device's records are at least
2 s apart and never at exactly 07:00:00 (bandicoot's night, 19:00-07:00, includes its
end instant, ours ``[19:00, 07:00)`` does not; ties in time would order differently).
"""

from __future__ import annotations

import inspect
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

START = np.datetime64("2024-01-01T00:00:00", "s").astype(np.int64)
CHANNELS = np.array(["call", "sms", "app", "mms"])
HOUR_WEIGHTS = np.array([1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 8, 8, 8, 8, 8, 8, 7, 6, 5, 4, 3, 2])


def generate(records: int, seed: int) -> pd.DataFrame:
    """``records`` comms rows: device, epoch seconds, direction, channel, counterpart, duration."""
    rng = np.random.default_rng(seed)
    n_dev = max(10, records // 2000)
    volume = rng.lognormal(0.0, 0.8, n_dev)
    lengths = rng.geometric(1 / 3, records)  # session lengths, mean 3; more than needed
    lengths = lengths[: int(np.searchsorted(np.cumsum(lengths), records)) + 1]
    lengths[-1] -= int(lengths.sum()) - records
    n_ses = len(lengths)
    s_dev = rng.choice(n_dev, n_ses, p=volume / volume.sum())
    rank = np.minimum(rng.zipf(1.4, n_ses), 5000)
    pool = max(1000, records // 5)
    s_cp = (s_dev * 7919 + rank * 104729) % pool
    shared = rng.uniform(size=n_ses) < 0.03  # control room, switchboards: shared by all
    s_cp[shared] = rng.integers(0, 20, int(shared.sum()))
    hour = rng.choice(24, n_ses, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
    s_start = rng.integers(0, 366, n_ses) * 86400 + hour * 3600 + rng.integers(0, 3600, n_ses)
    ses = np.repeat(np.arange(n_ses), lengths)
    first = np.r_[0, np.cumsum(lengths)[:-1]]
    gaps = rng.exponential(300.0, records) * np.where(rng.uniform(size=records) < 0.08, 20, 1)
    gaps[first] = 0
    offs = np.cumsum(gaps)
    t = s_start[ses] + (offs - offs[first][ses]).astype(np.int64)
    dev = s_dev[ses]
    order = np.lexsort((t, dev))
    dev, t, cp = dev[order], t[order], s_cp[ses][order]
    # At least 2 s between a device's records, then none at 07:00:00 exactly (see above).
    i = np.arange(records) - np.searchsorted(dev, dev)
    t = np.maximum.accumulate(dev * 10**10 + t - 2 * i) - dev * 10**10 + 2 * i
    t[t % 86400 == 7 * 3600] += 1
    channel = CHANNELS[rng.choice(4, records, p=[0.25, 0.60, 0.10, 0.05])]
    is_call = channel == "call"
    answered = rng.uniform(size=records) > 0.2
    duration = np.where(answered, rng.lognormal(4.5, 1.0, records).astype(np.int64), 0)
    return pd.DataFrame(
        {
            "device": dev,
            "t": START + t,
            "direction": np.where(rng.uniform(size=records) < 0.5, "out", "in"),
            "channel": channel,
            "counterpart": np.char.add("+447", (100_000_000 + cp * 37).astype(str)),
            "duration_s": pd.Series(duration).astype("Int64").where(is_call),
        }
    )


def device_id(d: Any) -> Any:
    return "D" + pd.Series(d).astype(str).str.zfill(5)


def write_source(frame: pd.DataFrame, folder: Path) -> None:
    """The data-contract source folder: officers, devices (one officer each), comms."""
    folder.mkdir(parents=True)
    devs = np.unique(frame["device"].to_numpy())
    ids = device_id(devs)
    officers = "O" + ids.str[1:]
    pd.DataFrame({"officer_id": officers, "name": "PC " + ids.str[1:], "role": "PC"}).to_csv(
        folder / "officers.csv", index=False
    )
    pd.DataFrame(
        {
            "device_id": ids,
            "msisdn": "+4477009" + ids.str[1:],
            "officer_id": officers,
            "assigned_from": "2023-01-01T00:00:00Z",
            "assigned_to": "",
        }
    ).to_csv(folder / "devices.csv", index=False)
    pd.DataFrame(
        {
            "record_id": "R" + pd.Series(np.arange(len(frame))).astype(str),
            "device_id": device_id(frame["device"].to_numpy()),
            "time": np.datetime_as_string(frame["t"].to_numpy().astype("datetime64[s]")),
            "direction": frame["direction"],
            "channel": frame["channel"],
            "counterpart": frame["counterpart"],
            "duration_s": frame["duration_s"],
        }
    ).assign(time=lambda f: f.time + "Z").to_csv(folder / "comms.csv", index=False)


def write_bandicoot(frame: pd.DataFrame, folder: Path) -> dict[str, int]:
    """One bandicoot CSV per device (user ``D00042``); returns records per user."""
    folder.mkdir(parents=True)
    out = pd.DataFrame(
        {
            "interaction": np.where(frame["channel"] == "call", "call", "text"),
            "direction": frame["direction"],
            "correspondent_id": frame["counterpart"],
            "datetime": pd.Series(
                np.datetime_as_string(frame["t"].to_numpy().astype("datetime64[s]"))
            ).str.replace("T", " "),
            "call_duration": frame["duration_s"],
            "antenna_id": "",
        }
    )
    sizes = {}
    for dev, part in out.groupby(frame["device"].to_numpy()):
        user = device_id([dev]).iloc[0]
        part.to_csv(folder / f"{user}.csv", index=False)
        sizes[user] = len(part)
    return sizes


def import_bandicoot() -> Any:
    """Import bandicoot 0.6.0 on Python 3.11, restoring two removed ``inspect`` functions.

    Its ``helper.tools.advanced_wrap`` calls ``inspect.getargspec`` and
    ``inspect.formatargspec`` (both removed in 3.11); the shims below behave as the
    originals did for the arguments bandicoot passes.
    """

    def getargspec(f: Any) -> tuple[Any, ...]:
        s = inspect.getfullargspec(f)
        return s.args, s.varargs, s.varkw, s.defaults

    def formatargspec(
        args: list[str],
        varargs: str | None = None,
        varkw: str | None = None,
        defaults: Any = None,
        formatvalue: Any = lambda v: "=" + repr(v),
    ) -> str:
        first = len(args) - len(defaults) if defaults else len(args)
        specs = [
            a + (formatvalue(defaults[i - first]) if i >= first else "") for i, a in enumerate(args)
        ]
        specs += [f"*{varargs}"] if varargs else []
        specs += [f"**{varkw}"] if varkw else []
        return "(" + ", ".join(specs) + ")"

    for name, shim in (("getargspec", getargspec), ("formatargspec", formatargspec)):
        if not hasattr(inspect, name):
            setattr(inspect, name, shim)
    import bandicoot

    return bandicoot


def _at(result: Any, *path: str) -> Any:
    node = result["allweek"]["allday"]
    for p in path:
        node = None if node is None else node[p]  # an empty distribution is None
    return node


def bandicoot_indicators(bc: Any, user: Any, per_user: bool = False) -> dict[str, Any]:
    """bandicoot's indicators of one user over all its records (``groupby=None``).

    With ``per_user``, also ``number_of_contacts`` (meaningless per correspondent).
    """
    ind = bc.individual
    n = ind.number_of_interactions(user, groupby=None)
    n_out = ind.number_of_interactions(user, groupby=None, direction="out")
    night = ind.percent_nocturnal(user, groupby=None)
    extra = {}
    if per_user:
        contacts = ind.number_of_contacts(user, groupby=None)
        extra = {"call_contacts": _at(contacts, "call"), "text_contacts": _at(contacts, "text")}
    return extra | {
        "calls": _at(n, "call"),
        "messages": _at(n, "text"),
        "calls_out": _at(n_out, "call"),
        "messages_out": _at(n_out, "text"),
        "share_calls_out": _at(ind.percent_initiated_interactions(user, groupby=None), "call"),
        "share_calls_night": _at(night, "call"),
        "share_messages_night": _at(night, "text"),
        "mean_call_s": _at(ind.call_duration(user, groupby=None), "call", "mean"),
        "share_conv_out": _at(
            ind.percent_initiated_conversations(user, groupby=None), "callandtext"
        ),
        "response_rate": _at(ind.response_rate_text(user, groupby=None), "callandtext"),
        "mean_delay_s": _at(ind.response_delay_text(user, groupby=None), "callandtext", "mean"),
    }


def bandicoot_per_counterpart(bc: Any, user: Any) -> dict[str, dict[str, Any]]:
    """bandicoot's indicators per correspondent: one bandicoot User per correspondent.

    bandicoot reports per user, so per-correspondent values come from running its
    indicators on a User holding the records with that correspondent only (same
    night window as the parent user, bandicoot's default 19:00-07:00).
    """
    by: dict[str, list[Any]] = defaultdict(list)
    for r in user.records:
        by[r.correspondent_id].append(r)
    out = {}
    for cp, recs in by.items():
        sub = bc.User()
        sub.name, sub.night_start, sub.night_end = user.name, user.night_start, user.night_end
        sub.records = recs
        out[cp] = bandicoot_indicators(bc, sub)
    return out


def _ratio(num: Any, den: Any) -> float | None:
    return None if not den else float(num) / float(den)


#: bandicoot's value for an undefined indicator when it is not None: the share of
#: conversations initiated is 0 for a correspondent with calls and no texts.
PLACEHOLDER: dict[str, Any] = {"share_conv_out": 0}


def ours_as_bandicoot(r: dict[str, Any]) -> dict[str, Any]:
    """One row of ``per_counterpart`` as the bandicoot indicators above (None: undefined).

    bandicoot gives no value at all (None) for an interaction type without records, so
    our counts of calls (messages) are undefined when there are none.
    """
    calls, msgs = r["calls"] or None, r["messages"] or None
    return {
        "calls": calls,
        "messages": msgs,
        "calls_out": calls and r["calls_out"],
        "messages_out": msgs and r["messages_out"],
        "share_calls_out": _ratio(r["calls_out"], calls),
        "share_calls_night": _ratio(r["calls_night"], calls),
        "share_messages_night": _ratio(r["messages_night"], msgs),
        "mean_call_s": _ratio(r["calls_duration_s"], calls),
        "share_conv_out": _ratio(r["conversations_out"], r["conversations"]),
        "response_rate": _ratio(r["conversations_in_answered"], r["conversations_in"]),
        "mean_delay_s": _ratio(r["reply_delay_s_sum"], r["reply_delays"]),
    }


def compare(ours: dict[str, Any], theirs: dict[str, Any]) -> tuple[int, int, list[str]]:
    """Values compared, of which defined, and those that differ.

    An undefined value of ours (None) must be None or bandicoot's placeholder there.
    """
    bad = []
    for name, want in ours.items():
        got = theirs[name]
        if want is None:
            ok = got == PLACEHOLDER.get(name)
        else:
            ok = got is not None and abs(float(got) - want) <= 1e-9 * max(1.0, abs(want))
        if not ok:
            bad.append(f"{name}: ours {want} bandicoot {got}")
    return len(ours), sum(v is not None for v in ours.values()), bad
