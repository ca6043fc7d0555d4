"""Signed checkpoints catch what the hash chain alone cannot: truncation and a full rehash."""

from __future__ import annotations

import json
import stat
from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from boundline.audit import (
    CHECKPOINT_FORMAT,
    AuditEntry,
    BrokenChainError,
    ChainReport,
    Checkpoint,
    CheckpointCheck,
    entry_hash,
    generate_key,
    guard_statements,
    key_fingerprint,
    load_private_key,
    load_public_key,
    make_checkpoint,
    read_checkpoint,
    record,
    verify_against,
    verify_chain,
)
from boundline.cli import app
from boundline.errors import UserInputError
from case_world import CaseWorld, seed_users

SIGNATURE = "the checkpoint's signature does not verify with this key"


def _append(world: CaseWorld, n: int) -> None:
    with world.db.transaction() as session:
        for i in range(n):
            record(session, "ann", "view", "person", f"PERSON-{i:06d}", {"i": i})


def _chain(world: CaseWorld) -> ChainReport:
    with world.db.transaction() as session:
        return verify_chain(session)


def _sign(world: CaseWorld, key: Path) -> Checkpoint:
    with world.db.transaction() as session:
        return make_checkpoint(session, key)


def _check(world: CaseWorld, checkpoint: Checkpoint, public: Path) -> CheckpointCheck:
    with world.db.transaction() as session:
        return verify_against(session, checkpoint, load_public_key(public))


def _key(folder: Path, name: str = "signing.pem") -> Path:
    path = folder / name
    generate_key(path)
    return path


def _pub(key: Path) -> Path:
    return key.with_name(key.name + ".pub")


def _behind_the_log(world: CaseWorld, *statements: tuple[str, dict[str, object]]) -> None:
    """Run SQL with the append-only triggers dropped, then put them back (as a DBA could)."""
    world.unguard()
    for statement, params in statements:
        world.sql(statement, **params)
    for statement in guard_statements(world.dialect):
        world.sql(statement)


def _truncate(world: CaseWorld, keep: int) -> None:
    """Delete every entry after ``keep`` and move ``audit_head`` back to it."""
    last = world.sql("SELECT hash FROM audit_log WHERE seq = :s", s=keep)[0].hash
    _behind_the_log(
        world,
        ("DELETE FROM audit_log WHERE seq > :s", {"s": keep}),
        ("UPDATE audit_head SET seq = :s, hash = :h WHERE id = 1", {"s": keep, "h": last}),
    )


def _rehash(world: CaseWorld, edit_seq: int) -> None:
    """Edit one entry's detail, then recompute every hash and prev_hash and the head."""
    with world.db.transaction() as session:
        rows = list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
        session.expunge_all()
    updates: list[tuple[str, dict[str, object]]] = []
    prev = rows[0].prev_hash
    for row in rows:
        detail = '{"i":"forged"}' if row.seq == edit_seq else row.detail
        h = entry_hash(
            row.seq, row.at, row.actor, row.action, row.object_type, row.object_id, detail, prev
        )
        updates.append(
            (
                "UPDATE audit_log SET detail = :d, prev_hash = :p, hash = :h WHERE seq = :s",
                {"d": detail, "p": prev, "h": h, "s": row.seq},
            )
        )
        prev = h
    head = (
        "UPDATE audit_head SET seq = :s, hash = :h WHERE id = 1",
        {"s": rows[-1].seq, "h": prev},
    )
    _behind_the_log(world, *updates, head)


def test_a_checkpoint_verifies_and_still_verifies_after_appends(
    case_db: CaseWorld, tmp_path: Path
) -> None:
    base = _chain(case_db).head_seq  # what the migrations logged
    _append(case_db, 5)
    key = _key(tmp_path)
    cp = _sign(case_db, key)
    head = _chain(case_db)
    assert (cp.seq, cp.hash, cp.entries) == (base + 5, head.head_hash, base + 5)
    assert cp.at.tzinfo is UTC and len(cp.signature) == 128
    assert cp.key == key_fingerprint(load_public_key(_pub(key)))
    checked = _check(case_db, cp, _pub(key))
    assert checked.holds and checked.problem is None and checked.head_seq == cp.seq

    _append(case_db, 3)
    later = _check(case_db, cp, _pub(key))
    assert later.holds and later.head_seq == cp.seq + 3
    # the private key file is accepted as the public key too (the public half is derived)
    assert _check(case_db, cp, key).holds
    # the document round-trips, with its format marker and sorted keys
    path = tmp_path / "cp.json"
    path.write_text(cp.to_json(), encoding="utf-8")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == CHECKPOINT_FORMAT and list(doc) == sorted(doc)
    assert read_checkpoint(path) == cp


def test_checkpoint_tampers_are_detected(case_db: CaseWorld, tmp_path: Path) -> None:
    base = _chain(case_db).head_seq  # what the migrations logged
    _append(case_db, 8)
    key, other = _key(tmp_path), _key(tmp_path, "other.pem")
    cp = _sign(case_db, key)
    assert cp.seq == base + 8 and _check(case_db, cp, _pub(key)).holds
    detected: list[str] = []

    # 1. the checkpoint file edited by hand: it now claims an earlier entry
    edited = tmp_path / "edited.json"
    doc = json.loads(cp.to_json())
    doc["seq"] = base + 3
    edited.write_text(json.dumps(doc), encoding="utf-8")
    forged = _check(case_db, read_checkpoint(edited), _pub(key))
    assert not forged.holds and forged.problem is not None and SIGNATURE in forged.problem
    detected.append("edited checkpoint file")

    # 2. verified with another key
    wrong_key = _check(case_db, cp, _pub(other))
    assert wrong_key.problem is not None and SIGNATURE in wrong_key.problem
    assert f"it names key {cp.key[:16]}" in wrong_key.problem
    detected.append("another key")

    # 3. a full rehash: an early entry edited, every hash, prev_hash and the head recomputed
    _rehash(case_db, edit_seq=base + 2)
    assert _chain(case_db).intact, "the chain alone must not see a full rehash"
    rehashed = _check(case_db, cp, _pub(key))
    assert rehashed.problem == (
        f"entry {cp.seq} no longer has the hash the checkpoint signed: "
        "the log was rewritten and rehashed"
    )
    detected.append("full rehash")

    # 4. truncation: the last 3 entries deleted and audit_head moved back
    keep = cp.seq - 3
    _truncate(case_db, keep=keep)
    report = _chain(case_db)
    assert report.intact and report.head_seq == keep, "the chain alone must not see it"
    truncated = _check(case_db, cp, _pub(key))
    assert truncated.problem is not None and truncated.head_seq == keep
    when = cp.label.removesuffix(f" (entry {cp.seq})")
    assert truncated.problem == (
        f"the log was truncated: it ends at entry {keep} but the {when} "
        f"covered entries up to {cp.seq}"
    )
    detected.append("truncation")
    with pytest.raises(DBAPIError, match="append-only"):  # the triggers were put back
        case_db.sql("DELETE FROM audit_log")

    print(f"checkpoint tampers detected {len(detected)}/4 on {case_db.dialect}")  # noqa: T201
    assert len(detected) == 4


def test_a_broken_chain_is_not_signed(case_db: CaseWorld, tmp_path: Path) -> None:
    _append(case_db, 4)
    seq = _chain(case_db).head_seq - 1
    case_db.unguard()
    case_db.sql("UPDATE audit_log SET actor = 'mallory' WHERE seq = :s", s=seq)
    with pytest.raises(BrokenChainError, match=rf"broken at entry {seq} \(edited\)"):
        _sign(case_db, _key(tmp_path))


def test_an_empty_log_is_not_signed(case_db: CaseWorld, tmp_path: Path) -> None:
    _behind_the_log(case_db, ("DELETE FROM audit_log", {}), ("DELETE FROM audit_head", {}))
    assert _chain(case_db).intact
    with pytest.raises(UserInputError, match="empty"):
        _sign(case_db, _key(tmp_path))


def test_a_broken_chain_fails_the_checkpoint_too(case_db: CaseWorld, tmp_path: Path) -> None:
    _append(case_db, 4)
    key = _key(tmp_path)
    cp = _sign(case_db, key)
    case_db.unguard()
    case_db.sql("DELETE FROM audit_log WHERE seq = :s", s=cp.seq - 1)
    checked = _check(case_db, cp, _pub(key))
    assert checked.problem is not None and f"broken at entry {cp.seq - 1}" in checked.problem


def test_generate_key_writes_a_private_file_and_never_overwrites(tmp_path: Path) -> None:
    key = tmp_path / "k.pem"
    public = generate_key(key)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert _pub(key).read_text().startswith("-----BEGIN PUBLIC KEY-----")
    assert key_fingerprint(load_public_key(_pub(key))) == key_fingerprint(public)
    assert key_fingerprint(load_private_key(key).public_key()) == key_fingerprint(public)
    before = key.read_bytes()
    with pytest.raises(UserInputError, match="already exists"):
        generate_key(key)
    assert key.read_bytes() == before


def _valid_document() -> dict[str, object]:
    return {
        "format": CHECKPOINT_FORMAT,
        "seq": 1,
        "hash": "a" * 64,
        "at": "2026-12-03T10:00:00.000000Z",
        "entries": 1,
        "key": "b" * 64,
        "signature": "c" * 128,
    }


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (None, "cannot read the checkpoint"),
        ("{not json", "not JSON"),
        ("[1, 2]", "fields"),
        (json.dumps({**_valid_document(), "extra": 1}), "fields"),
        (
            json.dumps({**_valid_document(), "format": "other/9"}),
            "not a boundline.checkpoint/1 checkpoint",
        ),
        (json.dumps({**_valid_document(), "seq": "1"}), "wrong type of seq"),
        (json.dumps({**_valid_document(), "at": "yesterday"}), "time is unreadable"),
    ],
)
def test_a_missing_or_garbled_checkpoint_names_the_file(
    tmp_path: Path, content: str | None, said: str
) -> None:
    path = tmp_path / "cp-garbled.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(UserInputError) as raised:
        read_checkpoint(path)
    assert str(path) in str(raised.value) and said in str(raised.value)


@pytest.mark.parametrize("loader", [load_public_key, load_private_key])
def test_an_unusable_key_file_names_the_file(tmp_path: Path, loader) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "missing.pem"
    with pytest.raises(UserInputError, match="missing.pem: cannot read"):
        loader(missing)
    junk = tmp_path / "junk.pem"
    junk.write_text("not a key")
    with pytest.raises(UserInputError, match="junk.pem: not a"):
        loader(junk)


def _run(world: CaseWorld, *args: str, user: str | None = None):  # type: ignore[no-untyped-def]
    env = {"BOUNDLINE_CASE_DB": None, "BOUNDLINE_USER": user}
    return CliRunner().invoke(app, world.cli(*args), env=env)


def _said(text: str) -> str:
    return " ".join(text.split())


def test_the_cli_end_to_end(
    case_db: CaseWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_users(case_db)
    key = tmp_path / "keys" / "audit.pem"
    key.parent.mkdir()
    made = CliRunner().invoke(app, ["audit", "keygen", str(key)])
    assert made.exit_code == 0, made.output
    assert "OFF the database server" in _said(made.stdout)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and _pub(key).exists()
    again = CliRunner().invoke(app, ["audit", "keygen", str(key)])
    assert again.exit_code == 2 and "already exists" in " ".join(again.stderr.split())
    assert "Traceback" not in again.output

    out = tmp_path / "cp.json"
    denied = _run(case_db, "audit", "checkpoint", "--key", str(key), "--out", str(out), user="ann")
    assert denied.exit_code == 4 and not out.exists()
    signed = _run(case_db, "audit", "checkpoint", "--key", str(key), "--out", str(out), user="aud")
    assert signed.exit_code == 0, signed.output
    cp = read_checkpoint(out)
    assert f"Checkpoint of entry {cp.seq}, hash {cp.hash}" in _said(signed.stdout)
    entry = case_db.sql(
        "SELECT seq, actor, detail FROM audit_log WHERE action = 'audit.checkpoint'"
    )
    assert len(entry) == 1 and entry[0].seq == cp.seq + 1 and entry[0].actor == "aud"
    assert json.loads(entry[0].detail) == {"seq": cp.seq, "hash": cp.hash, "fingerprint": cp.key}
    refused = _run(case_db, "audit", "checkpoint", "--key", str(key), "--out", str(out), user="aud")
    assert refused.exit_code == 2 and "already exists" in " ".join(refused.stderr.split())

    monkeypatch.chdir(tmp_path)
    default = _run(case_db, "audit", "checkpoint", "--key", str(key), user="root")
    assert default.exit_code == 0, default.output
    named = list(tmp_path.glob("checkpoint-*-*Z.json"))
    assert len(named) == 1 and named[0].name.startswith(
        f"checkpoint-{read_checkpoint(named[0]).seq}-"
    )

    verify = ["audit", "verify", "--checkpoint", str(out), "--public-key", str(_pub(key))]
    held = _run(case_db, *verify, user="aud")
    assert held.exit_code == 0, held.output
    assert f"{cp.label}: the log still extends it" in _said(held.stdout)
    alone = _run(case_db, "audit", "verify", "--checkpoint", str(out), user="aud")
    assert alone.exit_code == 2 and "together" in alone.stderr
    garbled = tmp_path / "garbled.json"
    garbled.write_text("{")
    bad = _run(
        case_db,
        "audit",
        "verify",
        "--checkpoint",
        str(garbled),
        "--public-key",
        str(key),
        user="aud",
    )
    assert bad.exit_code == 2 and "garbled.json" in _said(bad.stderr)
    assert "Traceback" not in bad.output

    # truncated behind Boundline's back: the chain alone still passes
    _truncate(case_db, keep=cp.seq - 3)
    assert _chain(case_db).intact
    caught = _run(case_db, *verify, user="aud")  # its login is entry cp.seq - 2
    assert caught.exit_code == 1
    assert "Audit log intact" in _said(caught.stdout)
    assert f"the log was truncated: it ends at entry {cp.seq - 2}" in _said(caught.stderr)
    assert "Traceback" not in caught.output
