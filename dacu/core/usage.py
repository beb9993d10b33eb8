"""Problems with how dacu was asked to run (exit code 2), not with the content.

A usage problem stops the command before anything is read or written; its
message is one sentence saying what to change, shown in the user's language.
"""

from __future__ import annotations

from dacu.core.i18n import Message


class UsageProblem(Exception):
    """The command, a setting that decides where dacu writes, or the site folder itself is wrong."""

    def __init__(self, message: Message | str) -> None:
        super().__init__(message)   # args[0]: the CLI renders it in the user's language
        self.message = message
