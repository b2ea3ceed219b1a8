"""xlwings user-defined functions: thin wrappers over the engine in :mod:`addin`.

The functions live in :mod:`udfs.functions` (the module the VBA wrappers call).
"""

from udfs.functions import JX_CHECK, JX_GRADE, JX_PARSE, JX_RATE, JX_SCORE

__all__ = ["JX_CHECK", "JX_GRADE", "JX_PARSE", "JX_RATE", "JX_SCORE"]
