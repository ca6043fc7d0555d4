"""Boundline: find and investigate abuse of position for a sexual purpose in police data.

The public API is re-exported from the stage packages; see ``docs/architecture.md``.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
