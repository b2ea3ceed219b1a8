"""One family for every failure a person must be told about.

A :class:`JixiaoError` carries a Chinese sentence for the clerk (``str(err)``), a stable
``code`` for scripts, and the HTTP ``status`` the WPS service answers with. Each door
catches the family once: the command line prints :meth:`JixiaoError.describe` and exits 2,
the Excel door shows it in a message box, the WPS service answers it as JSON. Anything
outside the family is a defect and is logged, never shown as a traceback.
"""

from __future__ import annotations


class JixiaoError(Exception):
    """A failure to tell a person about, in Chinese."""

    code = "error"
    status = 422

    def describe(self) -> str:
        """The one line a door shows (by default the message itself)."""
        return str(self)
