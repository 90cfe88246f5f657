"""Local accounts: username, role, a salted Argon2id password hash, enabled or not.

Why Argon2id through ``argon2-cffi``: it is the password-hashing winner recommended by OWASP
and RFC 9106, each hash carries its own random salt and cost parameters (so two users with
the same password get different hashes, and costs can rise later: :meth:`UserStore.verify`
re-hashes on login when the parameters have changed), and verification is constant-time.
Passwords are never stored, logged, audited, or put in an error message.

Accounts are disabled, not deleted: the audit log names them, and a name that comes back
must not inherit another person's history.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from graph.exc import RhigraphError
from rhigraph.governance.db import GovernanceDB, now
from rhigraph.governance.roles import Role

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 12
_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}")
_HASHER = PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified against when the account does not exist, so that a wrong username takes as
    long as a wrong password and the timing does not tell which usernames exist. Made on
    first use, not at import, so that commands which never log anyone in start fast."""
    return _HASHER.hash("not a password of any account")


class AccountError(RhigraphError):
    """An account could not be created or changed (the message never holds the password)."""


@dataclass(frozen=True)
class User:
    """Someone acting through the service layer.

    ``source`` says how they were identified: ``local`` (an account here), ``oidc`` (single
    sign-on), ``cli`` (the operating-system account running a command) or ``no-auth`` (the
    dashboard started with ``--no-auth``).
    """

    username: str
    role: Role
    source: str = "local"
    disabled: bool = False


def valid_username(value: str) -> bool:
    """Whether ``value`` has the shape of a username (see :func:`check_username`)."""
    return bool(_USERNAME.fullmatch(value or ""))


def check_username(username: str) -> str:
    """``username`` if it is 1-64 letters, digits and ``. _ @ + -``, else :class:`AccountError`.

    Kept narrow because usernames reach the audit log, tables and the terminal.
    """
    if not valid_username(username):
        raise AccountError("username must be 1-64 letters, digits or . _ @ + - and start with"
                           " a letter or digit")
    return username


def check_password(password: str) -> str:
    """``password`` if it is long enough; the message says the rule, never the value."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(f"password must be at least {MIN_PASSWORD_LENGTH} characters"
                           " (three random words are easy to remember)")
    return password


class UserStore:
    """Accounts in the governance file."""

    def __init__(self, db: GovernanceDB) -> None:
        self.db = db

    def add(self, username: str, role: Role, password: str) -> User:
        """Create an enabled account; refuses an existing username."""
        check_username(username)
        check_password(password)
        hashed = _HASHER.hash(password)
        stamp = now()
        with self.db.transaction() as conn:
            if conn.execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone():
                raise AccountError("an account with that username already exists")
            conn.execute("INSERT INTO users (username, role, password_hash, disabled,"
                         " created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)",
                         (username, role.value, hashed, stamp, stamp))
        return User(username, role)

    def get(self, username: str) -> User | None:
        """The account ``username``, enabled or not, or ``None``."""
        rows = self.db.read("SELECT username, role, disabled FROM users WHERE username = ?",
                            (username,))
        if not rows:
            return None
        row = rows[0]
        return User(row["username"], Role(row["role"]), "local", bool(row["disabled"]))

    def accounts(self) -> list[dict[str, object]]:
        """Every account without its hash, by username."""
        rows = self.db.read("SELECT username, role, disabled, created_at, updated_at"
                            " FROM users ORDER BY username")
        return [{**dict(r), "disabled": bool(r["disabled"])} for r in rows]

    def set_role(self, username: str, role: Role) -> None:
        """Change an account's role; it applies from the account's next service call."""
        self._update(username, "UPDATE users SET role = ?, updated_at = ? WHERE username = ?",
                     (role.value, now(), username))

    def disable(self, username: str) -> None:
        """Stop an account from logging in or using a session it already has."""
        self._update(username,
                     "UPDATE users SET disabled = 1, updated_at = ? WHERE username = ?",
                     (now(), username))

    def set_password(self, username: str, password: str) -> None:
        """Replace an account's password."""
        check_password(password)
        self._update(username,
                     "UPDATE users SET password_hash = ?, updated_at = ? WHERE username = ?",
                     (_HASHER.hash(password), now(), username))

    def _update(self, username: str, sql: str, params: tuple[object, ...]) -> None:
        with self.db.transaction() as conn:
            if conn.execute(sql, params).rowcount != 1:
                raise AccountError("no account with that username")

    def verify(self, username: str, password: str) -> User | None:
        """The enabled account whose password this is, or ``None``.

        A missing account, a disabled one and a wrong password all give ``None`` after the
        same amount of work.
        """
        rows = self.db.read("SELECT role, password_hash, disabled FROM users"
                            " WHERE username = ?", (username,))
        stored = rows[0]["password_hash"] if rows else _dummy_hash()
        try:
            _HASHER.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            log.info("login refused")
            return None
        if not rows or rows[0]["disabled"]:
            log.info("login refused")
            return None
        if _HASHER.check_needs_rehash(stored):
            self._update(username,
                         "UPDATE users SET password_hash = ?, updated_at = ? WHERE username = ?",
                         (_HASHER.hash(password), now(), username))
        return User(username, Role(rows[0]["role"]))
