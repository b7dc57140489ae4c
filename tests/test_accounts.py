"""Accounts on real ledger files: passwords, sessions, API tokens, roles, CSRF tokens and the log-in rate limit."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import argon2
import pytest

from claimledger.accounts import (LOGIN_FAILURE_LIMIT, SESSION_IDLE, SESSION_LIFETIME, Accounts, Role, csrf_token,
                                  csrf_token_matches, new_form_key, role_allows)
from claimledger.errors import (InvalidUsernameError, LoginFailedError, LoginRateLimitedError, UnknownApiTokenError,
                                UnknownUserError, UserDisabledError, UserExistsError, WeakPasswordError)
from claimledger.ledger import Ledger

PASSWORD = "correct horse battery staple"


class Clock:
    """The time as a test sets it: accounts read it instead of the system's."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, delta: dt.timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(tmp_path: Path, clock: Clock) -> Accounts:
    with Ledger(tmp_path / "ledger.sqlite") as ledger:
        yield Accounts(ledger, clock=clock)


def rows(db: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


# --------------------------------------------------------------------------- users and passwords


def test_the_stored_password_is_an_argon2id_hash_never_the_password(accounts: Accounts) -> None:
    accounts.add_user("alice", PASSWORD, Role.analyst)
    ((stored,),) = rows(accounts.ledger.path, "SELECT password_hash FROM users")
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert argon2.PasswordHasher().verify(stored, PASSWORD)
    # Nowhere in the file either.
    assert PASSWORD.encode() not in accounts.ledger.path.read_bytes()


def test_the_right_password_opens_a_session_and_a_wrong_one_fails(accounts: Accounts) -> None:
    accounts.add_user("alice", PASSWORD, Role.viewer)
    with pytest.raises(LoginFailedError, match="wrong user name or password"):
        accounts.log_in("alice", PASSWORD + "!", "192.0.2.1")
    session = accounts.log_in("Alice", PASSWORD, "192.0.2.1")  # names compare without case
    assert accounts.session_user(session.secret).name == "alice"
    assert accounts.user("alice").last_login_at == dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    # The ledger holds the secret's SHA-256, not the secret.
    ((token_hash,),) = rows(accounts.ledger.path, "SELECT token_hash FROM sessions")
    assert len(token_hash) == 64 and session.secret not in token_hash
    assert accounts.session_user(token_hash) is None


def test_an_unknown_user_fails_to_log_in_as_a_wrong_password_does(accounts: Accounts) -> None:
    accounts.add_user("alice", PASSWORD, Role.viewer)
    with pytest.raises(LoginFailedError) as unknown:
        accounts.log_in("bob", PASSWORD, "192.0.2.1")
    with pytest.raises(LoginFailedError) as wrong:
        accounts.log_in("alice", "not the password", "192.0.2.1")
    assert str(unknown.value) == str(wrong.value)


def test_a_disabled_user_cannot_log_in_and_their_sessions_and_tokens_stop_working_at_once(accounts: Accounts) -> None:
    accounts.add_user("alice", PASSWORD, Role.admin)
    session = accounts.log_in("alice", PASSWORD, "192.0.2.1")
    token = accounts.create_api_token("alice", "nightly export")
    assert accounts.api_token_user(token.secret).name == "alice"
    disabled = accounts.disable_user("alice")
    assert not disabled.active
    assert accounts.session_user(session.secret) is None
    assert accounts.api_token_user(token.secret) is None
    with pytest.raises(LoginFailedError):
        accounts.log_in("alice", PASSWORD, "192.0.2.1")
    with pytest.raises(UserDisabledError, match="disabled"):
        accounts.create_api_token("alice")
    assert rows(accounts.ledger.path, "SELECT count(*) FROM sessions") == [(0,)]
    assert [t.revoked_at is not None for t in accounts.api_tokens("alice")] == [True]


@pytest.mark.parametrize("name", ["", "-alice", ".alice", "alice smith", "alice/../bob", "ālice", "a" * 65,
                                  "alice\n", "<b>alice</b>"])
def test_a_user_name_outside_the_rule_is_refused(accounts: Accounts, name: str) -> None:
    with pytest.raises(InvalidUsernameError, match="cannot be a user name: use 1 to 64 letters"):
        accounts.add_user(name, PASSWORD, Role.viewer)
    assert accounts.users() == []


@pytest.mark.parametrize(("password", "reason"), [
    ("", "empty"),
    ("short pass", "10 characters long; give one of at least 12"),
    ("x" * 1025, "1,025 characters long; give one of at most 1,024"),
    ("Alice.Example", "the password is the user name"),
])
def test_a_weak_password_is_refused_with_what_would_do(accounts: Accounts, password: str, reason: str) -> None:
    with pytest.raises(WeakPasswordError, match=reason):
        accounts.add_user("alice.example", password, Role.viewer)
    assert accounts.users() == []


def test_a_second_user_of_the_same_name_in_another_case_is_refused(accounts: Accounts) -> None:
    accounts.add_user("alice", PASSWORD, Role.viewer)
    with pytest.raises(UserExistsError, match="already has a user 'ALICE'.*claimledger user list"):
        accounts.add_user("ALICE", PASSWORD, Role.admin)


def test_disabling_an_unknown_user_names_the_command_that_lists_them(accounts: Accounts) -> None:
    with pytest.raises(UnknownUserError, match="no user 'bob'; `claimledger user list --db"):
        accounts.disable_user("bob")


def test_a_hash_of_other_parameters_is_made_again_at_log_in(accounts: Accounts, clock: Clock) -> None:
    cheap = argon2.PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    Accounts(accounts.ledger, hasher=cheap, clock=clock).add_user("alice", PASSWORD, Role.viewer)
    before = accounts.user("alice").password_hash
    assert argon2.extract_parameters(before).memory_cost == 8192
    accounts.log_in("alice", PASSWORD, "192.0.2.1")  # with argon2-cffi's default parameters
    after = accounts.user("alice").password_hash
    assert after != before and not argon2.PasswordHasher().check_needs_rehash(after)
    assert argon2.PasswordHasher().verify(after, PASSWORD)


# --------------------------------------------------------------------------- sessions


def test_a_session_ends_after_an_hour_idle(accounts: Accounts, clock: Clock) -> None:
    accounts.add_user("alice", PASSWORD, Role.viewer)
    session = accounts.log_in("alice", PASSWORD, "192.0.2.1")
    clock.advance(SESSION_IDLE - dt.timedelta(seconds=1))
    assert accounts.session_user(session.secret) is not None  # and its last use is now
    clock.advance(SESSION_IDLE - dt.timedelta(seconds=1))
    assert accounts.session_user(session.secret) is not None
    clock.advance(SESSION_IDLE)
    assert accounts.session_user(session.secret) is None
    assert rows(accounts.ledger.path, "SELECT count(*) FROM sessions") == [(0,)]


def test_a_session_in_use_ends_eight_hours_after_the_log_in(accounts: Accounts, clock: Clock) -> None:
    accounts.add_user("alice", PASSWORD, Role.viewer)
    session = accounts.log_in("alice", PASSWORD, "192.0.2.1")
    used = dt.timedelta(minutes=30)
    while clock.now + used < dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC) + SESSION_LIFETIME:
        clock.advance(used)
        assert accounts.session_user(session.secret) is not None
    clock.advance(used)
    assert accounts.session_user(session.secret) is None


def test_log_out_deletes_the_session(accounts: Accounts) -> None:
    accounts.add_user("alice", PASSWORD, Role.viewer)
    kept = accounts.log_in("alice", PASSWORD, "192.0.2.1")
    ended = accounts.log_in("alice", PASSWORD, "192.0.2.7")
    accounts.log_out(ended.secret)
    assert accounts.session_user(ended.secret) is None
    assert accounts.session_user(kept.secret).name == "alice"
    assert rows(accounts.ledger.path, "SELECT count(*) FROM sessions") == [(1,)]


def test_expired_sessions_are_deleted_at_the_next_log_in(accounts: Accounts, clock: Clock) -> None:
    accounts.add_user("alice", PASSWORD, Role.viewer)
    accounts.log_in("alice", PASSWORD, "192.0.2.1")
    clock.advance(SESSION_IDLE)
    accounts.log_in("alice", PASSWORD, "192.0.2.1")
    assert rows(accounts.ledger.path, "SELECT count(*) FROM sessions") == [(1,)]


# --------------------------------------------------------------------------- the rate limit


def test_the_sixth_failed_log_in_of_a_name_in_fifteen_minutes_is_refused_from_any_address(
        accounts: Accounts, clock: Clock) -> None:
    accounts.add_user("alice", PASSWORD, Role.viewer)
    for attempt in range(LOGIN_FAILURE_LIMIT):
        with pytest.raises(LoginFailedError):
            accounts.log_in("alice", "not the password", f"192.0.2.{attempt}")
        clock.advance(dt.timedelta(minutes=1))
    # Refused before the password is read: the right one is refused too, and says when to try again.
    with pytest.raises(LoginRateLimitedError, match=r"try again after 09:15 UTC \(in 10 minutes\)") as refused:
        accounts.log_in("ALICE", PASSWORD, "198.51.100.9")
    assert refused.value.retry_after == 10 * 60
    clock.advance(dt.timedelta(minutes=10))
    assert accounts.log_in("alice", PASSWORD, "198.51.100.9").user.name == "alice"


def test_the_sixth_failed_log_in_from_an_address_is_refused_whatever_the_name(accounts: Accounts) -> None:
    accounts.add_user("alice", PASSWORD, Role.viewer)
    for name in ("bob", "carol", "dave", "erin", "frank"):
        with pytest.raises(LoginFailedError):
            accounts.log_in(name, PASSWORD, "192.0.2.1")
    with pytest.raises(LoginRateLimitedError):
        accounts.log_in("alice", PASSWORD, "192.0.2.1")
    assert accounts.log_in("alice", PASSWORD, "192.0.2.2").user.name == "alice"


def test_a_log_in_that_succeeds_forgets_the_failures_of_its_name_from_its_address(accounts: Accounts) -> None:
    accounts.add_user("alice", PASSWORD, Role.viewer)
    for _ in range(LOGIN_FAILURE_LIMIT - 2):
        with pytest.raises(LoginFailedError):
            accounts.log_in("alice", "mistyped password", "192.0.2.1")
    with pytest.raises(LoginFailedError):
        accounts.log_in("alice", "mistyped password", "192.0.2.66")
    accounts.log_in("alice", PASSWORD, "192.0.2.1")
    # Only the other address's failure is left.
    assert rows(accounts.ledger.path, "SELECT username, client FROM login_failures") == [("alice", "192.0.2.66")]


def test_failures_counted_by_one_ledger_hold_for_another_on_the_same_file(accounts: Accounts, clock: Clock) -> None:
    accounts.add_user("alice", PASSWORD, Role.viewer)
    for _ in range(LOGIN_FAILURE_LIMIT):
        with pytest.raises(LoginFailedError):
            accounts.log_in("alice", "not the password", "192.0.2.1")
    with Ledger(accounts.ledger.path) as other:
        with pytest.raises(LoginRateLimitedError):
            Accounts(other, clock=clock).log_in("alice", PASSWORD, "192.0.2.2")


# --------------------------------------------------------------------------- API tokens


def test_an_api_token_names_its_user_until_it_is_revoked_and_is_stored_hashed(accounts: Accounts,
                                                                               clock: Clock) -> None:
    accounts.add_user("alice", PASSWORD, Role.analyst)
    made = accounts.create_api_token("alice", "review script")
    assert made.secret.startswith("cl_") and len(made.secret) > 40
    assert made.secret not in str(rows(accounts.ledger.path, "SELECT * FROM api_tokens"))
    clock.advance(dt.timedelta(minutes=5))
    assert accounts.api_token_user(made.secret).role == "analyst"
    assert accounts.api_token_user(made.secret + "x") is None
    (listed,) = accounts.api_tokens("alice")
    assert (listed.id, listed.label, listed.last_used_at) == (made.token.id, "review script", clock.now)
    revoked = accounts.revoke_api_token(made.token.id)
    assert revoked.revoked_at == clock.now
    assert accounts.api_token_user(made.secret) is None
    with pytest.raises(UnknownApiTokenError, match="no API token #99"):
        accounts.revoke_api_token(99)


# --------------------------------------------------------------------------- roles and CSRF


def test_each_role_may_do_what_the_roles_before_it_may_and_no_more() -> None:
    allowed = {(held, needed): role_allows(held.value, needed) for held in Role for needed in Role}
    assert [pair for pair, yes in allowed.items() if yes] == [
        (Role.viewer, Role.viewer), (Role.analyst, Role.viewer), (Role.analyst, Role.analyst),
        (Role.admin, Role.viewer), (Role.admin, Role.analyst), (Role.admin, Role.admin)]
    assert not role_allows("superuser", Role.viewer)  # a role written into the ledger by hand


def test_a_csrf_token_matches_its_own_key_only() -> None:
    key, other = new_form_key(), new_form_key()
    assert key != other and csrf_token(key) != csrf_token(other)
    assert key not in csrf_token(key)
    assert csrf_token_matches(key, csrf_token(key))
    assert not csrf_token_matches(key, csrf_token(other))
    assert not csrf_token_matches(None, csrf_token(key))
    assert not csrf_token_matches(key, None)
    assert not csrf_token_matches(key, "")
    assert not csrf_token_matches(key, "jéton")
