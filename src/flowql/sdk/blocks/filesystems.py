"""``LocalFileSystem``: a directory as a block (Prefect 3's ``prefect.filesystems``).

Usable as ``result_storage`` of a flow or task: persisted results go under its
``basepath``.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from flowql.sdk.blocks.core import Block


class LocalFileSystem(Block):
    """Files under ``basepath`` (default: the working directory)."""

    _block_type_name: ClassVar[str | None] = "Local File System"
    _block_schema_capabilities: ClassVar[list[str]] = ["get-directory", "read-path", "write-path"]

    basepath: str | None = None

    def _resolve(self, path: str) -> Path:
        base = Path(self.basepath or ".").expanduser().resolve()
        resolved = (base / path).expanduser().resolve()
        if self.basepath is not None and not resolved.is_relative_to(base):
            raise ValueError(f"path {path!r} is outside the basepath {str(base)!r}")
        return resolved

    def read_path(self, path: str) -> bytes:
        """The contents of the file ``path`` (relative to ``basepath``)."""
        resolved = self._resolve(path)
        if not resolved.is_file():
            raise ValueError(f"path {str(resolved)!r} does not exist or is not a file")
        return resolved.read_bytes()

    def write_path(self, path: str, content: bytes) -> str:
        """Write ``content`` to the file ``path`` (folders made as needed); its path."""
        resolved = self._resolve(path)
        resolved.parent.mkdir(parents=True, exist_ok=True)
        resolved.write_bytes(content)
        return str(resolved)
