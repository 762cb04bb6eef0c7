"""User errors, reported in one place as one red line and exit status 1.

Commands raise and never catch: :class:`ReportErrorsGroup` (the root command's
class) runs the command line and turns every user error (``CliError``, the
client's ``ApiError``, typer's usage errors such as a malformed UUID or an
unknown ``--state``) into ``Error: <message>`` on stderr. Anything else is a
bug and keeps its traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup

from flowql.cli.output import print_error
from flowql.sdk.client.errors import ApiError

USER_ERROR_EXIT_CODE = 1


class CliError(Exception):
    """An error the user can fix; its message is shown as is."""


def _message(error: Exception) -> str:
    if isinstance(error, typer.TyperException):
        message = error.format_message()
        context = getattr(error, "ctx", None)  # usage errors know their command
        if context is not None:
            return f"{message} (see '{context.command_path} --help')"
        return message
    return str(error)


def report(error: Exception) -> NoReturn:
    """Print ``error`` as one line and exit with status 1."""
    # Bare ``flowql``: typer has printed the help already. Matched by name, as typer
    # itself does, because the class is private.
    if type(error).__name__ == "NoArgsIsHelpError":
        sys.exit(getattr(error, "exit_code", USER_ERROR_EXIT_CODE))
    print_error(_message(error))
    sys.exit(USER_ERROR_EXIT_CODE)


class ReportErrorsGroup(TyperGroup):
    """The root command: runs click non-standalone so user errors reach :func:`report`."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            result = super().main(
                args, prog_name, complete_var, False, windows_expand_args, **extra
            )
        except typer.Abort:
            report(CliError("aborted"))
        except (CliError, ApiError, typer.TyperException) as error:
            report(error)
        # Non-standalone, a ``typer.Exit`` (e.g. from --help) comes back as its exit code.
        sys.exit(result if isinstance(result, int) else 0)
