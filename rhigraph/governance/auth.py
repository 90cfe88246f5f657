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

Commands (:func:`cli_user`) act as the local account ``rhigraph --user NAME`` (or
``RHIGRAPH_USER``) names, with that account's role, or else as :func:`local_operator`
(ADMIN, named after the operating-system account). Naming an account there identifies, it
does not authenticate: whoever runs a command holds the store and governance files, which is
already full access. What the rule buys is need-to-know by default (a command's output and
exports are cut to the role's tier, so an analyst's export does not carry what an analyst may
not see) and an audit log that says who ran what, and from which operating-system account.
"""

from __future__ import annotations

import getpass
import re
from collections.abc import Mapping
from typing import Any

from rhigraph.governance.core import Governance
from rhigraph.governance.roles import AccessDenied, Role
from rhigraph.governance.users import AccountError, User, check_username, valid_username

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


def cli_user(governance: Governance, username: str | None) -> User:
    """The person a command acts as: the enabled local account ``username`` (audited as a
    ``login`` from the command line, with the operating-system account), or, without one,
    :func:`local_operator` as ADMIN. An unknown or disabled account is refused and audited,
    never replaced by a default."""
    if not username:
        return local_operator()
    operator = local_operator().username
    account = governance.users.get(username) if valid_username(username) else None
    if account is None or account.disabled:
        governance.audit.append(username if account else UNKNOWN_USER,
                                account.role.value if account else "-", "login",
                                outcome="denied", query={"source": "cli", "os_account": operator})
        raise AccessDenied("--user (or RHIGRAPH_USER) must name an enabled local account;"
                           " see rhigraph users list")
    governance.audit.append(account.username, account.role.value, "login",
                            query={"source": "cli", "os_account": operator})
    return account


def record_sign_in(governance: Governance, user: User) -> int:
    """Audit a single sign-on (call once per session, after :func:`user_from_oidc_claims`)."""
    return governance.audit.append(user.username, user.role.value, "login",
                                   query={"source": user.source})
