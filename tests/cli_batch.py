"""Run many ``jixiao`` command lines in one process and print what each did, as JSON.

The hostile-file corpus runs hundreds of commands; one process with the CLI imported once
keeps that quick. Input: a JSON list of argument lists on stdin. Output: a JSON list of
``{"args", "code", "stdout", "stderr", "error"}`` where ``error`` is the text of any
exception other than the CLI's own exit (a traceback a clerk would have seen).
"""

from __future__ import annotations

import json
import sys
import traceback

from typer.testing import CliRunner

from addin.cli.app import app


def main() -> None:
    runner = CliRunner()
    results = []
    for args in json.load(sys.stdin):
        result = runner.invoke(app, args, catch_exceptions=True)
        error = None
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            error = "".join(traceback.format_exception(result.exception))
        results.append(
            {
                "args": args,
                "code": result.exit_code,
                "stdout": result.stdout,
                "stderr": result.stderr,
                "error": error,
            }
        )
    json.dump(results, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
