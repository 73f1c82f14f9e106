"""Staff sign-in: a password checked against a salted scrypt hash, failing closed.

The clinic stores only the hash (made by `python -m search staff-password`), in the
IOP_SEARCH_STAFF_PASSWORD_HASH environment variable or in Streamlit's secrets as
`staff_password_hash`. With no hash, or one that cannot be read, staff mode is off.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

HASH_ENVIRONMENT_VARIABLE = "IOP_SEARCH_STAFF_PASSWORD_HASH"
SECRETS_KEY = "staff_password_hash"
SCHEME = "scrypt"
# scrypt's cost: about 0.1 s a check here, which makes guessing slow and signing in quick.
# Memory is 128 * n * r bytes (32 MiB), within the maxmem allowed below.
COST_N, BLOCK_SIZE_R, PARALLELISM_P = 2**15, 8, 1
_MAX_MEMORY = 64 * 1024 * 1024
_MAX_COST_N = 2**20  # a hash asking for more would take seconds and gigabytes per sign-in
MIN_PASSWORD_LENGTH = 12


class StaffHashError(ValueError):
    """The configured hash is not one this program made; staff mode stays off."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAX_MEMORY, dklen=32)


def hash_password(password: str, salt: bytes | None = None) -> str:
    """The text to configure: `scrypt$n$r$p$salt$hash`, salt and hash in base64.

    Raises ValueError for a password shorter than MIN_PASSWORD_LENGTH characters.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the staff password must be at least {MIN_PASSWORD_LENGTH} characters long")
    salt = salt if salt is not None else os.urandom(16)
    digest = _scrypt(password, salt, COST_N, BLOCK_SIZE_R, PARALLELISM_P)
    return f"{SCHEME}${COST_N}${BLOCK_SIZE_R}${PARALLELISM_P}${_b64(salt)}${_b64(digest)}"


def _parse(stored: str) -> tuple[bytes, int, int, int, bytes]:
    parts = stored.strip().split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        raise StaffHashError(f"the staff password hash must look like {SCHEME}$n$r$p$salt$hash")
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt, digest = base64.b64decode(parts[4], validate=True), base64.b64decode(parts[5], validate=True)
    except ValueError:
        raise StaffHashError("the staff password hash is damaged; make a new one") from None
    if not (1 < n <= _MAX_COST_N and n & (n - 1) == 0 and 0 < r <= 32 and 0 < p <= 4 and salt and digest):
        raise StaffHashError("the staff password hash has settings this program does not accept; make a new one")
    return salt, n, r, p, digest


def check_hash(stored: str) -> None:
    """Raises StaffHashError if `stored` is not a hash hash_password could have made."""
    _parse(stored)


def verify_password(password: str, stored: str) -> bool:
    """Whether the password matches the stored hash, compared in constant time.

    Raises StaffHashError when the stored hash cannot be read.
    """
    salt, n, r, p, digest = _parse(stored)
    try:
        candidate = _scrypt(password, salt, n, r, p)
    except ValueError:  # settings beyond this machine's memory limit
        raise StaffHashError("the staff password hash asks for more memory than allowed; make a new one") from None
    return hmac.compare_digest(candidate, digest)
