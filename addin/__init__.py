"""绩效助手 (jixiao): the engine for budget performance forms (预算绩效)."""

__version__ = "0.1.0"
