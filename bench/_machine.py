"""Machine and version facts printed at the top of every benchmark."""

from __future__ import annotations

import os
import platform
from importlib.metadata import PackageNotFoundError, version


def describe(*packages: str) -> str:
    """One line per fact: machine, Python, and the versions of ``packages``."""
    lines = [
        f"machine: {platform.machine()} {platform.system()} {platform.release()}, "
        f"{os.cpu_count()} cores",
        f"python:  {platform.python_version()}",
    ]
    for name in packages:
        try:
            lines.append(f"{name + ':':<9}{version(name)}")
        except PackageNotFoundError:
            lines.append(f"{name + ':':<9}not installed")
    return "\n".join(lines)
