"""``boundline serve``, ``users add --password-file`` / ``users passwd`` and the demo's users."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner
from web_world import WebWorld

from boundline.cases.passwords import verify_password
from boundline.cli import app
from boundline.cli._demo import DEMO_USERS, _workbench


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_serve_refuses_a_public_address_without_secure_cookies(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--store", str(tmp_path), "--host", "0.0.0.0"])  # noqa: S104 - refused
    assert result.exit_code == 2 and "--secure-cookies" in result.output
    result = CliRunner().invoke(app, ["serve", "--store", str(tmp_path), "--workers", "2"])
    assert result.exit_code == 2 and "PostgreSQL" in result.output


def test_serve_starts_the_workbench_on_loopback(web_world: WebWorld) -> None:
    port = _free_port()
    command = [sys.executable, "-m", "boundline", "serve", "--store", str(web_world.store)]
    server = subprocess.Popen(
        [*command, "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/signin", trust_env=False)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "did not start"
                time.sleep(0.3)
        assert response.status_code == 200 and 'id="password"' in response.text
        assert "server" not in response.headers  # uvicorn's banner is off
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert f"http://127.0.0.1:{port}/" in output


def test_passwords_come_from_a_file_and_users_passwd_sets_them(tmp_path: Path) -> None:
    store, secret = tmp_path / "store", tmp_path / "pw"
    store.mkdir()  # the users of a store that exists: no command makes a new one

    def run(*args: str, password: str | None = None) -> tuple[int, str]:
        extra = []
        if password is not None:
            secret.write_text(password + "\nignored line\n", encoding="utf-8")
            extra = ["--password-file", str(secret)]
        done = CliRunner().invoke(app, ["users", *args, *extra, "--store", str(store)])
        return done.exit_code, done.output

    code, output = run("add", "root", "--role", "admin", password="first admin passphrase")
    assert code == 0 and "no password" not in output
    code, output = run("add", "ann", "--role", "analyst", "--as", "root")
    assert code == 0 and "no password" in output  # no terminal, no file
    code, output = run("passwd", "ann", "--as", "root", password="short")
    assert code == 2 and "at least 12 characters" in output
    assert run("passwd", "ann", "--as", "root", password="analyst passphrase of mine")[0] == 0
    code, output = run("list", "--as", "root")
    assert code == 0 and "none" not in output  # both have one now


def test_the_demo_adds_one_user_per_role_with_a_password_shown_once(
    web_world: WebWorld, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    shutil.copytree(web_world.store, store, ignore=shutil.ignore_patterns("cases.sqlite*"))
    alerts = web_world.store.parent / "alerts" / "alerts.json"
    _workbench(store, alerts)
    from boundline.cases import open_case_db

    with open_case_db(store) as db, db.transaction() as session:
        from sqlalchemy import text

        rows = session.execute(text("SELECT username, password_hash FROM users")).all()
        queued = session.execute(text("SELECT count(*) FROM triage_items")).scalar_one()
    assert {r[0] for r in rows} == set(DEMO_USERS)
    assert all(r[1].startswith("$argon2id$") for r in rows)
    assert queued == len(web_world.alerts)
    printed = capsys.readouterr().out
    hashes = dict(rows)
    for username in DEMO_USERS:
        shown = re.search(rf"│ {username}\s+│ \w+\s+│ (\S+)\s+│", printed)
        assert shown is not None, printed
        assert verify_password(hashes[username], shown.group(1))
