"""The exceptions rhigraph raises on purpose.

One base class so that the CLI can turn any of them into a clear message and a non-zero exit
without a traceback, and so that nothing personal is echoed: messages name files, rows, fields
and reasons, never the values found in them.
"""

from __future__ import annotations

from dataclasses import dataclass


class RhigraphError(Exception):
    """Base of every error rhigraph raises deliberately."""


class InvalidValue(RhigraphError, ValueError):
    """A value could not be cleaned into its property type (a plate, a phone, a date)."""


class ReadError(RhigraphError):
    """A file could not be read as the format it claims to be.

    ``where`` is a row, field or page; ``reason`` says what was expected. Neither carries the
    offending value, because values may be personal data and messages reach logs.
    """

    def __init__(self, path: str, reason: str, where: str | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.where = where
        location = f"{self.path} ({where})" if where else self.path
        super().__init__(f"{location}: {reason}")


class UnsupportedFormat(ReadError):
    """No reader claims the file."""


class StoreError(RhigraphError):
    """The store refused an operation (schema mismatch, unknown label, closed connection)."""


class SchemaError(RhigraphError):
    """A label, relation type or property is not part of the domain model."""


@dataclass(frozen=True)
class Failure:
    """What may be said of an error where it is recorded or shown: rhigraph's own reason and
    where, or only the type of any other error, whose message may quote personal data.

    Plain strings, so a failure crosses from an extraction worker to the writing process
    (an exception may not survive pickling) and reads the same in either.

    >>> Failure.of(ReadError("a.txt", "an empty file"))
    Failure(reason='an empty file', where=None)
    >>> Failure.of(KeyError("Jade Smith")).reason
    'unexpected KeyError while reading; please report'
    """

    reason: str
    where: str | None = None

    @classmethod
    def of(cls, err: BaseException) -> Failure:
        if isinstance(err, RhigraphError):
            return cls(getattr(err, "reason", None) or str(err), getattr(err, "where", None))
        return cls(f"unexpected {type(err).__name__} while reading; please report")
