"""SQLite storage through aiosqlite: connection, migrations, repositories.

Takes and returns livret models; knows nothing of conversations.
"""

from storage.accounts import Account, Channel, EmailCode
from storage.db import Database, NewerSchemaError
from storage.proofs import Proof
from storage.reminders import Reminder
from storage.repository import DialogRecord, StoredEntry, Tx
from storage.shares import Share
from storage.transfer import Restored, RestoreError

__all__ = [
    "Account",
    "Channel",
    "Database",
    "DialogRecord",
    "EmailCode",
    "NewerSchemaError",
    "Proof",
    "Reminder",
    "RestoreError",
    "Restored",
    "Share",
    "StoredEntry",
    "Tx",
]
