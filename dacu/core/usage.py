"""Problems with how dacu was asked to run (exit code 2), not with the content.

A usage problem stops the command before anything is read or written; its
message is one sentence saying what to change, shown in the user's language.
"""

from __future__ import annotations

import errno

from dacu.core.i18n import Message, msg


class UsageProblem(Exception):
    """The command, a setting that decides where dacu writes, or the site folder itself is wrong."""

    def __init__(self, message: Message | str) -> None:
        super().__init__(message)   # args[0]: the CLI renders it in the user's language
        self.message = message


#: The errors with which the operating system refuses a write: full, read-only, not ours.
WRITE_REFUSED = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS})


def cannot_write(exc: OSError) -> Message:
    """What to do when the operating system refused a write (:data:`WRITE_REFUSED`)."""
    where = exc.filename or "the site folder"
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return msg("the disk is full while writing {path}: free some space and build again; site/ was left as it was",
                   path=str(where))
    return msg("dacu may not write {path} ({error}): make the site folder, .dacu/ and the output folder "
                   "writable for this user; site/ was left as it was", path=str(where), error=exc.strerror or "")
