"""The workbench on a PostgreSQL case database, with a counterpart-only item."""

from __future__ import annotations

import json
from pathlib import Path

from web_world import PASSWORD, Client, WebWorld

from boundline.cases import Actor, Role, add_user, load_alerts
from boundline.cases.acting import acting
from boundline.web import WebSettings, create_app
from case_world import case_world


def test_the_workbench_on_postgresql_with_a_counterpart_item(
    web_world: WebWorld, tmp_path: Path
) -> None:
    top = web_world.alerts[0]
    counterpart_only = {**top, "rank": 1, "person_id": None}  # the person's own number
    alerts = tmp_path / "alerts.json"
    alerts.write_text(json.dumps([counterpart_only]), encoding="utf-8")
    for world in case_world("postgresql", tmp_path):
        with world.db.transaction() as session:
            add_user(session, None, "root", Role.ADMIN, None, PASSWORD)
            add_user(session, Actor("root", Role.ADMIN), "ann", Role.ANALYST, None, PASSWORD)
        with acting(world.db, "ann") as (session, actor):
            load_alerts(session, actor, alerts)
        app = create_app(WebSettings(store=web_world.store), db=world.db)
        client = Client(app)
        assert client.sign_in("ann").status_code == 303
        queue = client.get("/queue").text
        assert "CONTACT-" in queue and top["counterpart"] not in queue
        for url in ("/items/1/pair", "/items/1/pair/download/evidence.json"):
            page = client.get(url)
            assert page.status_code == 200, url
            for real in (top["officer_id"], top["person_id"], top["counterpart"]):
                assert real not in page.text, (url, real)
        assert "PERSON-" in client.get("/items/1/pair").text  # the number's owner, by pseudonym
        token = client.csrf("/items/1")
        done = client.post("/items/1/dismiss", {"csrf": token, "reason": "a known contact"})
        assert done.status_code == 303
        assert "dismissed" in client.get("/items/1").text
        rows = world.sql("SELECT count(*) FROM web_sessions WHERE ended_at IS NULL")
        assert rows[0][0] == 1
