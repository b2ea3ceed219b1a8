"""Per-user state of the Excel add-in: its folder, the chosen profile and the log.

Everything lives in ``~/.jixiao`` (``%USERPROFILE%\\.jixiao`` on Windows), the folder whose
``jixiao.conf`` the xlwings bridge reads; ``JIXIAO_HOME`` moves it (tests do).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

PROJECT = "jixiao"  # the bridge's PROJECT_NAME: config file jixiao.conf in ~/.jixiao
LOG_NAME = "jixiao-addin.log"
_logger = logging.getLogger("jixiao.excel")


def home() -> Path:
    """The add-in's per-user folder (not created)."""
    override = os.environ.get("JIXIAO_HOME")
    return Path(override) if override else Path.home() / f".{PROJECT}"


def config_file() -> Path:
    """The bridge's user config (``"KEY","VALUE"`` lines)."""
    return home() / f"{PROJECT}.conf"


def _settings_file() -> Path:
    return home() / "settings.json"


def load_profile_choice() -> str | None:
    """The profile chosen under 设置, or None for "by the form's province"."""
    try:
        data = json.loads(_settings_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    profile = data.get("profile") if isinstance(data, dict) else None
    return profile if isinstance(profile, str) and profile else None


def save_profile_choice(profile: str | None) -> None:
    """Remember the profile chosen under 设置 (None: by the form's province)."""
    path = _settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"profile": profile}, ensure_ascii=False), encoding="utf-8")


def log_file() -> Path:
    return home() / LOG_NAME


def logger() -> logging.Logger:
    """The add-in's logger, writing to :func:`log_file` (reopened when that moves)."""
    path = log_file()
    if getattr(_logger, "jixiao_path", None) != path:
        for old in list(_logger.handlers):
            _logger.removeHandler(old)
            old.close()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler: logging.Handler = logging.FileHandler(path, encoding="utf-8", delay=True)
        except OSError:
            handler = logging.NullHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        _logger.addHandler(handler)
        _logger.setLevel(logging.INFO)
        _logger.propagate = False
        _logger.jixiao_path = path  # type: ignore[attr-defined]
    return _logger
