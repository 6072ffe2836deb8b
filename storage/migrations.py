"""Numbered schema migrations, applied in order at start, each in its own transaction.

Append only: a released migration is never edited; a change is a new number.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "agents, entries, dialog state",
        """
        -- AUTOINCREMENT: an id is never given again, so an old button naming a
        -- deleted entry can never open another one.
        CREATE TABLE agents (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL
        );
        -- How a transport knows the agent: ('telegram', user id), ('terminal', name).
        CREATE TABLE agent_channels (
            channel TEXT NOT NULL,
            external_id TEXT NOT NULL,
            agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
            chat_id TEXT,
            PRIMARY KEY (channel, external_id)
        );
        CREATE INDEX agent_channels_agent ON agent_channels(agent_id);
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
            rubrique TEXT NOT NULL,
            data TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX entries_agent_rubrique ON entries(agent_id, rubrique, id);
        CREATE TABLE rubrique_status (
            agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
            rubrique TEXT NOT NULL,
            not_concerned INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (agent_id, rubrique)
        );
        -- One row per agent, written once per turn: the state, the ids of the last
        -- updates handled (a redelivered one changes nothing), and when (last activity).
        CREATE TABLE dialog_state (
            agent_id INTEGER PRIMARY KEY REFERENCES agents(id) ON DELETE CASCADE,
            state TEXT NOT NULL,
            recent_updates TEXT NOT NULL DEFAULT '[]',
            updated_at TEXT NOT NULL
        );
        """,
    ),
)


def latest_version() -> int:
    return MIGRATIONS[-1].version
