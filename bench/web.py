"""The workbench under load: simulated analysts on loopback, per-page latency, in one run.

Builds a demo store (``boundline demo --dir WORK``: synthesise, ingest, detect, load
the triage queue, one user per role) unless ``--store`` names one that ``boundline
demo`` made, and sets a known password for ``demo-analyst`` (the demo's passwords
are random and printed once). Then:

* serves the workbench (``create_app(WebSettings(store=...))``) with uvicorn on
  127.0.0.1 and a free port, in a separate process (spawned), so the figures are the
  server's and the load generator does not share its GIL; the server's stderr goes to
  a log file whose size is printed at the end;
* signs in ``--users`` simulated analysts (each its own ``httpx.AsyncClient`` and
  cookie jar: GET /signin, the form's token, POST /signin -> 303); sign-ins are argon2
  by design and are not timed;
* warm-up (its own figure): each item linked from the queue has its pair workspace
  requested once, one at a time. The first request computes the pair's figures
  (seconds) and the app keeps them per store version, so this is the cold
  first-compute time per pair (min/median/max); the load measures the steady state;
* baseline: every user GETs ``/static/app.css`` (a static file: no session, no
  database) in a closed loop for ``--baseline-seconds``;
* load: every user loops, with no think time, GET /queue -> an item linked from it
  (at random) -> GET /items/N -> GET /items/N/pair -> GET each chart image of that
  pair (/items/N/pair/charts/NAME, one after another), for ``--seconds`` or until
  ``--max-requests`` requests, whichever comes first.

Prints per page kind the count, errors (non-2xx or an exception) and p50/p95/p99/max
in ms, requests/s, the targets (queue p99 < 300 ms, pair workspace p99 < 1.5 s, no
errors: MET / NOT MET) and the queue's p50 as a multiple of the static file's. Exit
code 0 whatever the figures (a measurement); 1 if the server does not start or no
user can sign in. Every request goes to 127.0.0.1 only. With ``--store`` the run adds
sessions and audit entries to that store's case database.

    .venv/bin/python bench/web.py [--users 50] [--seconds 30] [--max-requests 100000]
                                  [--baseline-seconds 10] [--store STORE]
"""

from __future__ import annotations

import argparse
import asyncio
import html
import multiprocessing
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from _machine import describe  # noqa: E402

HOST = "127.0.0.1"  # loopback only: nothing here may listen or connect anywhere else
USER = "demo-analyst"
#: Set on the demo store by demo-admin before the run (>= 12 characters, not a common one).
PASSWORD = "bench loopback analyst 7f3c"  # noqa: S105 - a benchmark's own demo user
KINDS = ("queue", "item", "pair", "chart")
TARGETS = {"queue": 0.300, "pair": 1.5}

TOKEN_RE = re.compile(r'name="token" value="([^"]+)"')
ITEM_RE = re.compile(r'href="/items/(\d+)"')
CHART_RE = re.compile(r'src="(/items/\d+/pair/charts/[^"]+)"')


# --- the server (a spawned process) ---------------------------------------------------


def serve(store: str, log: str, conn: Connection) -> None:
    """Serve the workbench on 127.0.0.1 and a free port; send the port through ``conn``."""
    import threading

    import uvicorn

    from boundline.web import WebSettings, create_app

    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(fd, 2)
    try:
        app = create_app(WebSettings(store=Path(store)))
        config = uvicorn.Config(
            app, host=HOST, port=0, log_level="warning", server_header=False, access_log=False
        )
        server = uvicorn.Server(config)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which stops
        conn.send(("error", repr(exc)))
        raise

    def announce() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            conn.send(("port", server.servers[0].sockets[0].getsockname()[1]))

    threading.Thread(target=announce, daemon=True).start()
    server.run()


def start_server(
    store: Path, log: Path, timeout: float = 180.0
) -> tuple[multiprocessing.process.BaseProcess, int]:
    """The server's process and port; SystemExit(1) if it does not start in time."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=serve, args=(str(store), str(log), child), name="bench-web-server")
    proc.start()
    child.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if parent.poll(0.2):
            try:
                what, value = parent.recv()
            except EOFError:  # the process ended without a word
                break
            if what == "port":
                return proc, int(value)
            break
        if not proc.is_alive():
            break
    stop_server(proc)
    tail = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log.exists() else ""
    print(f"the server did not start (log {log}):\n{tail}")
    raise SystemExit(1)


def stop_server(proc: multiprocessing.process.BaseProcess) -> None:
    """SIGTERM (uvicorn shuts down gracefully), then SIGKILL if it lingers."""
    if proc.is_alive():
        proc.terminate()
        proc.join(30)
    if proc.is_alive():
        proc.kill()
        proc.join(10)


# --- the store ------------------------------------------------------------------------


def demo_store(work: Path) -> Path:
    """Run ``boundline demo --dir WORK`` (its output kept in WORK/demo.log); the store."""
    exe = Path(sys.executable).parent / "boundline"
    started = time.perf_counter()
    with (work / "demo.log").open("w", encoding="utf-8") as log:
        done = subprocess.run(
            [str(exe), "demo", "--dir", str(work)], stdout=log, stderr=subprocess.STDOUT
        )
    if done.returncode != 0:
        print((work / "demo.log").read_text(encoding="utf-8", errors="replace")[-3000:])
        raise SystemExit(f"boundline demo failed (exit {done.returncode})")
    print(f"demo store built by `boundline demo` in {time.perf_counter() - started:.1f} s")
    return work / "store"


def pg_database(server: str) -> str:
    """A new, empty PostgreSQL database on ``server`` for this run (its SQLAlchemy URL)."""
    import psycopg

    name = f"boundline_bench_{os.getpid()}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    base = server.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return f"{base}/{name}"


def drop_pg_database(server: str, url: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def seed_pg(store: Path, url: str) -> None:
    """The demo's queue and two of its users (admin, analyst) in the PostgreSQL database."""
    from boundline.cases import Actor, Role, add_user, load_alerts, open_case_db
    from boundline.cases.acting import acting

    with open_case_db(store, url) as db:
        with db.transaction() as session:
            add_user(session, None, "demo-admin", Role.ADMIN, None, PASSWORD + " admin")
            add_user(session, Actor("demo-admin", Role.ADMIN), USER, Role.ANALYST, None, PASSWORD)
        with acting(db, USER) as (session, actor):
            load_alerts(session, actor, store.parent / "alerts" / "alerts.json")


def start_cli_server(
    store: Path, url: str, workers: int, log: Path
) -> tuple[subprocess.Popen[bytes], int]:
    """``boundline serve --db URL --workers N`` on a free loopback port, once it answers."""
    import socket

    with socket.socket() as s:
        s.bind((HOST, 0))
        port = int(s.getsockname()[1])
    exe = Path(sys.executable).parent / "boundline"
    command = [str(exe), "serve", "--store", str(store), "--db", url, "--workers", str(workers)]
    with log.open("ab") as sink:
        proc = subprocess.Popen([*command, "--port", str(port)], stdout=sink, stderr=sink)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"http://{HOST}:{port}/signin", trust_env=False).status_code == 200:
                return proc, port
        except httpx.TransportError:
            time.sleep(0.3)
    proc.kill()
    print(f"the server did not start (log {log})")
    raise SystemExit(1)


def set_analyst_password(store: Path) -> None:
    """A known password for demo-analyst, set by demo-admin (audited as usual)."""
    from boundline.cases import open_case_db
    from boundline.cases.acting import acting
    from boundline.cases.signin import set_password

    with open_case_db(store) as db, acting(db, "demo-admin") as (session, actor):
        set_password(session, actor, USER, PASSWORD)


# --- the clients ----------------------------------------------------------------------


@dataclass
class Tally:
    """Latencies (s) and errors per page kind, and the shared bounds of a phase."""

    deadline: float
    cap: int
    sent: int = 0
    elapsed: float = 0.0  # the phase's real duration, once over
    times: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: dict[str, Counter[str]] = field(default_factory=dict)

    def more(self) -> bool:
        """Whether another request may start (time left and under the cap)."""
        return time.monotonic() < self.deadline and self.sent < self.cap

    def error(self, kind: str, what: str) -> None:
        self.errors.setdefault(kind, Counter())[what] += 1


async def fetch(client: httpx.AsyncClient, tally: Tally, kind: str, url: str) -> str | None:
    """GET ``url`` timed as ``kind``; its text, or None (counted as an error)."""
    tally.sent += 1
    started = time.perf_counter()
    try:
        response = await client.get(url)
    except httpx.HTTPError as exc:
        tally.times.setdefault(kind, []).append(time.perf_counter() - started)
        tally.error(kind, type(exc).__name__)
        return None
    tally.times.setdefault(kind, []).append(time.perf_counter() - started)
    if not 200 <= response.status_code < 300:
        tally.error(kind, f"HTTP {response.status_code}")
        return None
    return response.text


def new_client(base: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=base,
        timeout=httpx.Timeout(60.0),
        follow_redirects=False,
        limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
        trust_env=False,  # never a proxy: loopback only
    )


async def sign_in(client: httpx.AsyncClient, gate: asyncio.Semaphore) -> str | None:
    """Sign in as the analyst; None on success, else what went wrong."""
    async with gate:
        try:
            form = await client.get("/signin")
            found = TOKEN_RE.search(form.text)
            if form.status_code != 200 or found is None:
                token = "found" if found else "missing"
                return f"GET /signin: HTTP {form.status_code}, token {token}"
            data = {"username": USER, "password": PASSWORD, "token": found.group(1)}
            done = await client.post("/signin", data=data)
        except httpx.HTTPError as exc:
            return f"{type(exc).__name__}: {exc}"
    if done.status_code != 303 or "bl_session" not in client.cookies:
        return f"POST /signin: HTTP {done.status_code}"
    return None


THINK = [0.0]  # seconds an analyst reads a page before the next (mean; set by --think)


async def think(rng: random.Random) -> None:
    """An analyst reads the page: an exponential pause with mean ``--think`` (none at 0)."""
    if THINK[0] > 0:
        await asyncio.sleep(rng.expovariate(1 / THINK[0]))


async def analyst(client: httpx.AsyncClient, tally: Tally, rng: random.Random) -> None:
    """The loop of one analyst: queue, item, pair, its charts; until the bounds."""
    while tally.more():
        await think(rng)
        page = await fetch(client, tally, "queue", "/queue")
        items = ITEM_RE.findall(page or "")
        if not items:
            if page is not None:
                tally.error("queue", "no item linked")
            continue
        item = rng.choice(items)
        await think(rng)
        if not tally.more() or await fetch(client, tally, "item", f"/items/{item}") is None:
            continue
        if not tally.more():
            break
        await think(rng)
        pair = await fetch(client, tally, "pair", f"/items/{item}/pair")
        for src in CHART_RE.findall(pair or ""):
            if not tally.more():
                break
            await fetch(client, tally, "chart", html.unescape(src))


async def static_loop(client: httpx.AsyncClient, tally: Tally) -> None:
    while tally.more():
        await fetch(client, tally, "static", "/static/app.css")


async def phase(clients: list[httpx.AsyncClient], seconds: float, cap: int, work: str) -> Tally:
    tally = Tally(time.monotonic() + seconds, cap)
    tally.times.setdefault("static", [])
    started = time.perf_counter()
    if work == "static":
        await asyncio.gather(*(static_loop(c, tally) for c in clients))
    else:
        await asyncio.gather(
            *(analyst(c, tally, random.Random(f"{work}-{i}")) for i, c in enumerate(clients))
        )
    tally.elapsed = time.perf_counter() - started
    return tally


async def queue_items(client: httpx.AsyncClient) -> tuple[list[str], str]:
    """The item ids the queue's first page links to (what the load visits), and its count line."""
    page = await client.get("/queue")
    page.raise_for_status()
    count = re.search(r'<p id="queue-count">([^<]*)</p>', page.text)
    items = sorted(set(ITEM_RE.findall(page.text)), key=int)
    return items, count.group(1).rstrip(".") if count else "?"


async def warm(client: httpx.AsyncClient, items: list[str]) -> tuple[list[float], list[str]]:
    """The first request of each item's pair workspace, one at a time (seconds), and failures."""
    cold, failed = [], []
    for item in items:
        started = time.perf_counter()
        response = await client.get(f"/items/{item}/pair")
        cold.append(time.perf_counter() - started)
        if response.status_code != 200:
            failed.append(f"item {item}: HTTP {response.status_code}")
            continue
        await client.get(f"/items/{item}")  # the item template compiled too
        for src in CHART_RE.findall(response.text):
            await client.get(html.unescape(src))
    return cold, failed


# --- the figures ----------------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (linear between closest ranks)."""
    ordered = sorted(values)
    at = (len(ordered) - 1) * p / 100
    low = int(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def row(kind: str, tally: Tally) -> str:
    times = tally.times.get(kind, [])
    errors = tally.errors.get(kind, Counter())
    n_err = sum(errors.values())
    detail = f"  ({', '.join(f'{k} x{v}' for k, v in errors.most_common())})" if errors else ""
    if not times:
        return f"{kind:<7}{0:>8}{n_err:>8}{'-':>10}{'-':>10}{'-':>10}{'-':>10}{detail}"
    ms = [1000 * pct(times, p) for p in (50, 95, 99, 100)]
    return f"{kind:<7}{len(times):>8}{n_err:>8}" + "".join(f"{x:>10.1f}" for x in ms) + detail


def header() -> str:
    cols = "".join(f"{c:>10}" for c in ("p50 ms", "p95 ms", "p99 ms", "max ms"))
    return f"{'page':<7}{'count':>8}{'errors':>8}{cols}"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> str:
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return "\n".join(
        [
            describe("boundline", "starlette", "uvicorn", "httpx", "sqlalchemy", "jinja2"),
            f"nproc:   {nproc}",
            f"cpu:     {cpu_model()}",
            f"platform: {platform.platform()}",
            f"load average at start (1, 5, 15 min): {load}",
        ]
    )


def verdict(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


# --- the run --------------------------------------------------------------------------


async def drive(args: argparse.Namespace, base: str) -> None:
    clients = [new_client(base) for _ in range(args.users)]
    try:
        started = time.perf_counter()
        gate = asyncio.Semaphore(4)  # argon2 is memory-hard; the sign-ins are not measured
        outcomes = await asyncio.gather(*(sign_in(c, gate) for c in clients))
        failed = [o for o in outcomes if o is not None]
        signed = [c for c, o in zip(clients, outcomes, strict=True) if o is None]
        print(
            f"signed in {len(signed)} of {args.users} analysts as {USER} in "
            f"{time.perf_counter() - started:.1f} s (not timed below)"
        )
        for what, n in Counter(failed).most_common():
            print(f"  sign-in failed x{n}: {what}")
        if not signed:
            raise SystemExit(1)

        items, count = await queue_items(signed[0])
        print(f"queue (default filter): {count}; the load visits the {len(items)} linked from it")
        cold, bad = await warm(signed[0], items)
        for _ in range(8):  # every worker process computes a pair once: until all are warm
            again, _bad = await warm(signed[0], items)
            if not again or max(again) < 0.5:
                break
        for what in bad:
            print(f"  warm-up failed: {what}")
        if cold:
            print(
                f"cold first compute of a pair workspace (n={len(cold)}, one at a time): "
                f"min {1000 * min(cold):.0f} ms, median {1000 * statistics.median(cold):.0f} ms, "
                f"max {1000 * max(cold):.0f} ms"
            )

        base_t = await phase(signed, args.baseline_seconds, args.max_requests, "static")
        load = await phase(signed, args.seconds, args.max_requests, "load")
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))

    print(
        f"\nbaseline: {len(signed)} users GET /static/app.css in a closed loop, "
        f"{base_t.elapsed:.1f} s"
    )
    print(header())
    print(row("static", base_t))
    timed = sum(len(v) for v in load.times.values())
    print(
        f"\nload: {len(signed)} users, {args.seconds:g} s asked, {load.elapsed:.1f} s run "
        f"(cap {args.max_requests:,} requests), "
        + (
            f"think time {args.think:g} s (mean) before each page"
            if args.think
            else "no think time"
        )
    )
    print(header())
    for kind in KINDS:
        print(row(kind, load))
    errors = sum(sum(c.values()) for c in load.errors.values())
    print(f"total  {timed:>8}{errors:>8}   {timed / load.elapsed:,.1f} requests/s")
    print(f"        static baseline {len(base_t.times['static']) / base_t.elapsed:,.1f} requests/s")

    print("\ntargets:")
    for kind, limit in TARGETS.items():
        times = load.times.get(kind, [])
        p99 = pct(times, 99) if times else float("inf")
        name = "queue" if kind == "queue" else "pair workspace"
        print(
            f"  {name} p99 < {1000 * limit:,.0f} ms: {1000 * p99:,.1f} ms  "
            f"{verdict(bool(times) and p99 < limit)}"
        )
    print(f"  0 errors: {errors} errors  {verdict(errors == 0 and timed > 0)}")
    statics, queues = base_t.times.get("static", []), load.times.get("queue", [])
    if statics and queues:
        ratio = statistics.median(queues) / statistics.median(statics)
        print(
            f"\nratio queue p50 / static file p50: {ratio:.1f}x  "
            f"({1000 * statistics.median(queues):.1f} ms / "
            f"{1000 * statistics.median(statics):.1f} ms)"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=50, help="concurrent simulated analysts")
    ap.add_argument("--seconds", type=float, default=30.0, help="length of the load")
    ap.add_argument("--max-requests", type=int, default=100_000, help="cap per phase")
    ap.add_argument("--baseline-seconds", type=float, default=10.0, help="length of the baseline")
    ap.add_argument("--store", type=Path, default=None, help="a store made by `boundline demo`")
    ap.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean seconds an analyst reads a page before the next (0: none, a closed loop)",
    )
    ap.add_argument(
        "--pg",
        default=None,
        help="a PostgreSQL server URL (e.g. postgresql://postgres@127.0.0.1:5432/test): the "
        "case database goes in a new database there, dropped at the end, and the server is "
        "`boundline serve --db ... --workers N`",
    )
    ap.add_argument("--workers", type=int, default=2, help="worker processes with --pg")
    args = ap.parse_args()
    THINK[0] = max(0.0, args.think)
    if args.users < 1 or args.seconds <= 0 or args.max_requests < 1:
        ap.error("--users, --seconds and --max-requests must be positive")

    print(machine())
    print(f"users: {args.users}, seconds: {args.seconds:g}, max requests: {args.max_requests:,}")
    work = Path(tempfile.mkdtemp(prefix="boundline-bench-web-"))
    proc: Any = None
    pg_url: str | None = None
    try:
        store = args.store.resolve() if args.store else demo_store(work)
        log = work / "server.log"
        started = time.perf_counter()
        if args.pg:
            pg_url = pg_database(args.pg)
            seed_pg(store, pg_url)
            proc, port = start_cli_server(store, pg_url, args.workers, log)
            where = f"`boundline serve --workers {args.workers}`, case database on PostgreSQL"
        else:
            set_analyst_password(store)
            proc, port = start_server(store, log)
            where = "uvicorn, 1 process (spawned), case database on SQLite"
        print(
            f"server: {where}, on http://{HOST}:{port}/ "
            f"(started in {time.perf_counter() - started:.1f} s); store {store}"
        )
        asyncio.run(drive(args, f"http://{HOST}:{port}"))
    finally:
        if isinstance(proc, subprocess.Popen):
            proc.terminate()
            proc.wait(30)
        elif proc is not None:
            stop_server(proc)
        if pg_url is not None:
            drop_pg_database(args.pg, pg_url)
        if proc is not None:
            lines = (work / "server.log").read_text(encoding="utf-8", errors="replace")
            lines = [x for x in lines.splitlines() if x.strip()]
            print(f"\nserver log (stderr): {len(lines)} lines")
            for line in lines[-5:]:
                print(f"  {line[:200]}")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
