"""Template commands (``jixiao forms``, ``jixiao new``, ``jixiao templates build``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from addin.cli.common import (
    MEMORY_LIMIT,
    TIME_LIMIT,
    MemoryLimit,
    TimeLimit,
    bounded,
    examples,
)
from addin.core.forms import FORMS, find_form

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = ROOT / "workbook_templates"
PREVIEWS_DIR = ROOT / "docs" / "templates"

templates_app = typer.Typer(help="模板维护：生成模板文件和预览图。", no_args_is_help=True)


def _fail(message: str) -> None:
    """One Chinese line on stderr, exit 2."""
    typer.echo(message, err=True)
    raise typer.Exit(2)


def forms(as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False) -> None:
    """列出可生成模板的表格（代码、名称、说明）。"""
    rows = [
        {
            "form": spec.kind.value,
            "title": spec.title,
            "description": spec.description,
            "profile": spec.profile,
            "orientation": "landscape" if spec.landscape else "portrait",
            "template": f"workbook_templates/{spec.kind.value}.xlsx",
            "version": spec.version,
        }
        for spec in FORMS.values()
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        typer.echo(f"{row['form']:<16}{row['title']}\n{'':<16}{row['description']}")


def new(
    form: Annotated[str, typer.Argument(help="表格代码或名称，见 jixiao forms", metavar="表格")],
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="输出的 .xlsx 文件", metavar="文件")
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="数据文件（JSON）：一张表或样例数据文件", metavar="文件"),
    ] = None,
    pick: Annotated[
        int | None, typer.Option("--pick", help="样例数据文件中第几张表（从 0 起）", metavar="序号")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖它")] = False,
    source: Annotated[
        Path | None,
        typer.Option(
            "--from", help="填好的绩效目标表（工作簿）：按其指标预填自评表", metavar="目标表"
        ),
    ] = None,
    time_limit: TimeLimit = TIME_LIMIT,
    memory_limit: MemoryLimit = MEMORY_LIMIT,
) -> None:
    """生成空白模板，或用数据文件中的表填好的模板；--from 从目标表预填自评表。"""
    from addin.templates.new import DataError, load_form, write_template

    spec = find_form(form)
    if out is None:
        _fail("请用 -o 指定输出的 .xlsx 文件，例如：jixiao new project_self -o 自评表.xlsx")
        return
    if out.exists() and not force:
        _fail(f"{out} 已存在，未覆盖；确要覆盖请加 --force，或换一个文件名")
        return
    if spec is None:
        names = "、".join(s.kind.value for s in FORMS.values())
        _fail(f"没有名为「{form}」的表格；可用：{names}")
        return
    if source is not None:
        _new_from(spec, out, source, pick, data, (time_limit, memory_limit))
        return
    try:
        if data is None:
            if pick is not None:
                raise DataError("--pick 需要和 --data 一起使用")
            write_template(spec, out)
        else:
            loaded, profile = load_form(data, spec, pick)
            write_template(spec, out, loaded, profile)
    except DataError as exc:
        _fail(str(exc))
    typer.echo(f"已生成 {out}（{spec.title}）")


def _prefill_one(job: tuple) -> tuple:
    """``new --from`` in the reading process: ("ok", written) or ("error", Chinese line)."""
    from addin.core.errors import JixiaoError
    from addin.selfeval.prefill import prefill_workbook
    from addin.workbook.files import InputError

    kind, out, source, pick = job
    try:
        return ("ok", prefill_workbook(source, find_form(kind), out, pick))
    except InputError as exc:
        return ("error", exc.describe())
    except JixiaoError as exc:  # PrefillError, DataError, an output refused
        return ("error", str(exc))
    except Exception as exc:
        return ("error", f"无法读取 {source.name}：读取时出现意外错误（{type(exc).__name__}）")


def _new_from(
    spec, out: Path, source: Path, pick: int | None, data: Path | None, limits: tuple
) -> None:
    """``jixiao new FORM --from TARGET.xlsx``: one self-evaluation per target form."""
    from addin.workbook.outputs import remove_stale

    if data is not None:
        _fail("--from 和 --data 只能选一个")
    try:
        answer = bounded(_prefill_one, (spec.kind.value, out, source, pick), *limits)
    finally:
        remove_stale(out.parent)
    if answer[0] != "ok":
        reason = answer[1]
        _fail(reason if source.name in reason else f"无法读取 {source.name}：{reason}")
        return
    written = answer[1]
    for path, target in written:
        typer.echo(f"已生成 {path}（{spec.title}，取自「{target}」）")


@templates_app.command("build", epilog=examples("jixiao templates build"))
def build(
    out: Annotated[
        Path, typer.Option("-o", "--out", help="输出文件夹", metavar="文件夹")
    ] = TEMPLATES_DIR,
    check: Annotated[
        bool, typer.Option("--check", help="只检查文件夹中的模板是否为最新，不写入")
    ] = False,
) -> None:
    """生成全部八种表格的模板文件（workbook_templates/*.xlsx）。"""
    import tempfile

    from addin.templates.new import DataError, write_template
    from addin.templates.snapshot import differences, snapshot

    with tempfile.TemporaryDirectory(prefix="jixiao-build-") as tmp:
        stale = []
        for spec in FORMS.values():
            name = f"{spec.kind.value}.xlsx"
            path = (Path(tmp) if check else out) / name
            if not check:
                out.mkdir(parents=True, exist_ok=True)
            try:
                write_template(spec, path)
            except DataError as exc:
                _fail(str(exc))
            if not check:
                typer.echo(f"{path}\t{spec.title}")
            elif not (out / name).is_file():
                stale.append(f"{name}：缺少")
            elif diff := differences(snapshot(out / name), snapshot(path)):
                stale.append(f"{name}：{'；'.join(diff[:3])}")
    if stale:
        typer.echo("模板不是最新，请运行 jixiao templates build：\n" + "\n".join(stale), err=True)
        raise typer.Exit(1)
    if check:
        typer.echo("模板均为最新")


@templates_app.command("preview", epilog=examples("jixiao templates preview"))
def preview(
    out: Annotated[
        Path, typer.Option("-o", "--out", help="预览图文件夹", metavar="文件夹")
    ] = PREVIEWS_DIR,
    dpi: Annotated[int, typer.Option("--dpi", help="分辨率", metavar="整数")] = 70,
) -> None:
    """用 LibreOffice 把每个模板打印成 PDF，再转成 PNG 预览图（需要 LibreOffice 和 poppler）。"""
    import tempfile

    from addin.templates.lo import LibreOfficeError
    from addin.templates.preview import preview_pngs

    with tempfile.TemporaryDirectory(prefix="jixiao-preview-") as tmp:
        try:
            pngs = preview_pngs(Path(tmp), out, dpi)
        except LibreOfficeError as exc:
            _fail(str(exc))
            return
    for png in pngs:
        typer.echo(str(png))


def register(app: typer.Typer) -> None:
    """Add the template commands to the main ``jixiao`` app."""
    app.command("forms", epilog=examples("jixiao forms", "jixiao forms --json"))(forms)
    app.command(
        "new",
        epilog=examples(
            "jixiao new project_self -o 项目支出绩效自评表.xlsx",
            "jixiao new 项目支出绩效自评表 -o 自评表.xlsx --data 数据.json",
            "jixiao new project_self --from 目标表.xlsx -o 自评表.xlsx",
        ),
    )(new)
    app.add_typer(templates_app, name="templates")
