"""Accounts of the web app: users and their roles, passwords, sessions, API tokens, CSRF tokens, and the limit on
failed log-ins.

The rules are here, the SQL in `claimledger.ledger`; `claimledger user ...` and the web app are thin layers over
`Accounts`.

- **Roles.** A viewer reads; an analyst may also review claims; an admin may also manage users. Each role may do
  all that the ones before it may (`role_allows`), so a route asks for the least role it needs.
- **Passwords** are hashed with argon2id (argon2-cffi's parameters, RFC 9106's low-memory profile), never stored
  themselves; a hash made with other parameters is made again at the next log-in, when the password is at hand.
- **Sessions.** A log-in gives the browser a random secret; the ledger keeps its SHA-256 only, so that a copy of
  the ledger opens no session. A session ends at log-out, SESSION_IDLE after its last use, SESSION_LIFETIME after
  the log-in, and at once when its user is disabled.
- **API tokens** are secrets of the same kind, for scripts (`Authorization: Bearer cl_...`), kept the same way and
  valid until revoked or until their user is disabled.
- **CSRF.** A form carries `csrf_token(key)`, an HMAC keyed by the secret of the browser's cookie: its session's,
  or, on the log-in page, a form key of its own (`new_form_key`). The server computes it again from the cookie the
  request brings; a page of another site can neither read that cookie nor, without it, make the token.
- **Rate limit.** At most LOGIN_FAILURE_LIMIT failed log-ins per user name and per client address in
  LOGIN_FAILURE_WINDOW; the next is refused before its password is read, with the time it may be tried again.
  Failures are stored in the ledger, so the limit holds across the processes serving it and across restarts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from claimledger.errors import (InvalidUsernameError, LoginFailedError, LoginRateLimitedError, UnknownApiTokenError,
                                UnknownUserError, UserDisabledError, UserExistsError, WeakPasswordError)
from claimledger.ledger import Ledger, LoginAttempt, StoredApiToken, StoredUser


class Role(str, Enum):
    """What a user may do, from least to most: each role may do all that the ones before it may."""

    viewer = "viewer"  # reads
    analyst = "analyst"  # reviews claims
    admin = "admin"  # manages users


USERNAME_MAX_LENGTH = 64
# ASCII only: the ledger compares names without case (SQLite's NOCASE), which folds ASCII letters alone.
USERNAME = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._-]{{0,{USERNAME_MAX_LENGTH - 1}}}")
USERNAME_RULE = (f"1 to {USERNAME_MAX_LENGTH} letters (a-z, A-Z), digits, '.', '_' or '-', beginning with a letter "
                 f"or a digit")
MIN_PASSWORD_LENGTH = 12
# argon2 reads a password of any length; a form of megabytes is an attack, not a password.
MAX_PASSWORD_LENGTH = 1024

# An analyst reads a document for long stretches without a request: an hour idle is allowed. A working day is the
# most any session lasts, however busy.
SESSION_IDLE = dt.timedelta(hours=1)
SESSION_LIFETIME = dt.timedelta(hours=8)
# The last use of a session or token is written at most this often: a page of many requests is one write, not many.
LAST_USE_PRECISION = dt.timedelta(minutes=1)

LOGIN_FAILURE_LIMIT = 5
LOGIN_FAILURE_WINDOW = dt.timedelta(minutes=15)

# 32 random bytes: 256 bits, beyond guessing, as a session, form key or token secret.
SECRET_BYTES = 32
# Lets a secret scanner (or a person) tell a claimledger API token from other secrets.
API_TOKEN_PREFIX = "cl_"
_CSRF_PURPOSE = b"claimledger form"


@dataclass(frozen=True, slots=True)
class NewSession:
    """A log-in's session: the secret for the browser's cookie (shown nowhere else), and whose it is."""

    secret: str
    user: StoredUser


@dataclass(frozen=True, slots=True)
class NewApiToken:
    """A new API token: its secret, shown this once and never again, and the token as stored."""

    secret: str
    token: StoredApiToken


def role_allows(role: str, needed: Role) -> bool:
    """Whether a user of `role` may do what needs `needed`. A role the ledger holds but claimledger does not know
    (a hand edit) allows nothing."""
    order = list(Role)
    try:
        return order.index(Role(role)) >= order.index(needed)
    except ValueError:
        return False


def check_username(name: str) -> None:
    if not USERNAME.fullmatch(name):
        raise InvalidUsernameError(name, USERNAME_RULE)


def check_password(name: str, password: str) -> None:
    """Refuse a password that is easy to guess: short, very long, or the user's own name."""
    if not password:
        raise WeakPasswordError(f"the password is empty; give one of at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(f"the password is {len(password)} characters long; give one of at least "
                                f"{MIN_PASSWORD_LENGTH} (a few words are easy to remember and hard to guess)")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPasswordError(f"the password is {len(password):,} characters long; give one of at most "
                                f"{MAX_PASSWORD_LENGTH:,}")
    if password.casefold() == name.casefold():
        raise WeakPasswordError("the password is the user name; give another")


def new_form_key() -> str:
    """A random key for a browser that has no session yet, kept in a cookie: its log-in form's CSRF token is made
    from it."""
    return secrets.token_urlsafe(SECRET_BYTES)


def csrf_token(key: str) -> str:
    """The CSRF token of the forms of the browser whose cookie holds `key` (a session's secret or a form key).

    An HMAC keyed by the secret, not the secret itself: the token is written into pages, the secret stays in an
    HttpOnly cookie."""
    return hmac.new(key.encode(), _CSRF_PURPOSE, hashlib.sha256).hexdigest()


def csrf_token_matches(key: str | None, token: str | None) -> bool:
    """Whether a form's `token` is the one of the cookie's `key`; False when either is missing."""
    if not key or not token:
        return False
    # Bytes: compare_digest refuses str with characters beyond ASCII, which a forged form may send.
    return hmac.compare_digest(csrf_token(key).encode(), token.encode())


def utc_minute(moment: dt.datetime | None) -> str:
    """A moment of an account (made, last logged in, revoked) as `claimledger user` and the web app show it: to the
    minute, in UTC; empty for none."""
    return f"{moment.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC" if moment is not None else ""


def _secret_hash(secret: str) -> str:
    # A fast hash, not argon2: a secret of 256 random bits cannot be guessed, however fast each guess.
    return hashlib.sha256(secret.encode()).hexdigest()


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Accounts:
    """The accounts of one ledger. `hasher` hashes passwords (argon2-cffi's default parameters unless given);
    `clock` tells the time, in UTC."""

    def __init__(self, ledger: Ledger, *, hasher: PasswordHasher | None = None,
                 clock: Callable[[], dt.datetime] = _utc_now) -> None:
        self.ledger = ledger
        self._hasher = hasher or PasswordHasher()
        self._clock = clock

    # ------------------------------------------------------------------ users

    def check_new_name(self, name: str) -> None:
        """Refuse a name that no new user may have: outside the rule, or taken. (Before a password is asked for.)"""
        check_username(name)
        if self.ledger.user(name) is not None:
            raise UserExistsError(name, self.ledger.name)

    def add_user(self, name: str, password: str, role: Role) -> StoredUser:
        check_username(name)
        check_password(name, password)
        return self.ledger.add_user(name, role.value, self._hasher.hash(password), at=self._clock())

    def users(self) -> list[StoredUser]:
        return self.ledger.users()

    def user(self, name: str) -> StoredUser:
        found = self.ledger.user(name)
        if found is None:
            raise UnknownUserError(name, self.ledger.name)
        return found

    def disable_user(self, name: str) -> StoredUser:
        """Disable a user: they can no longer log in, and their sessions and API tokens stop working at once."""
        disabled = self.ledger.disable_user(name, at=self._clock())
        if disabled is None:
            raise UnknownUserError(name, self.ledger.name)
        return disabled

    # ------------------------------------------------------------------ logging in and out

    def log_in(self, name: str, password: str, client: str) -> NewSession:
        """A new session of the user `name` logging in from the address `client`.

        LoginRateLimitedError when too many log-ins of that name or from that address failed of late (the password
        is then not read); LoginFailedError, whatever was wrong, for an unknown name, a disabled user or a wrong
        password."""
        now = self._clock()
        # Lowercased, as names compare; cut to the longest name: a longer one is no user's, and is not stored whole.
        username = name[:USERNAME_MAX_LENGTH].lower()
        attempt = self.ledger.record_login_attempt(username, client, at=now, since=now - LOGIN_FAILURE_WINDOW,
                                                   limit=LOGIN_FAILURE_LIMIT)
        if not attempt.allowed:
            raise LoginRateLimitedError(_retry_at(attempt), now)
        user = self.ledger.user(name) if USERNAME.fullmatch(name) else None
        if user is None or not user.active:
            # A hash is checked all the same, so that the time of the answer does not tell which names exist.
            self._verifies(self._stand_in_hash, password)
            raise LoginFailedError()
        if not self._verifies(user.password_hash, password):
            raise LoginFailedError()
        self.ledger.forget_login_failures(username, client)
        rehashed = self._hasher.hash(password) if self._hasher.check_needs_rehash(user.password_hash) else None
        self.ledger.end_expired_sessions(made_by=now - SESSION_LIFETIME, seen_by=now - SESSION_IDLE)
        secret = secrets.token_urlsafe(SECRET_BYTES)
        self.ledger.open_session(user.id, _secret_hash(secret), at=now, rehashed_password=rehashed)
        return NewSession(secret, user)

    def session_user(self, secret: str) -> StoredUser | None:
        """The user whose session has this secret, while it lasts and the user is active; None otherwise (an
        expired session is deleted)."""
        now = self._clock()
        found = self.ledger.find_session(_secret_hash(secret))
        if found is None:
            return None
        if now - found.created_at >= SESSION_LIFETIME or now - found.last_seen_at >= SESSION_IDLE:
            self.ledger.end_session(_secret_hash(secret))
            return None
        if now - found.last_seen_at >= LAST_USE_PRECISION:
            self.ledger.touch_session(found.id, at=now)
        return found.user

    def log_out(self, secret: str) -> None:
        self.ledger.end_session(_secret_hash(secret))

    # ------------------------------------------------------------------ API tokens

    def create_api_token(self, name: str, label: str | None = None) -> NewApiToken:
        """A new API token of the user `name`; its secret is in the result and nowhere else."""
        user = self.user(name)
        if not user.active:
            raise UserDisabledError(name, self.ledger.name)
        secret = API_TOKEN_PREFIX + secrets.token_urlsafe(SECRET_BYTES)
        return NewApiToken(secret, self.ledger.add_api_token(user.id, _secret_hash(secret), label, at=self._clock()))

    def api_tokens(self, name: str) -> list[StoredApiToken]:
        return self.ledger.api_tokens(self.user(name).id)

    def revoke_api_token(self, token_id: int) -> StoredApiToken:
        revoked = self.ledger.revoke_api_token(token_id, at=self._clock())
        if revoked is None:
            raise UnknownApiTokenError(token_id, self.ledger.name)
        return revoked

    def api_token_user(self, secret: str) -> StoredUser | None:
        """The user of the API token with this secret, unless it is revoked or the user disabled."""
        now = self._clock()
        found = self.ledger.find_api_token(_secret_hash(secret))
        if found is None:
            return None
        if found.last_used_at is None or now - found.last_used_at >= LAST_USE_PRECISION:
            self.ledger.touch_api_token(found.id, at=now)
        return found.user

    # ------------------------------------------------------------------ passwords

    def _verifies(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    @cached_property
    def _stand_in_hash(self) -> str:
        """The hash of no one's password, checked when a log-in names no active user."""
        return self._hasher.hash(secrets.token_urlsafe(SECRET_BYTES))


def _retry_at(attempt: LoginAttempt) -> dt.datetime:
    """When a refused log-in may be tried again: when the oldest of the failures that keep a count at the limit
    leaves the window (the later of the two, when both the name's and the address's counts are at it)."""
    return max(failures[-LOGIN_FAILURE_LIMIT] + LOGIN_FAILURE_WINDOW
               for failures in (attempt.failures_by_username, attempt.failures_by_client)
               if len(failures) >= LOGIN_FAILURE_LIMIT)
