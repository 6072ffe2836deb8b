"""SQLite storage through aiosqlite: connection, migrations, repositories.

Takes and returns livret models; knows nothing of conversations.
"""

from storage.db import Database, NewerSchemaError
from storage.repository import DialogRecord, StoredEntry, Tx

__all__ = ["Database", "DialogRecord", "NewerSchemaError", "StoredEntry", "Tx"]
