"""``jixiao new``: a template, filled from a data file when one is given.

The data file is a single form object (the schema of one entry of a seed file's
``forms``) or a whole seed file, from which ``pick`` (0-based) or the first form of the
wanted kind is taken. Every problem is a :class:`DataError` with one Chinese sentence.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from addin.core.errors import JixiaoError
from addin.core.forms import FORMS
from addin.core.forms.spec import FormSpec
from addin.core.models import AnyForm, SeedFile
from addin.core.profiles import ProfileError, load_profile
from addin.templates.builder import build_workbook, save
from addin.templates.fill import fill_data
from addin.workbook.outputs import OutputRefused, os_reason, write_output

_FORM = TypeAdapter(AnyForm)
_ERRORS = {
    "missing": "缺少必填项",
    "extra_forbidden": "有不认识的项",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "union_tag_invalid": "表格类型（form）不认识",
    "union_tag_not_found": "缺少表格类型（form）",
    "literal_error": "取值不在允许范围内",
}


class DataError(JixiaoError, ValueError):
    """Unusable input for ``jixiao new``; ``str(err)`` is one Chinese sentence."""

    code = "data"


def _explain(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "（顶层）"
    return f"{where} {_ERRORS.get(first['type'], '取值不合要求')}"


def load_form(path: Path, spec: FormSpec, pick: int | None = None) -> tuple[Any, str]:
    """(form, profile name) from a data file, or DataError."""
    if not path.is_file():
        raise DataError(f"找不到数据文件「{path}」")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise DataError(f"数据文件「{path.name}」不是 UTF-8 编码的文本") from exc
    except json.JSONDecodeError as exc:
        raise DataError(f"数据文件「{path.name}」不是有效的 JSON（第 {exc.lineno} 行）") from exc
    if not isinstance(data, dict):
        raise DataError(f"数据文件「{path.name}」应是一个表格对象或样例数据文件")
    if "forms" in data:
        try:
            seed = SeedFile.model_validate(data)
        except ValidationError as exc:
            raise DataError(f"数据文件「{path.name}」格式有误：{_explain(exc)}") from exc
        return _pick(seed, spec, pick, path), seed.profile
    if pick is not None:
        raise DataError("--pick 只用于含多张表的样例数据文件（有 forms 列表）")
    try:
        form = _FORM.validate_python(data)
    except ValidationError as exc:
        raise DataError(f"数据文件「{path.name}」格式有误：{_explain(exc)}") from exc
    _check_kind(form, spec, "数据文件中的表")
    return form, spec.profile


def _pick(seed: SeedFile, spec: FormSpec, pick: int | None, path: Path) -> Any:
    if pick is None:
        form = next((f for f in seed.forms if f.form == spec.kind), None)
        if form is None:
            raise DataError(f"数据文件「{path.name}」中没有「{spec.title}」")
        return form
    if not 0 <= pick < len(seed.forms):
        raise DataError(
            f"数据文件「{path.name}」只有 {len(seed.forms)} 张表，--pick 应在 0 到 "
            f"{len(seed.forms) - 1} 之间"
        )
    form = seed.forms[pick]
    _check_kind(form, spec, f"第 {pick} 张表")
    return form


def _check_kind(form: Any, spec: FormSpec, what: str) -> None:
    if form.form != spec.kind:
        other = FORMS[form.form].title
        raise DataError(f"{what}是「{other}」（{form.form.value}），不是「{spec.title}」")


def write_template(
    spec: FormSpec,
    out: Path,
    form: Any = None,
    profile: str | None = None,
    *,
    declared_signs: bool = False,
) -> None:
    """Write the template of ``spec`` to ``out``, filled from ``form`` when given (through
    the one output policy: never through a link; a failure keeps an old file intact).
    ``declared_signs``: 指标性质 only as ``form`` declares it, see ``fill.declared_op``."""
    if out.suffix.lower() != ".xlsx":
        raise DataError(f"输出文件「{out.name}」应以 .xlsx 结尾")
    if not out.parent.is_dir():
        raise DataError(f"输出文件夹「{out.parent}」不存在")
    try:
        prof = load_profile(profile or spec.profile)
    except ProfileError as exc:
        raise DataError(str(exc)) from exc
    fill = fill_data(spec, form, prof, declared_signs=declared_signs) if form is not None else None
    try:
        book = build_workbook(spec, prof, fill)
        write_output(out, (), lambda temp: save(book, temp))
    except OutputRefused as exc:
        raise DataError(str(exc)) from exc
    except OSError as exc:
        raise DataError(f"无法写入「{out}」：{os_reason(exc)}，原有文件保持不变") from exc
    except Exception as exc:  # the XML writer's own errors on a full disk (IO_ENOSPC …)
        raise DataError(
            f"无法写入「{out}」（{type(exc).__name__}，可能是磁盘空间不足），原有文件保持不变"
        ) from exc
