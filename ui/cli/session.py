"""Who the CLI acts as: the token of ``perimeter login``, never a name typed on the command line.

The token comes from ``PERIMETER_TOKEN`` or from the 0600 token file under the user's home
(``~/.perimeter/tokens/<workspace>.token``); a token file readable by anyone else is refused.
``acting_user`` resolves it against the store and the workspace on every command.
"""

from __future__ import annotations

import stat
from pathlib import Path

from audience.errors import InputFileError, NotSignedInError
from audience.rules import read_bounded_text
from audience.workflow import Store, User, Workspace, resume, write_private
from languages import say
from settings import Settings

MAX_TOKEN_FILE = 1024


def current_token(settings: Settings) -> str:
    """The token to act with.

    Raises:
        NotSignedInError: no token anywhere, or the token file is readable by others.
    """
    if settings.token is not None and settings.token.get_secret_value().strip():
        return settings.token.get_secret_value().strip()
    path = settings.token_file
    if not path.exists():
        raise NotSignedInError(say("not_signed_in_here"), hint=say("run_login"))
    return _read_token_file(path)


def _read_token_file(path: Path) -> str:
    info = path.lstat()
    if not stat.S_ISREG(info.st_mode) or stat.S_IMODE(info.st_mode) & 0o077:
        message = say("token_file_open", path=str(path))
        raise NotSignedInError(message, hint=say("log_out_and_in"))
    try:
        return read_bounded_text(path, MAX_TOKEN_FILE, "token file").strip()
    except InputFileError as error:
        raise NotSignedInError(error.wording, hint=say("log_in_again")) from error


def acting_user(settings: Settings, store: Store, workspace: Workspace) -> User:
    """The user this command acts as (see the module doc).

    Raises:
        NotSignedInError: no valid token, or its user left the workspace.
    """
    return resume(store, workspace, current_token(settings), kind="cli")


def save_token(settings: Settings, token: str) -> Path:
    """Write the token to the 0600 token file (its folder 0700); returns the path."""
    path = settings.token_file
    path.unlink(missing_ok=True)
    write_private(path, token.encode(), exclusive=True)
    return path


def forget_token(settings: Settings) -> bool:
    """Delete the token file; True if there was one."""
    path = settings.token_file
    existed = path.exists() or path.is_symlink()
    path.unlink(missing_ok=True)
    return existed
