"""Who is asking: the pure pieces the dashboard's login and the commands need.

Three ways in, each ending in a :class:`~rhigraph.governance.users.User` that the service
layer checks on every call:

- **Single sign-on** (production): Streamlit's ``st.login`` against the organisation's OIDC
  provider; :func:`user_from_oidc_claims` turns ``st.user``'s claims into a user, taking the
  role from one claim (``rhigraph_role`` by default) that the identity team sets per person.
  No claim, an unknown role or two different roles: refused, never a default role.
- **Local accounts** (embedded default): :func:`authenticate` checks a username and password
  against the governance file (Argon2id) and audits the attempt.
- **No authentication** (``rhigraph dashboard --no-auth``, for a demo on one's own machine):
  :data:`ANONYMOUS_LOCAL`, which has the PARTNER policy: aggregates and pseudonyms, no
  names, no text. Whoever can reach the port gets this, so it must never be more than what
  a multi-agency partner may see, and the server must listen on localhost only.

Commands run by someone with the store and governance files in hand act as
:func:`local_operator` (ADMIN, named after the operating-system account): file access is
already full access, and the audit log should say which account used it.
"""

from __future__ import annotations

import getpass
import re
from collections.abc import Mapping
from typing import Any

from rhigraph.governance.core import Governance
from rhigraph.governance.roles import AccessDenied, Role
from rhigraph.governance.users import AccountError, User, check_username

ANONYMOUS_LOCAL = User("local:no-auth", Role.PARTNER, source="no-auth")
UNKNOWN_USER = "(unknown)"
_USER_CLAIMS = ("email", "preferred_username", "sub")


def authenticate(governance: Governance, username: str, password: str) -> User | None:
    """The enabled local account with this username and password, or ``None``.

    Both outcomes are audited (``login``, ``ok`` or ``denied``). A refused attempt is
    recorded under the username only when such an account exists: people type passwords
    into the username box, and the audit log must not keep them.
    """
    try:
        check_username(username)
    except AccountError:
        governance.audit.append(UNKNOWN_USER, "-", "login", outcome="denied")
        return None
    user = governance.users.verify(username, password)
    if user is None:
        known = governance.users.get(username)
        governance.audit.append(username if known else UNKNOWN_USER,
                                known.role.value if known else "-", "login",
                                outcome="denied")
        return None
    governance.audit.append(user.username, user.role.value, "login")
    return user


def user_from_oidc_claims(claims: Mapping[str, Any], role_claim: str = "rhigraph_role"
                          ) -> User:
    """The user single sign-on vouches for, with the role its ``role_claim`` names.

    ``claims`` is ``st.user`` (or its ``to_dict()``). The username is the ``email``,
    ``preferred_username`` or ``sub`` claim, in that order. The role claim may be one value
    or a list (identity providers send groups as lists); exactly one rhigraph role must be
    in it.

    >>> user_from_oidc_claims({"email": "a.khan@force.police.uk", "rhigraph_role": "analyst"})
    User(username='a.khan@force.police.uk', role=<Role.ANALYST: 'ANALYST'>, source='oidc', \
disabled=False)
    """
    if claims.get("is_logged_in") is False:
        raise AccessDenied("not signed in")
    username = next((str(claims[c]) for c in _USER_CLAIMS if claims.get(c)), None)
    if not username:
        raise AccessDenied("the identity provider sent no email, preferred_username or sub")
    raw = claims.get(role_claim)
    values = raw if isinstance(raw, list | tuple) else [raw] if raw else []
    roles = {Role(v.strip().upper()) for v in values
             if isinstance(v, str) and v.strip().upper() in Role.__members__}
    if len(roles) != 1:
        raise AccessDenied(f"the sign-in must carry exactly one rhigraph role in the"
                           f" {role_claim!r} claim")
    return User(username, roles.pop(), source="oidc")


def local_operator(role: Role = Role.ADMIN) -> User:
    """The person running a command, as ``local:<os account>``: ADMIN by default, or the
    role a command acts for (an export made for a partner meeting is made as PARTNER, so
    the partner's limits apply and the audit log says so)."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    return User(f"local:{re.sub(r'[^A-Za-z0-9._-]', '_', name)[:48]}", role, source="cli")


def record_sign_in(governance: Governance, user: User) -> int:
    """Audit a single sign-on (call once per session, after :func:`user_from_oidc_claims`)."""
    return governance.audit.append(user.username, user.role.value, "login",
                                   query={"source": user.source})
