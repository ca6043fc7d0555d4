"""The workbench on a PostgreSQL case database, with a counterpart-only item."""

from __future__ import annotations

import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from web_world import PASSWORD, Client, WebWorld

from boundline.cases import Actor, Role, add_user, load_alerts
from boundline.cases.acting import acting, acting_as
from boundline.cases.compartments import add_member
from boundline.cases.process_service import open_case_with_process
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


def _at_once(people: list[Client], url: str, forms: list[dict[str, str]]) -> list[int]:
    """Each client posts its form to ``url`` at the same moment; the status codes, sorted."""
    barrier = threading.Barrier(len(people))

    def send(i: int) -> int:
        barrier.wait()
        return people[i].post(url, forms[i]).status_code

    with ThreadPoolExecutor(len(people)) as pool:
        return sorted(pool.map(send, range(len(people))))


def test_two_people_taking_the_same_step_at_the_same_moment_on_postgresql(
    web_world: WebWorld, tmp_path: Path
) -> None:
    """Two appropriate authorities send the same step at once: one is taken, one told why."""
    for world in case_world("postgresql", tmp_path):
        root = Actor("root", Role.ADMIN)
        with world.db.transaction() as session:
            add_user(session, None, "root", Role.ADMIN, None, PASSWORD)
            for name in ("alma", "abe"):
                add_user(session, root, name, Role.APPROPRIATE_AUTHORITY, None, PASSWORD)
        alma = Actor("alma", Role.APPROPRIATE_AUTHORITY)
        with acting_as(world.db, alma) as session:
            case, _ = open_case_with_process(
                session, alma, title="At once", subject="P-RACE-01", reason="r"
            )
            ref = case.reference
            add_member(session, alma, ref, "abe", "second appropriate authority")
        app = create_app(WebSettings(store=web_world.store), db=world.db)
        people = [Client(app), Client(app)]
        forms = []
        for client, name in zip(people, ("alma", "abe"), strict=True):
            assert client.sign_in(name).status_code == 303
            page = client.get(f"/cases/{ref}").text
            seen = re.search(r'name="seen" value="(\d+)"', page)
            token = re.search(r'name="csrf" value="([^"]+)"', page)
            assert seen is not None and token is not None
            forms.append({"csrf": token.group(1), "seen": seen.group(1), "reason": "refer"})
        for round_ in ("with what each saw", "without it"):
            if round_ == "without it":
                for form in forms:
                    form.pop("seen")
                step = "record_iopc_decision"
                for form in forms:
                    form["f_mode"] = "local"
            else:
                step = "refer_to_iopc"
            codes = _at_once(people, f"/cases/{ref}/steps/{step}", forms)
            expected = [303, 409] if round_ == "with what each saw" else [303, 400]
            assert codes == expected, (round_, codes)
        steps = world.sql(
            "SELECT step FROM case_transitions t JOIN cases c ON c.id = t.case_id "
            "WHERE c.reference = :ref ORDER BY seq",
            ref=ref,
        )
        assert [s[0] for s in steps] == ["open_case", "refer_to_iopc", "record_iopc_decision"]
