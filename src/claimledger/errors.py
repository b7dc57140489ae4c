"""Every error claimledger reports to a user: what is wrong, with what, and what to do about it."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any


def shown(text: str | Path) -> str:
    """A file name as an error line may show it: every character that is not printable escaped (a newline as
    \\n, a terminal's escape code as \\x1b, a byte that is not UTF-8 as \\udcff), so that a name can neither forge a
    line of its own nor drive the terminal."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(text))


class ClaimledgerError(Exception):
    """Base of all errors the CLI reports as one line instead of a traceback."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled whole (a Dask worker's error about a file is read by the process that stores the batch): Python
        # would rebuild it by calling its class with its message alone, which most of these classes do not take.
        return _rebuilt, (type(self), self.args, dict(self.__dict__))


def _rebuilt(cls: type[ClaimledgerError], args: tuple[Any, ...], attributes: dict[str, Any]) -> ClaimledgerError:
    """An error as pickled by ClaimledgerError.__reduce__: its attributes and message, without calling its class."""
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(attributes)
    return error


class InputError(ClaimledgerError):
    """A file that cannot be turned into a document. The batch goes on without it."""

    reason = "cannot be read"
    hint = ""

    def __init__(self, path: str | Path, detail: str | None = None) -> None:
        self.path = str(path)
        self.detail = detail
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{shown(self.path)}: {self.reason}"
        if self.detail:
            text += f" ({self.detail})"
        if self.hint:
            text += f"; {self.hint}"
        return text


class FileMissingError(InputError):
    reason = "no such file"
    hint = "check the path"


class UnsupportedTypeError(InputError):
    reason = "unsupported file type"
    hint = "claimledger reads .txt, .html/.htm and .pdf files"


class EmptyFileError(InputError):
    reason = "the file is empty"
    hint = "nothing to ingest"


class FileTooLargeError(InputError):
    reason = "the file is over the size limit"
    hint = "raise the limit with --max-bytes if the file is genuine"


class TooManyPagesError(InputError):
    reason = "the PDF has more pages than the limit"
    hint = "no statement is that long: split the file if it is genuine"


class TooManyClaimsError(InputError):
    reason = "it holds more claims than the limit"
    hint = "nothing of it was stored: a file of that many figures is a data table, not a statement"


class FileTimeoutError(InputError):
    reason = "reading it took longer than the time limit"
    hint = "nothing of it was stored and the batch went on; raise the limit with --timeout if the file is genuine"


class WorkerStoppedError(InputError):
    """A file whose Dask worker process stopped while reading it: ended by its watchdog past the time limit, or by
    the system out of memory (cluster.extract_batch)."""

    reason = "its worker process stopped while reading it"
    hint = ("it ran past the time limit (--timeout) or out of memory; nothing of it was stored and the batch went on; "
            "raise the limit with --timeout if the file is genuine")


class BinaryFileError(InputError):
    reason = "the file is binary, not text"
    hint = "give a .txt, .html or .pdf statement"


class EncodingError(InputError):
    reason = "the text is not in a known encoding"
    hint = "save it as UTF-8, or name its encoding with --encoding (e.g. --encoding cp1252)"


class BrokenHTMLError(InputError):
    reason = "no statement text could be extracted from the HTML"
    hint = "the page may be empty, truncated or only scripts; save the article text as .txt"


class BrokenPDFError(InputError):
    reason = "the PDF cannot be read"
    hint = "the file may be truncated or encrypted; re-download it or export its text"


class PDFBombError(InputError):
    reason = "a compressed part of the PDF inflates beyond the limit of what is read"
    hint = "a statement is never that large: it is a decompression bomb, or export its text if it is genuine"


class NoTextError(InputError):
    reason = "the file has no extractable text"
    hint = "a scanned PDF needs OCR before claimledger can read it"


class UnsupportedLanguageError(InputError):
    """A statement in a language claimledger has no language data for.

    Its figures, parties and dates would be read by English rules and come out wrong, so it
    gets no claims rather than misread ones.
    """

    reason = "it is written in a language claimledger cannot read"

    def __init__(self, path: str | Path, language: str, supported: str) -> None:
        self.language = language
        self.hint = f"claimledger reads {supported} statements: translate it, or add language files for it"
        super().__init__(path, language)


class DateArgumentError(ClaimledgerError, ValueError):
    """A date given to the Python API that is not a day."""

    def __init__(self, value: object) -> None:
        self.value = value
        super().__init__(f"date={value!r} is not a day; give a datetime.date or an ISO date string such as '2020-10-08'")


class ProfileError(ClaimledgerError):
    """A conflict profile that is missing or malformed."""


class LedgerError(ClaimledgerError):
    """A ledger database that cannot be opened or migrated."""


class DocumentStoreError(LedgerError):
    """One document (or its claims) could not be stored; its transaction was rolled back and the batch goes on."""


class ExtractionError(ClaimledgerError):
    """The extractor failed on one document: a bug in claimledger, reported for that file so the batch goes on."""

    def __init__(self, path: str | Path, detail: str) -> None:
        self.path = str(path)
        self.detail = detail
        super().__init__(
            f"{shown(self.path)}: extraction failed ({detail}); this is a bug in claimledger: please report it with the file"
        )


class GazetteerError(ClaimledgerError):
    """Gazetteer data that cannot be read: the shipped file, an overrides file or an imported dump."""


class GeoNamesLineError(GazetteerError):
    """One line of a GeoNames dump that cannot be read as a place. The import goes on without it."""

    def __init__(self, path: str | Path, line: int, detail: str) -> None:
        self.path = str(path)
        self.line = line
        self.detail = detail
        super().__init__(f"{shown(self.path)}, line {line}: not a GeoNames place ({detail}); the line was skipped")


class ReferenceFileError(ClaimledgerError):
    """A reference CSV that cannot be read at all: missing, undecodable, or without the required columns."""


class ReferenceRowError(ClaimledgerError):
    """One row of a reference CSV that cannot be read as a figure. The import goes on without it."""

    def __init__(self, path: str | Path, line: int, detail: str) -> None:
        self.path = str(path)
        self.line = line
        self.detail = detail
        super().__init__(f"{shown(self.path)}, line {line}: not a reference figure ({detail}); the row was skipped")


class ReportFolderError(ClaimledgerError):
    """A folder a report cannot be written into: a file stands at its path, or it cannot be created or written."""

    def __init__(self, path: str | Path, detail: str) -> None:
        self.path = str(path)
        self.detail = detail
        super().__init__(f"{shown(self.path)}: {detail}")


class ParquetFolderError(ClaimledgerError):
    """A folder a Parquet dataset of claims cannot be written into (`extract --to-parquet`): a file or another
    run's parts stand there."""

    def __init__(self, path: str | Path, detail: str) -> None:
        self.path = str(path)
        self.detail = detail
        super().__init__(f"{shown(self.path)}: {detail}")


class AccountError(ClaimledgerError):
    """A user account or API token that cannot be made, found or used as asked."""


class InvalidUsernameError(AccountError):
    def __init__(self, name: str, rule: str) -> None:
        self.name = name
        super().__init__(f"{shown(name)!r} cannot be a user name: use {rule}")


class UserExistsError(AccountError):
    def __init__(self, name: str, db: str | Path) -> None:
        self.name = name
        super().__init__(f"{db} already has a user {shown(name)!r} (user names compare case-insensitively); choose "
                         f"another name, or see them with `claimledger user list --db {db}`")


class UnknownUserError(AccountError):
    def __init__(self, name: str, db: str | Path) -> None:
        self.name = name
        super().__init__(f"{db} has no user {shown(name)!r}; `claimledger user list --db {db}` lists them")


class UserDisabledError(AccountError):
    def __init__(self, name: str, db: str | Path) -> None:
        self.name = name
        super().__init__(f"the user {shown(name)!r} of {db} is disabled, and a disabled user's sessions and API "
                         f"tokens do not work; `claimledger user list --db {db}` shows who is active")


class WeakPasswordError(AccountError):
    """A password refused when a user is added: what is wrong with it and what would do."""


class UnknownApiTokenError(AccountError):
    def __init__(self, token_id: int, db: str | Path) -> None:
        self.token_id = token_id
        super().__init__(f"{db} has no API token #{token_id}; `claimledger user tokens NAME --db {db}` lists a "
                         f"user's tokens with their numbers")


class LoginFailedError(AccountError):
    """A log-in refused for its name or password. One message whatever was wrong, so that the answer does not tell
    which user names exist, nor which accounts are disabled."""

    def __init__(self) -> None:
        super().__init__("wrong user name or password, or the account is disabled; check both and try again, or ask "
                         "an administrator whether your account is active")


class LoginRateLimitedError(AccountError):
    """A log-in refused unread: too many failed ones for its user name or from its address in a short time."""

    def __init__(self, retry_at: dt.datetime, now: dt.datetime) -> None:
        self.retry_at = retry_at
        self.retry_after = max(1, math.ceil((retry_at - now).total_seconds()))  # seconds, for Retry-After
        minutes = math.ceil(self.retry_after / 60)
        super().__init__(f"too many failed log-ins for this user name or from this address; try again after "
                         f"{retry_at:%H:%M} UTC (in {minutes} minute{'s' if minutes != 1 else ''})")


class LoginNeedsHttpsError(AccountError):
    """A log-in over plain http from another machine: the password would cross the network in clear, and browsers
    drop the session's Secure cookie on such a connection anyway."""

    def __init__(self) -> None:
        super().__init__("logging in over plain http is refused except on this machine (127.0.0.1 or localhost): "
                         "serve claimledger behind https (a TLS proxy on this machine), or open it through an SSH "
                         "tunnel to 127.0.0.1")


class NotLoggedInError(AccountError):
    """A page or API route that needs a user, asked for by no one logged in."""

    def __init__(self) -> None:
        super().__init__("this needs a user who is logged in: log in at /login, or send an API token as "
                         "`Authorization: Bearer TOKEN` (`claimledger user token NAME` makes one)")


class RoleRefusedError(AccountError):
    """A user whose role does not allow what they asked for."""

    def __init__(self, name: str, role: str, needed: str) -> None:
        super().__init__(f"this needs the role {needed} or one above it, and {shown(name)} is a {shown(role)}; an "
                         f"administrator can add an account of that role")


class CsrfError(AccountError):
    """A form sent without the token of the page it came from, or with another: it may come from another site."""

    def __init__(self, *, cookie_missing: bool) -> None:
        if cookie_missing:
            super().__init__("the form came without this site's cookie; allow cookies for this site, reload the page "
                             "and send the form again")
        else:
            super().__init__("the form does not carry the token of this site's page, so it may have been sent by "
                             "another site; reload the page and send the form again")


class ReviewError(ClaimledgerError):
    """A review, correction or added claim that cannot be made as given."""


class ReviewFieldError(ReviewError):
    """A reviewer's value for a field of a claim that the field cannot hold."""

    def __init__(self, field: str, value: str, reason: str) -> None:
        super().__init__(f"{field}: {shown(value)} {reason}")
        self.field = field
