"""Encryption of block secrets at rest: Fernet (AES-128-CBC + HMAC-SHA256) from ``cryptography``.

The key is ``FLOWQL_ENCRYPTION_KEY`` (a urlsafe-base64 Fernet key) or, when that
is unset, the file ``encryption.key`` in ``FLOWQL_HOME``, created on first use
with permissions 0600. Every process that shares a database must use the same
key: a server and the scripts writing to its SQLite file share the home, and
replicas of a PostgreSQL deployment should all be given ``FLOWQL_ENCRYPTION_KEY``.
Each secret value is stored as the Fernet token of its JSON text.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from flowql.core.errors import InvalidInputError
from flowql.settings import Settings

KEY_FILE_NAME = "encryption.key"


class SecretCipher:
    """Encrypts and decrypts JSON values with one Fernet key."""

    def __init__(self, key: bytes | str) -> None:
        self._fernet = Fernet(key)

    def __repr__(self) -> str:
        return "SecretCipher(<key hidden>)"

    def encrypt(self, value: Any) -> str:
        """The Fernet token (text) of ``value``'s JSON."""
        return self._fernet.encrypt(json.dumps(value).encode()).decode()

    def decrypt(self, token: Any) -> Any:
        """The value ``encrypt`` made ``token`` of."""
        try:
            return json.loads(self._fernet.decrypt(str(token).encode()))
        except InvalidToken:
            raise InvalidInputError(
                "a stored secret cannot be decrypted with this encryption key "
                "(was FLOWQL_ENCRYPTION_KEY or the home's encryption.key changed?)"
            ) from None


def cipher_for(settings: Settings) -> SecretCipher:
    """The cipher of ``settings``: its ``encryption_key``, or the home's key file."""
    if settings.encryption_key is not None:
        return SecretCipher(settings.encryption_key.get_secret_value())
    return SecretCipher(key_from_file(settings.home / KEY_FILE_NAME))


def key_from_file(path: Path) -> bytes:
    """The key in ``path``, written there first (0600) if there is none. The new key
    is written to a private temporary file and linked into place, so a process
    racing this one reads either no file or a whole key, and all use the first."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(Fernet.generate_key())
                file.flush()
                os.fsync(file.fileno())
            os.link(temporary, path)
        except FileExistsError:  # another process linked its key first: use theirs
            pass
        finally:
            temporary.unlink(missing_ok=True)
    return path.read_bytes().strip()
