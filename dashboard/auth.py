"""Who is using the dashboard: sign-in before any page runs (issue 10, point 1).

Three ways in, checked in this order on every rerun by :func:`require_user`:

- **No authentication** (``rhigraph dashboard --no-auth`` sets ``RHIGRAPH_NO_AUTH=1``): the
  session is :data:`~rhigraph.governance.ANONYMOUS_LOCAL`, which has the PARTNER policy
  (aggregates and pseudonyms). Allowed only when the server listens on the loopback
  interface; the app checks the address Streamlit was really given, not what the launcher
  meant, and every page shows a banner saying so.
- **Single sign-on** when ``[auth]`` is configured in the Streamlit secrets: ``st.login()``
  against the organisation's OIDC provider; the role comes from one claim
  (``[rhigraph] role_claim`` in the secrets, default ``rhigraph_role``), and a sign-in
  without exactly one rhigraph role is refused, never given a default.
- **Local accounts** otherwise (``rhigraph users add``): a username and password form
  checked by :func:`~rhigraph.governance.authenticate` (Argon2id), every attempt audited.

The person is kept in ``st.session_state`` (server side, per browser tab). A local account
is re-read on every rerun: disabling it or changing its role applies to sessions already
open, and a role change is a new cache key for everything the pages read.
"""

from __future__ import annotations

import os
from typing import Any

import streamlit as st

from dashboard.data import USER
from dashboard.launch import NO_AUTH_ENV, is_loopback
from rhigraph.governance import (
    ANONYMOUS_LOCAL,
    AccessDenied,
    Governance,
    User,
    authenticate,
    record_sign_in,
    user_from_oidc_claims,
)

#: Session-state flag: this session's single sign-on has been written to the audit log.
SSO_AUDITED = "sso_sign_in_audited"
DEFAULT_ROLE_CLAIM = "rhigraph_role"
ROLE_NAMES = {"ANALYST": "Analyst", "RHI_MANAGER": "RHI manager", "PARTNER": "Partner",
              "ADMIN": "Administrator"}


def no_auth_requested() -> bool:
    """Whether the launcher asked for no sign-in."""
    return os.environ.get(NO_AUTH_ENV) == "1"


def _secrets() -> dict[str, Any]:
    """The Streamlit secrets as a plain dict; empty when there is no secrets file."""
    try:
        if not st.secrets.load_if_toml_exists():
            return {}
        return {key: st.secrets[key] for key in st.secrets}
    except Exception:  # noqa: BLE001 - an unreadable secrets file means "not configured"
        return {}


def oidc_configured() -> bool:
    """Whether single sign-on is set up (an ``[auth]`` section in the secrets)."""
    return "auth" in _secrets()


def role_claim() -> str:
    """The claim that carries the rhigraph role (``[rhigraph] role_claim``)."""
    section = _secrets().get("rhigraph") or {}
    return str(section.get("role_claim") or DEFAULT_ROLE_CLAIM)


def require_user(governance: Governance) -> User:
    """The person using this session, after sign-in; draws the sign-in and stops the script
    while there is none."""
    if no_auth_requested():
        address = st.get_option("server.address")
        if not is_loopback(address):
            st.error("This dashboard was started without sign-in but is listening on "
                     f"{address or 'every network interface'}. Without sign-in it may only "
                     "listen on 127.0.0.1, ::1 or localhost; restart it with "
                     "`rhigraph dashboard --no-auth` (which does), or with accounts.")
            st.stop()
        st.session_state[USER] = ANONYMOUS_LOCAL
        return ANONYMOUS_LOCAL
    if oidc_configured():
        return _single_sign_on(governance)
    return _local(governance)


def _single_sign_on(governance: Governance) -> User:
    if not st.user.is_logged_in:
        st.session_state.pop(USER, None)
        st.title("rhigraph")
        st.write("Sign in with your organisation account to continue.")
        st.button("Sign in", type="primary", on_click=st.login)
        st.stop()
    try:
        user = user_from_oidc_claims(st.user.to_dict(), role_claim=role_claim())
    except AccessDenied as err:
        st.error(f"Signed in, but not allowed to use rhigraph: {err}. Ask the identity team "
                 "to give your account one rhigraph role.")
        st.button("Sign out", on_click=st.logout)
        st.stop()
    if not st.session_state.get(SSO_AUDITED):
        record_sign_in(governance, user)
        st.session_state[SSO_AUDITED] = True
    st.session_state[USER] = user
    return user


def _local(governance: Governance) -> User:
    user = st.session_state.get(USER)
    if isinstance(user, User) and user.source == "local":
        current = governance.users.get(user.username)
        if current is not None and not current.disabled:
            if current.role != user.role:
                user = User(user.username, current.role)
                st.session_state[USER] = user
            return user
        st.session_state.pop(USER, None)
        st.warning("Your account has been disabled or removed; you have been signed out.")
    elif user is not None:
        st.session_state.pop(USER, None)  # a no-auth or SSO session left over: sign in again
    _sign_in_form(governance)
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises


def _sign_in_form(governance: Governance) -> None:
    """The username and password form. The form is cleared on submit, so the password is
    not kept in the session; a refusal does not say which of the two was wrong."""
    st.title("rhigraph")
    st.write("Sign in to see the safeguarding graph. Accounts are made by an administrator "
             "with `rhigraph users add`.")
    with st.form("sign_in", clear_on_submit=True):
        username = st.text_input("Username", key="sign_in_username", max_chars=64)
        password = st.text_input("Password", type="password", key="sign_in_password",
                                 max_chars=256)
        submitted = st.form_submit_button("Sign in", type="primary")
    if not submitted:
        return
    user = authenticate(governance, username.strip(), password)
    if user is None:
        st.error("Wrong username or password, or the account is disabled.")
        return
    st.session_state[USER] = user
    st.rerun()


def sign_out() -> None:
    """Forget the person (and everything this session chose), then show sign-in again."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if oidc_configured():
        st.logout()


def describe(user: User) -> str:
    """"a.khan (Analyst)" for the sidebar."""
    return f"{user.username} ({ROLE_NAMES.get(user.role.value, user.role.value)})"


def no_auth_banner() -> None:
    """The warning every page shows when the dashboard runs without sign-in."""
    st.warning("No sign-in: this dashboard runs on this machine only (started with "
               "--no-auth) and shows the partner view: places and counts, children as "
               "pseudonyms, no names or text.")
