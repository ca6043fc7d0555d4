"""Helpers of ``bench/web_cases.py``: a team's case database on PostgreSQL, served, and its log.

* :func:`seed_team`: an admin, the team (analysts, investigators, appropriate
  authorities, auditors, each with a password), the demo's alerts loaded into the
  queue with copies under made-up person ids (the demo has a dozen; a team works a
  longer queue), and cases: each appropriate authority opens a few, with an exhibit
  each, and adds an investigator; everything through the case services, audited as
  usual. Last, the pseudonym of every id the database names is made, once: otherwise
  the first page to need one makes it (an entry more than its next look writes), and
  two workers making the same one at once collide (a unique key: HTTP 500);
* :func:`start_serve`: ``boundline serve --db URL --workers N`` on a free loopback
  port, with a settings file, once it answers;
* :func:`audit_rows` and :func:`check_chain`: the audit log's row count and its check;
* :class:`CpuUse` and :func:`lock_waits`: where the cores went during the load, and
  how many of the database's busy backends were waiting for a lock;
* :func:`new_client`, :func:`sign_in` and :func:`expected_entries`: the clients, and
  the audit entries their requests account for.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

HOST = "127.0.0.1"  # loopback only
ROLES = ("analyst", "investigator", "appropriate_authority", "auditor")
CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')
TOKEN_RE = re.compile(r'name="token" value="([^"]+)"')
SHORT = {"analyst": "an", "investigator": "in", "appropriate_authority": "aa", "auditor": "au"}


def password_of(name: str) -> str:
    """Each benchmark user's own password (>= 12 characters, not a common one)."""
    return f"bench loopback {name} 7f3c team"


def team_mix(n: int) -> dict[str, int]:
    """How many of each role: 40% analysts, 25% investigators and AAs, 10% auditors."""
    analysts, investigators, auditors = round(0.4 * n), round(0.25 * n), max(1, round(0.1 * n))
    return {
        "analyst": analysts,
        "investigator": investigators,
        "appropriate_authority": n - analysts - investigators - auditors,
        "auditor": auditors,
    }


@dataclass
class Team:
    """Who is in the team, and the cases each member works on (each has exhibit EX-001)."""

    users: list[tuple[str, str]] = field(default_factory=list)  # (name, role)
    cases: dict[str, list[str]] = field(default_factory=dict)  # user -> case references
    queue: int = 0  # items needing review at the start


def _alerts(source: Path, target: Path, size: int) -> int:
    """The demo's alerts and copies under made-up person ids, ``size`` in all (at least all)."""
    alerts = json.loads(source.read_text(encoding="utf-8"))
    out = list(alerts)
    copy = 0
    while len(out) < size:
        copy += 1
        for alert in alerts[: size - len(out)]:
            made = dict(alert)
            for key in ("person_id", "counterpart"):
                if made.get(key):
                    made[key] = f"{made[key]}-B{copy:03d}"
            out.append(made)
    target.write_text(json.dumps(out), encoding="utf-8")
    return len(out)


def seed_team(
    store: Path, url: str, mix: dict[str, int], cases_each: int, queue: int, work: Path
) -> Team:
    """The team, its queue and its cases in the case database at ``url`` (see the module)."""
    from boundline.cases import (
        Actor,
        Role,
        add_exhibit_bytes,
        add_user,
        load_alerts,
        open_case_db,
        open_case_with_process,
    )
    from boundline.cases.acting import acting_as
    from boundline.cases.compartments import add_member
    from boundline.cases.masking import identities

    team = Team()
    admin = Actor("bench-admin", Role.ADMIN)
    for role in ROLES:
        team.users += [(f"{SHORT[role]}-{i + 1:02d}", role) for i in range(mix[role])]
    with open_case_db(store, url) as db:
        with db.transaction() as session:
            add_user(session, None, admin.username, Role.ADMIN, None, password_of("admin"))
            for name, role in team.users:
                add_user(session, admin, name, role, None, password_of(name))
        path = work / "alerts.json"
        team.queue = _alerts(store.parent / "alerts" / "alerts.json", path, queue)
        with acting_as(db, admin) as session:
            load_alerts(session, admin, path)
        authorities = [n for n, r in team.users if r == "appropriate_authority"]
        investigators = [n for n, r in team.users if r == "investigator"]
        for i, name in enumerate(authorities):
            aa = Actor(name, Role.APPROPRIATE_AUTHORITY)
            helpers = investigators[i :: len(authorities)]
            with acting_as(db, aa) as session:
                for c in range(cases_each):
                    case, _ = open_case_with_process(
                        session,
                        aa,
                        title=f"Bench case {c + 1} of {name}",
                        subject=f"P-BENCH-{i + 1:03d}{c + 1:02d}",
                        reason="bench: a conduct matter to work on",
                        apsp=False,
                    )
                    ref = case.reference
                    team.cases.setdefault(name, []).append(ref)
                    for who in helpers:
                        add_member(session, aa, ref, who, "bench: the investigator")
                        team.cases.setdefault(who, []).append(ref)
                    add_exhibit_bytes(
                        session,
                        aa,
                        store,
                        ref,
                        f"bench statement for {ref}\n".encode(),
                        "statement.txt",
                        "statement",
                        "misconduct",
                        "bench: an exhibit to keep custody of",
                    )
        with db.transaction() as session:  # every pseudonym, made once, not by racing pages
            identities(session, Actor("au-01", Role.AUDITOR))
    return team


def start_serve(
    store: Path, url: str, workers: int, work: Path, timeout: float = 180.0
) -> tuple[subprocess.Popen[bytes], int]:
    """``boundline serve`` on a free loopback port, once /signin answers; exit 1 otherwise.

    The settings file turns off computing the strongest pairs' figures at start
    (``warm_pairs = 0``): this load opens no pair workspace, and that work would
    share the cores with it.
    """
    settings = work / "workbench.toml"
    settings.write_text("[workbench]\nwarm_pairs = 0\n", encoding="utf-8")
    with socket.socket() as s:
        s.bind((HOST, 0))
        port = int(s.getsockname()[1])
    exe = Path(sys.executable).parent / "boundline"
    command = [str(exe), "serve", "--store", str(store), "--db", url, "--workers", str(workers)]
    command += ["--settings", str(settings), "--host", HOST, "--port", str(port)]
    with (work / "server.log").open("ab") as sink:
        proc = subprocess.Popen(command, stdout=sink, stderr=sink)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            answer = httpx.get(f"http://{HOST}:{port}/signin", trust_env=False, timeout=5)
            if answer.status_code == 200:
                return proc, port
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    stop_serve(proc)
    tail = (work / "server.log").read_text(encoding="utf-8", errors="replace")[-2000:]
    print(f"the server did not start (log {work / 'server.log'}):\n{tail}")
    raise SystemExit(1)


def stop_serve(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM (uvicorn stops its workers), then SIGKILL if it lingers."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def plain(url: str) -> str:
    """The psycopg form of a SQLAlchemy URL."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def audit_rows(url: str) -> int:
    """How many entries the audit log holds now."""
    import psycopg

    with psycopg.connect(plain(url)) as conn:
        row = conn.execute("SELECT count(*) FROM audit_log").fetchone()
    return int(row[0]) if row else 0


def server_version(url: str) -> str:
    import psycopg

    with psycopg.connect(plain(url)) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"


def check_chain(store: Path, url: str) -> tuple[int, bool, str, float]:
    """Entries checked, intact, the first break (if any) and the seconds the check took."""
    from boundline.audit import verify_chain
    from boundline.cases import open_case_db

    started = time.perf_counter()
    with open_case_db(store, url) as db, db.reading() as session:
        report = verify_chain(session)
    broken = "" if report.broken is None else f"{report.broken.kind}: {report.broken.problem}"
    return report.entries, report.intact, broken, time.perf_counter() - started


def history_sizes(url: str) -> tuple[int, int]:
    """The most steps of one case and the most custody events of one exhibit, at the end."""
    import psycopg

    with psycopg.connect(plain(url)) as conn:
        steps = conn.execute(
            "SELECT coalesce(max(n), 0) FROM "
            "(SELECT count(*) AS n FROM case_transitions GROUP BY case_id) s"
        ).fetchone()
        custody = conn.execute(
            "SELECT coalesce(max(n), 0) FROM "
            "(SELECT count(*) AS n FROM custody_events GROUP BY exhibit_id) c"
        ).fetchone()
    return int(steps[0] if steps else 0), int(custody[0] if custody else 0)


def lock_waits(url: str) -> tuple[int, int, int]:
    """This database's backends running a statement now, those waiting for a lock, and of
    those the ones waiting for the audit log's table lock (appends are serialised by it)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    query = (
        "SELECT count(*) FILTER (WHERE a.state = 'active'), "
        "count(*) FILTER (WHERE a.state = 'active' AND a.wait_event_type = 'Lock'), "
        "(SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
        " WHERE NOT l.granted AND c.relname = 'audit_log') "
        "FROM pg_stat_activity a WHERE a.datname = %s AND a.pid <> pg_backend_pid()"
    )
    with psycopg.connect(plain(url)) as conn:
        row = conn.execute(query, (name,)).fetchone()
    return (int(row[0]), int(row[1]), int(row[2])) if row else (0, 0, 0)


def _processes() -> dict[int, tuple[int, str, float]]:
    """Every process: its parent, its name and the CPU seconds it has used."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        name, rest = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :]
        fields = rest.split()
        found[int(entry)] = (int(fields[1]), name, (int(fields[11]) + int(fields[12])) / tick)
    return found


def _machine_busy() -> tuple[float, float]:
    """The machine's busy and idle CPU seconds since boot (all cores)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK"), idle / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> set[int]:
    """The processes ``pid`` started (the server's workers): one replaced shows as new."""
    return {p for p, (ppid, _, _) in _processes().items() if ppid == pid}


@dataclass
class CpuUse:
    """The CPU seconds of the server, PostgreSQL, the load generator and the rest, over a span."""

    server: int
    start: dict[int, tuple[int, str, float]] = field(default_factory=_processes)
    machine: tuple[float, float] = field(default_factory=_machine_busy)

    def spent(self) -> tuple[Counter[str], float, float]:
        """CPU seconds by group since this was made, and the machine's busy and idle seconds."""
        now, (busy, idle) = _processes(), _machine_busy()
        tree, grew = {self.server}, True
        while grew:
            more = {pid for pid, (ppid, _, _) in now.items() if ppid in tree} - tree
            tree, grew = tree | more, bool(more)
        groups = Counter[str]()
        for pid, (_, name, cpu) in now.items():
            if pid in tree:
                group = "server"
            elif pid == os.getpid():
                group = "load generator"
            elif name.startswith("postgres"):
                group = "postgres"
            else:
                continue
            groups[group] += cpu - self.start.get(pid, (0, "", 0.0))[2]
        busy, idle = busy - self.machine[0], idle - self.machine[1]
        groups["everything else"] = max(0.0, busy - sum(groups.values()))
        return groups, busy, idle


def new_client(base: str, timeout: float | httpx.Timeout) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=base,
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
        trust_env=False,  # never a proxy: loopback only
    )


def cpu_lines(
    groups: Counter[str], busy: float, idle: float, locks: list[tuple[int, int, int]]
) -> list[str]:
    """Where the cores went during the load, and what the database's backends waited for."""
    shares = ", ".join(f"{k} {v:.1f}" for k, v in groups.most_common())
    lines = [f"CPU seconds during the load: {shares} (machine busy {busy:.1f}, idle {idle:.1f})"]
    if locks:
        n = len(locks)
        active, waiting, audit = (sum(x[i] for x in locks) / n for i in range(3))
        lines.append(
            f"PostgreSQL backends running a statement (mean of {n} samples): {active:.1f}; "
            f"waiting for a lock {waiting:.1f}, of which for the audit log's {audit:.1f}"
        )
    return lines


async def sign_in(
    client: httpx.AsyncClient, name: str, home: str, gate: asyncio.Semaphore
) -> tuple[str, str | None]:
    """Sign in as ``name``, then read the session's CSRF token from ``home``.

    The token and None, or "" and what went wrong. ``gate`` bounds the sign-ins at
    once (argon2 is memory-hard); they are not measured.
    """
    async with gate:
        try:
            form = await client.get("/signin")
            found = TOKEN_RE.search(form.text)
            if form.status_code != 200 or found is None:
                return "", f"GET /signin: HTTP {form.status_code}"
            data = {"username": name, "password": password_of(name), "token": found.group(1)}
            done = await client.post("/signin", data=data)
            if done.status_code != 303:
                return "", f"POST /signin: HTTP {done.status_code}"
            page = await client.get(home)
        except httpx.HTTPError as exc:
            return "", f"{type(exc).__name__}: {exc}"
    csrf = CSRF_RE.search(page.text)
    if page.status_code != 200 or csrf is None:
        return "", f"GET {home}: HTTP {page.status_code}, no CSRF token"
    return csrf.group(1), None


def expected_entries(
    ok: Counter[tuple[str, str]], rows: int, moved_on: int, table: dict[tuple[str, str], float]
) -> tuple[float, list[str]]:
    """The entries the successful requests account for, and the kinds not calibrated.

    ``ok`` counts the successes per (role, kind); a queue page writes per row shown
    (``rows`` in all); a step refused as moved on (409) writes one ``refused`` entry.
    """
    total, missing = float(moved_on), []
    for (role, kind), n in ok.items():
        if (role, kind) not in table:
            missing.append(f"{role} {kind}")
        else:
            total += table[(role, kind)] * (rows if kind == "queue" else n)
    return total, missing
