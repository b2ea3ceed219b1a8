"""The words the reader understands, loaded from ``addin/reader/vocabulary/*.toml``.

Column names, header labels, funding kinds and columns, and the words of rows that are not
indicators (totals, footers, notes, placeholders) are data, each entry noting where it was
seen. A user adds synonyms without code in a vocabulary file of the same shape: the file
named by the environment variable ``JIXIAO_VOCABULARY``, else ``~/.jixiao/vocabulary.toml``
(see README, 读表词表). Its words are added to the built-in ones.
"""

from __future__ import annotations

import os
import sys
import tomllib
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel

from addin.core.values import normalise_text

clean = normalise_text

USER_FILE_ENV = "JIXIAO_VOCABULARY"


class Vocabulary(BaseModel):
    """Every list of words the reader matches, longest first where prefixes compete."""

    columns: dict[str, list[str]]  # indicator field -> header texts
    header: dict[str, list[str]]  # header field -> labels
    total_labels: list[str]  # 总分 / 自评总分 … (header block and total rows)
    goal_labels: list[str]
    funding_kinds: dict[str, list[str]]  # kind -> row labels
    funding_columns: dict[str, list[str]]  # column key -> header texts
    funding_reason: list[str] = []  # the header of a 原因 column beside the amounts
    rows: dict[str, list[str]]  # total / subtotal / footer / notes / placeholder -> words


def _builtin(name: str) -> dict:
    text = resources.files("addin.reader").joinpath("vocabulary", name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def user_file() -> Path:
    """Where the user's vocabulary file is looked for."""
    named = os.environ.get(USER_FILE_ENV)
    return Path(named) if named else Path.home() / ".jixiao" / "vocabulary.toml"


_read_stamp: tuple[str, int, int] | None = None  # the user's file as last read


def _stamp(path: Path) -> tuple[str, int, int]:
    """(path, modification time, size) of the user's file; zeros when there is none."""
    try:
        info = path.stat()
    except OSError:
        return (str(path), 0, 0)
    return (str(path), info.st_mtime_ns, info.st_size)


def refresh() -> bool:
    """Read the user's file again if it changed since it was read (a word taught from the
    command line or another door while this process kept running); whether it did."""
    if _read_stamp is None or _stamp(user_file()) == _read_stamp:
        return False
    reload()
    return True


def reload() -> None:
    """Forget the words read so far, after the user's file changed (a door that stays
    running, such as the WPS service, teaches and reads again): every cached lookup of the
    reader's modules is cleared, so the next read uses the file as it is now."""
    for name, module in list(sys.modules.items()):
        if name == "addin.reader" or name.startswith("addin.reader."):
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()


def _user() -> dict:
    global _read_stamp
    path = user_file()
    _read_stamp = _stamp(path)
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        print(f"词表文件 {path} 无法读取，已忽略：{exc}", file=sys.stderr)
        return {}


def _words(value: object, where: str) -> list[str]:
    """A list of words; anything else is reported and left out."""
    if isinstance(value, list) and all(isinstance(w, str) for w in value):
        return list(value)
    example = '["写法一", "写法二"]'
    print(f"词表 {user_file()} 中「{where}」应为一组文字，如 {example}，已忽略", file=sys.stderr)
    return []


def _names(table: dict) -> dict[str, list[str]]:
    return {
        k: _words(v["names"], k) for k, v in table.items() if isinstance(v, dict) and "names" in v
    }


def _lists(table: dict, key: str = "") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in table.items():
        if name == "seen":
            continue
        if isinstance(value, list):
            out[name] = _words(value, name)
        elif isinstance(value, dict) and key in value:
            out[name] = _words(value[key], name)
    return out


def _add(base: dict[str, list[str]], extra: dict[str, list[str]]) -> None:
    for key, words in extra.items():
        base.setdefault(key, [])
        base[key].extend(w for w in words if w not in base[key])


@cache
def vocabulary() -> Vocabulary:
    """The built-in vocabulary with the user's words added."""
    columns, labels = _builtin("columns.toml"), _builtin("labels.toml")
    funding, rows = _builtin("funding.toml"), _builtin("rows.toml")
    user = _user()
    cols = _names(columns)
    _add(cols, _names(user.get("columns", {})))
    header = _names(labels["header"])
    _add(header, _names(user.get("labels", {}).get("header", {})))
    user_labels = user.get("labels", {})
    totals = list(labels["total"]["names"]) + _words(user_labels.get("total", []), "total")
    goals = list(labels["goal"]["names"]) + _words(user_labels.get("goal", []), "goal")
    kinds = _lists(funding["kinds"])
    _add(kinds, _lists(user.get("funding", {}).get("kinds", {})))
    fcols = _lists(funding["columns"])
    _add(fcols, _lists(user.get("funding", {}).get("columns", {})))
    words = _lists(rows, "words")
    _add(words, _lists(user.get("rows", {}), "words"))
    return Vocabulary(
        columns=cols,
        header=header,
        total_labels=totals,
        goal_labels=goals,
        funding_kinds={k: v for k, v in kinds.items() if k != "seen"},
        funding_columns={k: v for k, v in fcols.items() if k != "seen"},
        funding_reason=list(funding.get("reason", {}).get("words", [])),
        rows=words,
    )


def _longest_first(table: dict[str, list[str]]) -> list[tuple[str, str]]:
    pairs = [(clean(word), key) for key, words in table.items() for word in words]
    return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)


@cache
def _column_keys() -> list[tuple[str, str]]:
    return _longest_first(vocabulary().columns)


def strip_unit(text: str) -> str:
    """A cleaned header text without a trailing bracket ("指标权重(分)" -> "指标权重")."""
    norm = clean(text)
    while norm.endswith(")") and "(" in norm:
        norm = norm[: norm.rindex("(")]
    return norm


@lru_cache(maxsize=8192)
def column_field(text: str | None) -> str | None:
    """The indicator field a header cell names, or None."""
    norm = clean(text)
    if not norm or len(norm) > 24:
        return None
    for synonym, fld in _column_keys():
        if synonym in WHOLE_ONLY and strip_unit(norm).rstrip(":：") != synonym:
            continue  # 单位 alone is the unit column; 单位：万元 / 单位名称 are not
        if norm.startswith(synonym):
            # 得分标准 / 分值说明 / 指标解释: how a value is given, not the value
            if strip_unit(norm[len(synonym) :]).endswith(_DESCRIBES):
                return None
            return fld
    return _qualified(strip_unit(norm).rstrip(":："))


def _qualified(norm: str) -> str | None:
    """A value column's known name with a short qualifier in front ("指标目标值", "年终
    完成值", "区域目标值"): the field of the longest such name (three characters or more,
    ending in 值) the header ends with, unless the qualifier names another column."""
    for synonym, fld in _column_keys():
        if len(synonym) >= 3 and synonym.endswith("值") and norm.endswith(synonym):
            head = norm[: -len(synonym)]
            if 0 < len(head) <= 4 and not _names_other(head):
                return fld
    return None


def _names_other(head: str) -> bool:
    """A qualifier that makes the column another one: a column name of its own, a
    description word, or a period other than the year (中长期指标值 is no 年度 target)."""
    if head.endswith(_PERIODS):
        return True
    if "年" in head and not any(w in head for w in _THIS_YEAR):
        return True  # 近两年 / 上年 / 2022年: another year's values
    return any(head.startswith(w) for w, _ in _column_keys() if len(w) >= 2) or head.endswith(
        _DESCRIBES
    )


_PERIODS = ("中长期", "长期", "中期", "实施期")
_THIS_YEAR = ("年度", "当年", "全年", "本年", "年终", "年初", "年末")
_DESCRIBES = ("标准", "说明", "解释", "方法", "办法", "口径")
WHOLE_ONLY = frozenset({"单位"})  # short words that name a column only as the whole cell
WHOLE_AMOUNT = frozenset({"金额", "预算金额"})  # a funding column only as the whole cell


@lru_cache(maxsize=4096)
def funding_column(text: str) -> str | None:
    """The funding column a header cell names ("全年预算数\\n（万元）" -> "budget")."""
    norm = clean(text)
    if strip_unit(norm) in WHOLE_AMOUNT:
        return "budget"  # 金额 alone heads the amounts of a cost breakdown
    keys = _longest_first(vocabulary().funding_columns)
    return next((k for w, k in keys if norm.startswith(w)), None)


@lru_cache(maxsize=4096)
def funding_kind(label: str) -> str | None:
    """The funding kind a row label names ("其中:当年财政拨款" -> "fiscal")."""
    norm = clean(label).removeprefix("其中:").removeprefix("其中").strip(":：")
    # a field label, a form title or a classification of the money (财政资金预算分类, 资金
    # 性质, 科目代码), not an amount
    if norm.endswith(("名称", "表", "分类", "性质", "代码", "科目", "类别", "来源")):
        return None
    for key, kind in _funding_kind_keys():
        if norm.startswith(key) or (key in norm and len(norm) <= len(key) + 10):
            return kind
    return None


@cache
def _funding_kind_keys() -> list[tuple[str, str]]:
    return _longest_first(vocabulary().funding_kinds)


@cache
def not_read_columns() -> tuple[str, ...]:
    """Headers of columns a form prints for people, not data (评分标准, 指标解释 …)."""
    words = _builtin("columns.toml").get("not_read", {}).get("words", [])
    return tuple(clean(w) for w in words)


@cache
def row_words(kind: str) -> tuple[str, ...]:
    """The words that mark a row of ``kind`` (total, subtotal, footer, notes, placeholder)."""
    return tuple(clean(w) for w in vocabulary().rows.get(kind, []))


@lru_cache(maxsize=8192)
def is_total_label(text: str) -> bool:
    """总分 / 自评总分(分) / 合计 … as a whole cell."""
    norm = strip_unit(text).rstrip(":：")
    return norm in row_words("total") or norm in total_labels()


@cache
def total_labels() -> frozenset[str]:
    """The 总分 labels of a header block or a total row, cleaned."""
    return frozenset(clean(t) for t in vocabulary().total_labels)


@cache
def goal_labels() -> frozenset[str]:
    """The labels of a form's goal (年度目标 …), cleaned."""
    return frozenset(clean(g) for g in vocabulary().goal_labels)


@cache
def funding_reason_labels() -> frozenset[str]:
    """The headers of a 原因 column beside a funding block's amounts, cleaned."""
    return frozenset(clean(w) for w in vocabulary().funding_reason)
