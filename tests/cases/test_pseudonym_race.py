"""Two transactions making the same new pseudonym at once both get it, and it is made once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from boundline.cases.integrity import verify_rows
from boundline.cases.pseudonyms import pseudonym
from boundline.cases.roles import Actor, Role
from case_world import CaseWorld


def test_the_same_new_pseudonym_made_at_once_is_one_row(case_db: CaseWorld) -> None:
    barrier = threading.Barrier(2)

    def make(_: int) -> str:
        with case_db.db.transaction() as session:
            barrier.wait()
            name = pseudonym(session, "person", "N-RACE-1")
            time.sleep(0.2)  # hold the transaction open while the other one tries
            return name

    with ThreadPoolExecutor(2) as pool:
        names = list(pool.map(make, range(2)))
    assert names[0] == names[1] and names[0].startswith("PERSON-")
    rows = case_db.sql("SELECT pseudonym FROM pseudonyms WHERE real_id = 'N-RACE-1'")
    assert [r[0] for r in rows] == [names[0]]
    with case_db.db.transaction() as session:
        assert verify_rows(session, Actor("root", Role.ADMIN)) == []
