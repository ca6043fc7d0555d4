"""The workbench under a team's load on PostgreSQL: latency per page, and no audit entry lost.

Setup (not timed): a demo store (``boundline demo --dir WORK``, as ``bench/web.py``)
unless ``--store`` names one; a new database ``boundline_bench_<pid>`` on ``--pg``
(dropped at the end unless ``--keep``) where the case services (``bench/_web_load.py``)
add the team of ``--users`` (40% analysts, 25% investigators, 25% appropriate
authorities (AAs), 10% auditors, each with a password), the demo's alerts with
copies (``--queue`` items) and ``--cases`` cases per AA (process started, an exhibit
each, an investigator added). Then ``boundline serve --db URL --workers N`` on
127.0.0.1 and a free port; every user signs in (their own ``httpx.AsyncClient``).

Calibration (not timed): one user of each role does its round twice, alone, and the
audit log's rows are counted around each request: the entries each kind of request
writes (the queue page: per row shown); a count that differs between rounds shows.

Load: every user in a closed loop (with ``--think S``: a pause after each request,
exponential with mean S, as a person reading the page), for ``--seconds`` or until
``--max-requests`` requests, whichever first; every request has a hard timeout:

* analyst: GET /queue -> GET /items/N (linked from it); in about a third of rounds an
  item of their own share (id modulo the analysts: no two dismiss one item) is the
  one viewed, then dismissed with a reason (POST), while the queue keeps two pages;
* investigator: GET /work, /cases, /cases/REF, /cases/REF/exhibits, then POST a
  custody event (viewed, with a note) on the case's exhibit;
* AA: GET /cases/REF (their own cases), then POST the step record_reference (allowed
  in every stage, it leaves the case where it is) with the step number the page
  showed (``seen``): a 409 (the case moved on) is counted apart, not as an error;
* auditor: GET /audit filtered by actor and action (or not), pages 1 to 3.

Afterwards: the audit log's rows, counted before and after the load, against the
entries the clients' requests account for (calibrated count x successful requests),
and the chain checked (``verify_chain``). Prints per page kind the count, errors (an
unexpected status, or an exception), p50/p95/p99/max in ms, requests/s, where the CPU
went, and the targets (case pages p99 < 300 ms, 0 errors, 0 lost entries: MET / NOT
MET). Exit code 0 whatever the figures; 1 if the server does not start or nobody can
sign in. Loopback only. With ``--store`` the exhibits are added to that store.

    .venv/bin/python bench/web_cases.py [--users 50] [--seconds 60] [--max-requests 200000]
                                        [--workers 2] [--store STORE] [--keep]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from _web_load import (  # noqa: E402
    HOST,
    CpuUse,
    audit_rows,
    check_chain,
    children,
    cpu_lines,
    expected_entries,
    history_sizes,
    lock_waits,
    new_client,
    seed_team,
    server_version,
    sign_in,
    start_serve,
    stop_serve,
    team_mix,
)
from web import (  # noqa: E402
    ITEM_RE,
    Tally,
    demo_store,
    drop_pg_database,
    header,
    machine,
    pct,
    pg_database,
    row,
    verdict,
)

PG_SERVER = "postgresql://postgres@127.0.0.1:5432/test"
KINDS = ("queue", "item", "dismiss", "work", "cases", "case", "exhibit", "custody", "step", "audit")
CASE_PAGES = ("work", "cases", "case", "exhibit")  # the GET pages of cases: p99 < 300 ms
CASE_P99 = 0.300
PAGE = 25  # queue rows per page (the workbench's default page_size)
DISMISS = 0.3  # the share of an analyst's rounds that end in a dismissal
FILTERS = ("", "view", "case.transition", "exhibit.custody", "triage.dismiss", "signin")
HOME = {"analyst": "/queue", "auditor": "/audit"}  # the others: /work
SEEN_RE = re.compile(r'name="seen" value="(\d+)"')


@dataclass
class User:
    name: str
    role: str
    client: httpx.AsyncClient
    cases: list[str]
    rng: random.Random
    index: int = 0  # among the users of its role
    csrf: str = ""
    done: int = 0  # its posts so far (for unique values)

    async def renew(self) -> None:
        """A new connection, the same session (as a browser after the server closed one)."""
        old, self.client = self.client, new_client(str(self.client.base_url), self.client.timeout)
        self.client.cookies = old.cookies
        await old.aclose()


@dataclass
class Load(Tally):
    """A phase's bounds and figures, and what the clients did that the audit log must show."""

    ok: Counter[tuple[str, str]] = field(default_factory=Counter)  # (role, kind) -> successes
    rows: int = 0  # queue rows shown by successful queue pages
    moved_on: int = 0  # steps answered 409 (a ``refused`` entry each)
    dismissals: int = 0  # dismissals still allowed (the queue keeps two pages)
    analysts: int = 1
    names: list[str] = field(default_factory=list)
    probe: Callable[[], Awaitable[int]] | None = None  # calibration: the log's row count
    seen: dict[str, list[float]] = field(default_factory=dict)  # calibration: entries each
    locks: list[tuple[int, int, int]] = field(default_factory=list)  # active, waiting, audit
    think: float = 0.0  # mean pause after each request (s, exponential); 0: a closed loop


async def call(
    u: User, load: Load, kind: str, method: str, url: str, data: dict[str, str] | None = None
) -> str | None:
    """One request timed as ``kind``; its text if it answered as expected (GET 200, POST 303)."""
    load.sent += 1
    before = await load.probe() if load.probe else 0
    started = time.perf_counter()
    try:
        if method == "GET":
            answer = await u.client.get(url)
        else:
            answer = await u.client.post(url, data=data)
    except httpx.HTTPError as exc:
        load.times.setdefault(kind, []).append(time.perf_counter() - started)
        load.error(kind, type(exc).__name__)
        return None
    load.times.setdefault(kind, []).append(time.perf_counter() - started)
    if load.think > 0:  # a person reads the page before the next click
        await asyncio.sleep(u.rng.expovariate(1 / load.think))
    if answer.status_code >= 500:  # uvicorn closes the connection after an exception
        await u.renew()
    if answer.status_code == (200 if method == "GET" else 303):
        load.ok[(u.role, kind)] += 1
        rows = answer.text.count('data-item="') if kind == "queue" else 0
        load.rows += rows
        if load.probe:
            written = await load.probe() - before
            load.seen.setdefault(kind, []).append(written / rows if rows else written)
        return answer.text
    if kind == "step" and answer.status_code == 409:
        load.moved_on += 1
    else:
        load.error(kind, f"HTTP {answer.status_code}")
    return None


async def analyst(u: User, load: Load) -> None:
    page = await call(u, load, "queue", "GET", "/queue")
    items = ITEM_RE.findall(page or "")
    if not items:
        if page is not None:
            load.error("queue", "no item linked")
        return
    mine = items if load.probe else [i for i in items if int(i) % load.analysts == u.index]
    chance = load.probe is not None or u.rng.random() < DISMISS  # calibration: always
    dismiss = bool(mine) and load.dismissals > 0 and chance
    item = u.rng.choice(mine if dismiss else items)
    if not load.more() or await call(u, load, "item", "GET", f"/items/{item}") is None:
        return
    if dismiss and load.more():
        load.dismissals -= 1
        data = {"csrf": u.csrf, "reason": "bench: nothing in it on a closer look"}
        await call(u, load, "dismiss", "POST", f"/items/{item}/dismiss", data)


async def investigator(u: User, load: Load) -> None:
    ref = quote(u.rng.choice(u.cases), safe="")
    for kind, url in (
        ("work", "/work"),
        ("cases", "/cases"),
        ("case", f"/cases/{ref}"),
        ("exhibit", f"/cases/{ref}/exhibits"),
    ):
        if await call(u, load, kind, "GET", url) is None or not load.more():
            return
    u.done += 1
    data = {"csrf": u.csrf, "event": "viewed", "note": f"bench: looked at it ({u.done})"}
    await call(u, load, "custody", "POST", f"/cases/{ref}/exhibits/EX-001/custody", data)


async def authority(u: User, load: Load) -> None:
    ref = quote(u.rng.choice(u.cases), safe="")
    page = await call(u, load, "case", "GET", f"/cases/{ref}")
    seen = SEEN_RE.search(page or "")
    if seen is None or 'data-step="record_reference"' not in (page or ""):
        if page is not None:
            load.error("case", "no record_reference form")
        return
    if not load.more():
        return
    u.done += 1
    data = {
        "csrf": u.csrf,
        "seen": seen.group(1),
        "reason": "bench: the force's reference",
        "f_kind": "force",
        "f_value": f"BENCH/{u.name}/{u.done}",
    }
    await call(u, load, "step", "POST", f"/cases/{ref}/steps/record_reference", data)


async def auditor(u: User, load: Load) -> None:
    asked = {
        "actor": u.rng.choice(["", *load.names]),
        "action": u.rng.choice(FILTERS),
        "page": str(u.rng.randint(1, 3)),
    }
    query = urlencode({k: v for k, v in asked.items() if v})
    await call(u, load, "audit", "GET", f"/audit?{query}")


ROUNDS = {
    "analyst": analyst,
    "investigator": investigator,
    "appropriate_authority": authority,
    "auditor": auditor,
}


async def loop(u: User, load: Load) -> None:
    if load.think > 0:  # people do not all click at the same instant
        await asyncio.sleep(u.rng.uniform(0, load.think))
    while load.more():
        await ROUNDS[u.role](u, load)


async def signed_in(u: User, gate: asyncio.Semaphore) -> str | None:
    """Sign ``u`` in and keep the session's CSRF token; None, or what went wrong."""
    csrf, failed = await sign_in(u.client, u.name, HOME.get(u.role, "/work"), gate)
    u.csrf = csrf
    return failed


async def calibrate(users: list[User], url: str, base: Load) -> dict[tuple[str, str], float]:
    """Entries written per request of each (role, kind), one user per role, two rounds alone."""

    async def probe() -> int:
        return await asyncio.to_thread(audit_rows, url)

    table: dict[tuple[str, str], float] = {}
    for role in ROUNDS:
        u = next((x for x in users if x.role == role), None)
        if u is None:
            continue
        load = Load(time.monotonic() + 600, 10**9, probe=probe, dismissals=base.dismissals)
        load.analysts, load.names = base.analysts, base.names
        for _ in range(2):
            await ROUNDS[role](u, load)
        base.dismissals = load.dismissals
        for kind, counts in load.seen.items():
            table[(role, kind)] = counts[0]
            note = "" if len(set(counts)) == 1 else f"  NOT STABLE: {counts}"
            per = " per row shown" if kind == "queue" else ""
            alone = 1000 * min(load.times[kind])
            print(f"  {role:<22}{kind:<8}{alone:>7.0f} ms  {counts[0]:g} entries{per}{note}")
        for kind, errors in load.errors.items():
            print(f"  calibration of {role} {kind} failed: {dict(errors)}")
    return table


async def drive(
    args: argparse.Namespace, base: str, team: Any, url: str, server: int
) -> dict[str, Any]:
    users: list[User] = []
    for name, role in team.users:
        index = sum(1 for x in users if x.role == role)
        client, seeded = new_client(base, args.timeout), random.Random(f"web-cases-{name}")
        users.append(User(name, role, client, team.cases.get(name, []), seeded, index))
    try:
        started = time.perf_counter()
        gate = asyncio.Semaphore(4)
        outcomes = await asyncio.gather(*(signed_in(u, gate) for u in users))
        signed = [u for u, o in zip(users, outcomes, strict=True) if o is None]
        print(
            f"signed in {len(signed)} of {len(users)} users in "
            f"{time.perf_counter() - started:.1f} s (not timed below)"
        )
        for what, n in Counter(o for o in outcomes if o).most_common():
            print(f"  sign-in failed x{n}: {what}")
        if not signed:
            raise SystemExit(1)
        shared = Load(0, 0, dismissals=max(0, team.queue - 2 * PAGE))
        shared.analysts = sum(1 for u in users if u.role == "analyst")
        shared.names = [name for name, _ in team.users]
        print("calibration (one user per role, alone: the faster of 2, and audit entries each):")
        table = await calibrate(signed, url, shared)

        await asyncio.gather(*(u.renew() for u in signed))  # none idle past the keep-alive
        before = await asyncio.to_thread(audit_rows, url)
        load = Load(time.monotonic() + args.seconds, args.max_requests, names=shared.names)
        load.dismissals, load.analysts = shared.dismissals, shared.analysts
        load.think = args.think
        started, cpu, workers = time.perf_counter(), CpuUse(server), children(server)
        waits = asyncio.create_task(sample_locks(url, load))
        await asyncio.gather(*(loop(u, load) for u in signed))
        load.elapsed = time.perf_counter() - started
        spent, replaced = cpu.spent(), len(workers - children(server))
        await waits
    finally:
        await asyncio.gather(*(u.client.aclose() for u in users))
    await asyncio.sleep(1.0)  # a request given up on by its client may still commit
    after = await asyncio.to_thread(audit_rows, url)
    got = {"load": load, "table": table, "before": before, "after": after, "users": signed}
    return got | {"cpu": spent, "locks": load.locks, "replaced": replaced}


async def sample_locks(url: str, load: Load) -> None:
    """Every half second of the load: the database's active backends, and those waiting."""
    while load.more():
        load.locks.append(await asyncio.to_thread(lock_waits, url))
        await asyncio.sleep(0.5)


def report(args: argparse.Namespace, got: dict[str, Any], store: Path, url: str) -> None:
    load: Load = got["load"]
    mix = Counter(u.role for u in got["users"])
    timed = sum(len(load.times.get(k, [])) for k in KINDS)
    print(
        f"\nload: {len(got['users'])} users ({', '.join(f'{n} {r}' for r, n in mix.items())}), "
        f"{args.seconds:g} s asked, {load.elapsed:.1f} s run (cap {args.max_requests:,} "
        f"requests, timeout {args.timeout:g} s each), "
        + (f"think time {args.think:g} s (mean)" if args.think else "no think time")
    )
    print(header())
    for kind in KINDS:
        print(row(kind, load))
    errors = sum(sum(c.values()) for c in load.errors.values())
    print(f"total  {timed:>8}{errors:>8}   {timed / max(load.elapsed, 1e-9):,.1f} requests/s")
    print(f"steps answered 409 (the case moved on; not errors): {load.moved_on}")

    expected, missing = expected_entries(load.ok, load.rows, load.moved_on, got["table"])
    actual = got["after"] - got["before"]
    lost = round(expected) - actual
    print(
        f"\naudit entries written during the load: {actual:,} "
        f"(log {got['before']:,} -> {got['after']:,})"
    )
    print(f"audit entries the clients' requests account for: {expected:,.0f}")
    print(f"lost: {lost}" + ("  (negative: more entries than accounted for)" if lost < 0 else ""))
    if missing:
        print(f"  not calibrated (not counted): {', '.join(missing)}")
    if errors:
        print(f"  {errors} failed requests are not counted; any entries they wrote show as -lost")
    entries, intact, broken, seconds = check_chain(store, url)
    print(
        f"audit chain: {entries:,} entries checked in {seconds:.1f} s, "
        f"{'intact' if intact else 'BROKEN: ' + broken}"
    )
    steps, custody = history_sizes(url)
    print(f"at the end: most steps on a case {steps}, most custody events on an exhibit {custody}")

    for line in cpu_lines(*got["cpu"], got["locks"]):
        print(line)
    print(f"server workers replaced during the load (hung, restarted): {got['replaced']}")

    print("\ntargets:")
    for kind in CASE_PAGES:
        times = load.times.get(kind, [])
        p99 = pct(times, 99) if times else float("inf")
        print(
            f"  {kind:<8}p99 < {1000 * CASE_P99:.0f} ms: {1000 * p99:,.1f} ms  "
            f"{verdict(bool(times) and p99 < CASE_P99)}"
        )
    print(f"  0 errors: {errors} errors  {verdict(errors == 0 and timed > 0)}")
    fine = lost == 0 and not missing and intact
    print(f"  0 lost entries (and the chain intact): {lost} lost  {verdict(fine)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=50, help="concurrent users (at least 5)")
    ap.add_argument("--seconds", type=float, default=60.0, help="length of the load")
    ap.add_argument("--max-requests", type=int, default=200_000, help="cap on the load")
    ap.add_argument("--workers", type=int, default=2, help="`boundline serve` worker processes")
    ap.add_argument("--store", type=Path, default=None, help="a store made by `boundline demo`")
    ap.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    ap.add_argument("--pg", default=PG_SERVER, help="the PostgreSQL server (a database on it)")
    ap.add_argument("--cases", type=int, default=2, help="cases per appropriate authority")
    ap.add_argument("--queue", type=int, default=600, help="items in the triage queue")
    ap.add_argument("--timeout", type=float, default=30.0, help="hard timeout of each request")
    ap.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean think time after each request, s (exponential; 0: a closed loop, the stress)",
    )
    args = ap.parse_args()
    if args.users < 5 or args.seconds <= 0 or args.max_requests < 1 or args.workers < 1:
        ap.error("--users must be at least 5; --seconds, --max-requests, --workers positive")
    if urlsplit(args.pg).hostname not in ("127.0.0.1", "localhost", "::1"):
        ap.error("--pg must be a PostgreSQL server on 127.0.0.1 (loopback only)")

    began = time.perf_counter()
    print(machine())
    print(
        f"users: {args.users}, seconds: {args.seconds:g}, max requests: {args.max_requests:,}, "
        f"workers: {args.workers}"
    )
    work = Path(tempfile.mkdtemp(prefix="boundline-bench-web-cases-"))
    proc = None
    url: str | None = None
    try:
        store = args.store.resolve() if args.store else demo_store(work)
        url = pg_database(args.pg)
        print(f"postgresql: {server_version(url)}, database {url.rsplit('/', 1)[1]}")
        started = time.perf_counter()
        team = seed_team(store, url, team_mix(args.users), args.cases, args.queue, work)
        print(
            f"seeded {len(team.users)} users, {team.queue} queue items and "
            f"{sum(len(v) for n, v in team.cases.items() if n.startswith('aa-'))} cases "
            f"in {time.perf_counter() - started:.1f} s"
        )
        started = time.perf_counter()
        proc, port = start_serve(store, url, args.workers, work)
        print(
            f"server: `boundline serve --workers {args.workers}` on http://{HOST}:{port}/ "
            f"(started in {time.perf_counter() - started:.1f} s); store {store}"
        )
        got = asyncio.run(drive(args, f"http://{HOST}:{port}", team, url, proc.pid))
        report(args, got, store, url)
    finally:
        if proc is not None:
            stop_serve(proc)
        if url is not None and not args.keep:
            drop_pg_database(args.pg, url)
        elif url is not None:
            print(f"\nkept the database: {url}")
        log = work / "server.log"
        if log.exists():
            lines = [x for x in log.read_text(errors="replace").splitlines() if x.strip()]
            said = Counter(
                x for x in lines if x[0] != " " and re.search(r"Error|Exception|ERROR", x)
            )
            print(f"\nserver log: {len(lines)} lines; errors and exceptions in it:")
            for line, n in said.most_common(8):
                print(f"  x{n} {line[:200]}")
        shutil.rmtree(work, ignore_errors=True)
        print(f"whole run: {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
