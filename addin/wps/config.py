"""Settings shared by the local service and the WPS add-in: port, origins, token.

The add-in and the service share a secret token: ``jixiao wps install`` writes it into the
add-in's ``js/config.js`` and ``jixiao serve`` requires it on every POST. A web page the
clerk happens to open cannot read that file, so it cannot make the service read or write
files on this machine even though the service must accept the add-in's ``null`` origin.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

DEFAULT_PORT = 17517
LOCAL_HOST = "127.0.0.1"
# WPS loads an offline (jsaddons) add-in from file://, so its requests carry "Origin: null".
# `wpsjs debug` serves the add-in from http://127.0.0.1:3889 instead: add it with
# --allow-origin or JIXIAO_ALLOW_ORIGINS when debugging.
DEFAULT_ORIGINS = ("null",)
DEFAULT_MAX_BODY_MB = 20
TOKEN_HEADER = "X-Jixiao-Token"
TOKEN_FILE = "wps-token"


def config_dir() -> Path:
    """Where the token lives: $JIXIAO_CONFIG_DIR, else %APPDATA%\\jixiao, else ~/.config/jixiao."""
    if override := os.environ.get("JIXIAO_CONFIG_DIR"):
        return Path(override)
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "jixiao"
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "jixiao"


def load_or_create_token(directory: Path | None = None) -> str:
    """The shared token, created (readable by this user only) on first use."""
    path = (directory or config_dir()) / TOKEN_FILE
    if path.is_file():
        token = path.read_text(encoding="utf-8").strip()
        if token:
            return token
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    path.write_text(token + "\n", encoding="utf-8")
    path.chmod(0o600)
    return token


def allowed_origins(extra: list[str] | None = None) -> list[str]:
    """The add-in's origins: ``null`` plus --allow-origin values and $JIXIAO_ALLOW_ORIGINS."""
    env = [o.strip() for o in os.environ.get("JIXIAO_ALLOW_ORIGINS", "").split(",")]
    origins = [*DEFAULT_ORIGINS, *(extra or []), *env]
    return list(dict.fromkeys(o.rstrip("/") for o in origins if o))
