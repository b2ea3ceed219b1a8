"""Teaching the reader a layout: the user's vocabulary file (``jixiao vocab``).

A header wording is added to one role (指标值, 完成值, 全年预算 …) in the user's file (the one
named by ``JIXIAO_VOCABULARY``, else ``~/.jixiao/vocabulary.toml``), in the shape
:mod:`addin.reader.vocabulary` reads: ``[columns.<field>] names``, ``[funding.columns]``,
``[funding.kinds]`` and ``[labels.header.<field>] names``. Every later file of that layout
then reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

from addin.core.errors import JixiaoError
from addin.reader.vocabulary import clean, user_file


@dataclass(frozen=True)
class Role:
    """Where a role's words live in the vocabulary file."""

    name: str  # the role as a clerk names it: 指标值, 全年预算 …
    path: tuple[str, ...]  # the table holding the list: ("columns", "target")
    key: str  # the list's key in that table: "names", or the funding key
    meaning: str


def _column(name: str, fld: str, meaning: str) -> Role:
    return Role(name, ("columns", fld), "names", meaning)


ROLES: tuple[Role, ...] = (
    _column("一级指标", "level1", "指标表的一级指标列"),
    _column("二级指标", "level2", "指标表的二级指标列"),
    _column("三级指标", "name", "指标表的三级指标（指标名称）列"),
    _column("指标性质", "op", "比较符号列（≥ ≤ ＝ 定性）"),
    _column("指标值", "target", "年度指标值（目标值）列"),
    _column("调整指标值", "target_adjusted", "调整后的指标值，填了就代替指标值"),
    _column("完成值", "actual", "实际完成值列"),
    _column("度量单位", "unit", "计量单位列"),
    _column("分值", "points", "指标的分值（权重）列"),
    _column("得分", "score", "指标的得分列"),
    _column("得分系数", "coefficient", "得分系数列（得分 = 分值 × 系数）"),
    _column("偏差原因", "reason", "偏差原因分析及改进措施列"),
    _column("指标分类", "category", "指标分类（定量、定性）列"),
    Role("年初预算", ("funding", "columns"), "initial", "资金表的年初预算数列"),
    Role("全年预算", ("funding", "columns"), "budget", "资金表的全年（调整后）预算数列"),
    Role("执行数", ("funding", "columns"), "spent", "资金表的全年执行数列"),
    Role("执行率", ("funding", "columns"), "rate", "资金表的执行率列"),
    Role("资金总额", ("funding", "kinds"), "total", "资金合计行的标签"),
    Role("财政拨款", ("funding", "kinds"), "fiscal", "财政拨款行的标签"),
    Role("上年结转", ("funding", "kinds"), "carryover", "上年结转资金行的标签"),
    Role("其他资金", ("funding", "kinds"), "other", "其他资金行的标签"),
    Role("项目名称", ("labels", "header", "project"), "names", "表头区的项目名称标签"),
    Role("主管部门", ("labels", "header", "department"), "names", "表头区的主管部门标签"),
    Role("实施单位", ("labels", "header", "implementer"), "names", "表头区的实施单位标签"),
    Role("单位名称", ("labels", "header", "unit"), "names", "表头区的单位（部门）名称标签"),
)
ROLE_BY_NAME = {r.name: r for r in ROLES}
ROLE_OF_FIELD = {r.path[-1]: r for r in ROLES if r.path[0] == "columns"}


class TeachError(JixiaoError, ValueError):
    """A word or role that cannot be taught, or a vocabulary file that cannot be used;
    ``taken_by``: the role that already has the word (a door says how to change it)."""

    code = "vocabulary"

    def __init__(self, message: str, taken_by: str | None = None) -> None:
        super().__init__(message)
        self.taken_by = taken_by


def role(name: str) -> Role:
    """The role a clerk names; TeachError listing the known roles otherwise."""
    found = ROLE_BY_NAME.get(name.strip())
    if found is None:
        known = "、".join(ROLE_BY_NAME)
        raise TeachError(f"不认识的角色「{name}」。可用的角色：{known}")
    return found


def load(path: Path | None = None) -> tomlkit.TOMLDocument:
    """The user's vocabulary file as an editable document (empty when there is none);
    its comments and layout are kept when it is written back."""
    path = path or user_file()
    if not path.is_file():
        document = tomlkit.document()
        document.add(tomlkit.comment("绩效助手 读表词表（jixiao vocab 写入；也可手工编辑）"))
        return document
    try:
        return tomlkit.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, TOMLKitError) as exc:
        raise TeachError(f"词表文件 {path} 无法读取：{exc}。请修正或删除它后再试") from exc


def _words_at(data: dict, r: Role, create: bool) -> list[str] | None:
    table = data
    for part in r.path:
        if part not in table:
            if not create:
                return None
            table[part] = {}
        table = table[part]
        if not isinstance(table, dict):
            raise TeachError(f"词表文件中「{'.'.join(r.path)}」不是一张表，请检查文件")
    if r.key not in table:
        if not create:
            return None
        table[r.key] = []
    words = table[r.key]
    if not isinstance(words, list):
        raise TeachError(f"词表文件中「{'.'.join(r.path)}.{r.key}」不是一组文字，请检查文件")
    return words


def add(word: str, role_name: str, path: Path | None = None) -> tuple[Path, bool]:
    """Add a wording to a role; (the file written, whether it was new)."""
    text = word.strip()
    if not clean(text):
        raise TeachError("表头写法不能为空")
    if len(clean(text)) > 24:
        raise TeachError(f"表头写法「{text}」太长（最多 24 个字），请只写表头单元格里的文字")
    r = role(role_name)
    path = path or user_file()
    data = load(path)
    for other in ROLES:
        words = _words_at(data, other, create=False) or []
        if other is not r and any(clean(w) == clean(text) for w in words):
            raise TeachError(
                f"「{text}」已是「{other.name}」的写法；"
                f'请先运行 jixiao vocab remove "{text}" 再添加',
                taken_by=other.name,
            )
    words = _words_at(data, r, create=True)
    assert words is not None
    if any(clean(w) == clean(text) for w in words):
        return path, False
    words.append(text)
    save(data, path)
    return path, True


def remove(word: str, path: Path | None = None) -> tuple[Path, list[str]]:
    """Remove a wording from every role that has it; (the file, the roles it left)."""
    path = path or user_file()
    data = load(path)
    left: list[str] = []
    for r in ROLES:
        words = _words_at(data, r, create=False)
        if words is None:
            continue
        gone = [i for i, w in enumerate(words) if clean(w) == clean(word)]
        for i in reversed(gone):
            del words[i]
        if gone:
            left.append(r.name)
    if left:
        save(data, path)
    return path, left


def listed(path: Path | None = None) -> list[tuple[str, str]]:
    """Every (wording, role) the user's file teaches."""
    data = load(path)
    return [(w, r.name) for r in ROLES for w in _words_at(data, r, create=False) or []]


def save(data: tomlkit.TOMLDocument, path: Path) -> None:
    """Write the vocabulary back as TOML, the user's comments and order kept."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(tomlkit.dumps(data), encoding="utf-8")
    except OSError as exc:
        raise TeachError(f"无法写入词表文件 {path}：{exc.strerror or exc}") from exc
