"""Template instructions left where the clerk's own text belongs.

A template tells the clerk what to write in the very cell that should hold it ("对照年度目标,
说明相关任务目标的完成情况(100字以内)"); a cell still holding such a text was not filled.
Instructions are told by their shape, from ``vocabulary/instructions.toml``: a text opening
with what to write ("请填写…", "如：…"), or a sentence of clauses asking for an account
(说明 / 分析 / 提出 …) with a length limit ("（200字以内）"). A note printed on the form
(注：…, 填表说明) is the form's own and is not one.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache, lru_cache
from importlib import resources

from pydantic import BaseModel

from addin.core.values import normalise_text


class InstructionWords(BaseModel):
    """The shapes of an instruction, as data."""

    limits: list[str]  # regular expressions of a length limit
    openers: list[str]  # a text opening so asks the clerk to write
    verbs: list[str]  # what a limited, clause-by-clause instruction asks for
    notes: list[str]  # a text opening so is a note printed on the form


@cache
def instruction_words() -> InstructionWords:
    text = resources.files("addin.reader").joinpath("vocabulary", "instructions.toml")
    data = tomllib.loads(text.read_text(encoding="utf-8"))
    data.pop("seen", None)
    return InstructionWords(**data)


@cache
def _limit() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in instruction_words().limits))


_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")
_CLAUSE = re.compile(r"[,，;；。]")


@lru_cache(maxsize=16384)
def is_instruction(text: str | None) -> bool:
    """Whether ``text`` is a template's instruction to the clerk rather than the clerk's own."""
    norm = normalise_text(text)
    if not norm:
        return False
    words = instruction_words()
    if norm.startswith(tuple(normalise_text(n) for n in words.notes)):
        return False
    if norm.startswith(tuple(normalise_text(o) for o in words.openers)):
        return True
    if not _limit().search(norm):
        return False
    # a label with its limit ("偏差原因分析及改进措施(100字以内)") names a field: an
    # instruction asks in clauses ("对照年度目标,说明…的完成情况")
    body = _BRACKETED.sub("", norm)
    return bool(_CLAUSE.search(body)) and any(v in body for v in words.verbs)
