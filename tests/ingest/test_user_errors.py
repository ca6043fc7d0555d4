"""User errors end with one paragraph naming the file/column, exit code 2, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from contract_world import write_source


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "boundline", *args], capture_output=True, text=True, check=False
    )


def _case_missing_folder(tmp: Path) -> tuple[list[str], str]:
    return [str(tmp / "absent")], "the source folder does not exist"


def _case_file_not_folder(tmp: Path) -> tuple[list[str], str]:
    (tmp / "file.csv").write_text("x\n")
    return [str(tmp / "file.csv")], "must be a folder"


def _case_missing_required_table(tmp: Path) -> tuple[list[str], str]:
    folder = write_source(tmp / "src")
    (folder / "devices.csv").unlink()
    return [str(folder)], "required table 'devices' is missing"


def _case_missing_column(tmp: Path) -> tuple[list[str], str]:
    folder = write_source(tmp / "src")
    (folder / "comms.csv").write_text(
        "record_id,device_id,time,direction,channel\nR1,D1,x,out,call\n"
    )
    return [str(folder)], "required column 'counterpart'"


def _case_not_csv(tmp: Path) -> tuple[list[str], str]:
    folder = write_source(tmp / "src")
    (folder / "comms.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe binary")
    return [str(folder)], "not UTF-8 text"


def _case_wrong_extension(tmp: Path) -> tuple[list[str], str]:
    folder = write_source(tmp / "src")
    (folder / "comms.csv").rename(folder / "comms.xlsx")
    return [str(folder)], "must be a .csv or .parquet file"


def _case_fake_parquet(tmp: Path) -> tuple[list[str], str]:
    folder = write_source(tmp / "src")
    (folder / "comms.csv").rename(folder / "comms.parquet")
    return [str(folder)], "not a readable Parquet file"


def _case_empty_file(tmp: Path) -> tuple[list[str], str]:
    folder = write_source(tmp / "src")
    (folder / "comms.csv").write_text("")
    return [str(folder)], "empty or has no header"


def _case_bad_profile(tmp: Path) -> tuple[list[str], str]:
    folder = write_source(tmp / "src")
    (tmp / "p.toml").write_text("timezone = [")
    return [str(folder), "--profile", str(tmp / "p.toml")], "not valid TOML"


def _case_table_twice(tmp: Path) -> tuple[list[str], str]:
    folder = write_source(tmp / "src")
    (folder / "shifts.parquet").write_bytes(b"")
    return [str(folder)], "is there twice"


CASES = [
    _case_missing_folder,
    _case_file_not_folder,
    _case_missing_required_table,
    _case_missing_column,
    _case_not_csv,
    _case_wrong_extension,
    _case_fake_parquet,
    _case_empty_file,
    _case_bad_profile,
    _case_table_twice,
]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__[6:] for c in CASES])
def test_user_error(tmp_path: Path, case: object) -> None:
    assert callable(case)
    args, message = case(tmp_path)
    store = tmp_path / "store"
    result = _run("ingest", *args, "--store", str(store))
    assert result.returncode == 2, result.stderr
    flat = " ".join(result.stderr.split())
    assert message in flat
    assert "Traceback" not in result.stderr
    assert not (store / "manifest.json").exists()


def test_rejects_without_a_store(tmp_path: Path) -> None:
    result = _run("rejects", "--store", str(tmp_path / "none"))
    assert result.returncode == 3
    assert "no Boundline store here yet" in " ".join(result.stderr.split())
