"""One small force for every workbench test: made, ingested, detected and queued once.

The force is the demo generator's (60 officers, 2 months) with hostile values planted
in the first planted case's ids, one of its incidents, a vehicle and an address, so
every page that shows them is also an escaping test. Users: one per role, each with
a password. :class:`Client` drives an app in-process through httpx's ASGI transport.
"""

from __future__ import annotations

import asyncio
import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from boundline.cases import Actor, Role, add_user, load_alerts, open_case_db
from boundline.cases.acting import acting
from boundline.detectors import DetectionContext
from boundline.engine import connect
from boundline.ingest import ingest
from boundline.scoring import detect, load_settings, write_alerts
from boundline.store import open_store
from boundline.synth import SynthConfig, generate
from case_world import USERS  # username → role, one per role

PASSWORD = "plain words for tests 2026"
#: The hostile values planted in the force's own data.
PAYLOADS = {
    "officer": "P9<img src=x onerror=alert(1)>",
    "person": "N9<script>alert(1)</script>",
    "incident": "javascript:alert(1)",
    "vehicle": "V<svg onload=alert(1)>",
    "address": "<script>alert(2)</script> Moss Lane",
}


@dataclass
class WebWorld:
    """The store (with its case database), the alerts, and the planted case's ids."""

    store: Path
    alerts: list[dict[str, Any]]
    planted: dict[str, str] = field(default_factory=dict)

    def item_of(self, officer_id: str) -> int:
        """The queue item number of the first alert about ``officer_id``."""
        ranked = [a for a in self.alerts if a["officer_id"] == officer_id]
        return 1 + self.alerts.index(ranked[0])


def _plant(source: Path, scenarios: dict[str, Any]) -> dict[str, str]:
    case = scenarios["cases"][0]
    officer, person = case["officer_id"], case["person_id"]
    people = (source / "incident_people.csv").read_text(encoding="utf-8")
    incident = next(
        line.split(",")[0].strip('"') for line in people.splitlines()[1:] if f'"{person}"' in line
    )
    use = (source / "vehicle_use.csv").read_text(encoding="utf-8")
    vehicle = next(
        line.split(",")[0].strip('"') for line in use.splitlines()[1:] if f'"{officer}"' in line
    )
    swaps = {
        f'"{officer}"': f'"{PAYLOADS["officer"]}"',
        f'"{person}"': f'"{PAYLOADS["person"]}"',
        f'"{incident}"': f'"{PAYLOADS["incident"]}"',
        f'"{vehicle}"': f'"{PAYLOADS["vehicle"]}"',
    }
    for path in source.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        for old, new in swaps.items():
            text = text.replace(old, new)
        if path.name == "places.csv":
            text = re.sub(
                rf'^("{re.escape(PAYLOADS["person"])}","home",[^,]*,[^,]*,)"[^"]*"',
                lambda m: m.group(1) + f'"{PAYLOADS["address"]}"',
                text,
                flags=re.M,
            )
        path.write_text(text, encoding="utf-8")
    return {"officer": officer, "person": person, "incident": incident, "vehicle": vehicle}


def build_world(root: Path) -> WebWorld:
    """Make, plant, ingest, detect and queue the force; add the users (about 10 s)."""
    result = generate(SynthConfig(scale="demo", seed=7, officers=60, months=2), root / "src")
    scenarios = json.loads(result.scenarios_path.read_text(encoding="utf-8"))
    planted = _plant(root / "src", scenarios)
    store = root / "store"
    ingest(root / "src", store)
    alerts = detect(DetectionContext(connect(open_store(store))), load_settings(None))
    write_alerts(alerts, root / "alerts")
    with open_case_db(store) as db:
        with db.transaction() as session:
            add_user(session, None, "root", Role.ADMIN, None, PASSWORD)
            for name, role in USERS.items():
                if name != "root":
                    add_user(session, Actor("root", Role.ADMIN), name, role, None, PASSWORD)
        with acting(db, "ann") as (session, actor):
            load_alerts(session, actor, root / "alerts" / "alerts.json")
    loaded = json.loads((root / "alerts" / "alerts.json").read_text(encoding="utf-8"))
    return WebWorld(store, loaded, planted)


class Client:
    """A browser-less client of an app, in-process (httpx's ASGI transport), with cookies."""

    def __init__(self, app: Any, address: str = "127.0.0.1") -> None:
        self.app = app
        self.address = address
        self.cookies = httpx.Cookies()

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One request; cookies are kept between requests, as a browser would."""

        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app, client=(self.address, 50000))
            async with httpx.AsyncClient(
                transport=transport, base_url="http://127.0.0.1", cookies=self.cookies
            ) as client:
                response = await client.request(method, url, **kwargs)
                self.cookies = httpx.Cookies(client.cookies)
                return response

        # A thread of its own: Playwright's sync API keeps an event loop running in the
        # test thread once a browser has started, and asyncio.run refuses to nest.
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, go()).result()

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, data: dict[str, str] | None = None, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, data=data or {}, **kwargs)

    def sign_in(self, username: str, password: str = PASSWORD) -> httpx.Response:
        """Fetch the form, then send it (the form's token with its cookie)."""
        form = self.get("/signin")
        token = re.search(r'name="token" value="([^"]+)"', form.text)
        assert token is not None, form.text
        data = {"username": username, "password": password, "token": token.group(1)}
        return self.post("/signin", data)

    def csrf(self, page: str = "/queue") -> str:
        """This session's CSRF token, as a page carries it."""
        found = re.search(r'name="csrf" value="([^"]+)"', self.get(page).text)
        assert found is not None
        return found.group(1)
