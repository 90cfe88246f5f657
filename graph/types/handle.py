"""Online handles (Snapchat, Instagram, TikTok ...): lower case, without ``@``.

Platforms treat handles case-insensitively, and notes write them as ``@Deano.BL1``,
``sc: deano.bl1`` or ``deano.bl1 (Snapchat)``; all are the key ``deano.bl1``.
"""

from __future__ import annotations

import re

from graph.exc import InvalidValue

PLATFORMS = {
    "snapchat": "snapchat", "sc": "snapchat", "snap": "snapchat",
    "instagram": "instagram", "insta": "instagram", "ig": "instagram",
    "tiktok": "tiktok", "tt": "tiktok", "facebook": "facebook", "fb": "facebook",
    "whatsapp": "whatsapp", "telegram": "telegram", "x": "x", "twitter": "x",
}
_VALID = re.compile(r"^[a-z0-9._\-]{2,40}$")
_PLATFORM_SUFFIX = re.compile(r"\s*\(([^)]*)\)\s*$")
_PLATFORM_PREFIX = re.compile(r"^\s*([A-Za-z]+)\s*:\s*")


def split(value: str) -> tuple[str, str | None]:
    """Return ``(key, platform)`` for a handle as written.

    >>> split("deano.bl1 (Snapchat)")
    ('deano.bl1', 'snapchat')
    >>> split("sc: Deano.BL1")
    ('deano.bl1', 'snapchat')
    """
    platform = None
    text = value.strip()
    suffix = _PLATFORM_SUFFIX.search(text)
    if suffix:
        platform = PLATFORMS.get(suffix.group(1).strip().lower())
        text = text[: suffix.start()]
    prefix = _PLATFORM_PREFIX.match(text)
    if prefix and prefix.group(1).lower() in PLATFORMS:
        platform = PLATFORMS[prefix.group(1).lower()]
        text = text[prefix.end():]
    key = text.strip().lstrip("@").lower()
    if not _VALID.match(key):
        raise InvalidValue("not an online handle")
    return key, platform


def clean(value: str) -> str:
    """Return the handle key, or raise :class:`InvalidValue`.

    >>> clean("@Deano.BL1")
    'deano.bl1'
    """
    return split(value)[0]
