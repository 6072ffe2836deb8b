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
    Migration(
        2,
        "account activation: privacy, verified e-mail, identifiant, collectivité",
        """
        -- Set once each activation step is done; activated_at when all of them are.
        -- The e-mail is set only once verified: a typed address waits in email_codes.
        ALTER TABLE agents ADD COLUMN privacy_accepted_at TEXT;
        ALTER TABLE agents ADD COLUMN email TEXT;
        ALTER TABLE agents ADD COLUMN identifiant TEXT;
        ALTER TABLE agents ADD COLUMN collectivite TEXT;
        ALTER TABLE agents ADD COLUMN activated_at TEXT;
        -- One livret per verified address: proving it again is how a livret is recovered.
        CREATE UNIQUE INDEX agents_email ON agents(email) WHERE email IS NOT NULL;
        CREATE UNIQUE INDEX agents_identifiant ON agents(identifiant)
            WHERE identifiant IS NOT NULL;
        -- The registry an administrator imports; a row is updated, never deleted, so an
        -- agent's collectivité always resolves.
        CREATE TABLE collectivites (
            code TEXT PRIMARY KEY,
            nom TEXT NOT NULL,
            type TEXT NOT NULL,
            departement TEXT NOT NULL,
            delegation_regionale TEXT NOT NULL,
            imported_at TEXT NOT NULL
        );
        -- Every code sent, kept as the history of verifications: the latest row of an agent
        -- is the code in force. Only a salted hash of the code is stored.
        CREATE TABLE email_codes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
            email TEXT NOT NULL,
            code_hash TEXT NOT NULL,
            sent_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            tries INTEGER NOT NULL DEFAULT 0,
            verified_at TEXT,
            -- The e-mail could not be sent: the code is void and the send does not count.
            failed INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX email_codes_agent ON email_codes(agent_id, id);
        """,
    ),
    Migration(
        3,
        "shares: extracts sent to a manager, and their openings; codes by address",
        """
        -- A share keeps a snapshot of what the agent previewed: later edits do not reach it.
        -- Only a hash of a link's token is kept; a 'chat' share (the extract sent to the
        -- agent themself) has none.
        CREATE TABLE shares (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            token_hash TEXT UNIQUE,
            recipient TEXT,
            note TEXT,
            snapshot TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT,
            revoked_at TEXT,
            notify INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX shares_agent ON shares(agent_id, id);
        -- Every opening of a link: when, and by which account.
        CREATE TABLE share_openings (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            share_id INTEGER NOT NULL REFERENCES shares(id) ON DELETE CASCADE,
            opened_at TEXT NOT NULL,
            channel TEXT NOT NULL,
            external_id TEXT NOT NULL,
            -- How the transport named the person who opened it (Telegram: name, @username).
            opener TEXT NOT NULL DEFAULT '',
            -- The transport's update: a redelivered one is not a second opening.
            update_key TEXT UNIQUE
        );
        CREATE INDEX share_openings_share ON share_openings(share_id, id);
        -- Codes sent to one address in the last hour, whatever the account.
        CREATE INDEX email_codes_email ON email_codes(email, sent_at);
        """,
    ),
    Migration(
        4,
        "reminders: each agent's plan and the next one due",
        """
        CREATE TABLE reminders (
            agent_id INTEGER PRIMARY KEY REFERENCES agents(id) ON DELETE CASCADE,
            cadence TEXT NOT NULL,
            weekday INTEGER NOT NULL,
            hour INTEGER NOT NULL,
            -- Once the livret is complete: one a year (1), or none (0).
            yearly INTEGER NOT NULL DEFAULT 0,
            -- When the next one is due (UTC); NULL: none planned (never, paused, blocked).
            next_due TEXT,
            -- Reminders sent in a row that the agent did not come back after.
            ignored INTEGER NOT NULL DEFAULT 0,
            last_sent_at TEXT,
            -- Why they stopped: 'paused' (ignored), 'blocked' (bot blocked), 'complete'.
            stopped TEXT,
            stopped_at TEXT,
            -- The due time whose sending was attempted: never attempted twice, so a crash
            -- during a send can lose that reminder but never repeat it.
            attempted_due TEXT
        );
        -- The dispatcher reads only what is due: its cost grows with that, not with agents.
        CREATE INDEX reminders_due ON reminders(next_due) WHERE next_due IS NOT NULL;
        """,
    ),
    Migration(
        5,
        "proofs: photos and PDFs attached to entries",
        """
        -- The file lives under the data folder with a random name (``path``); a row goes
        -- with its entry. ``digest`` tells a file sent twice.
        CREATE TABLE proofs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
            entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            path TEXT NOT NULL,
            size INTEGER NOT NULL,
            digest TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX proofs_entry ON proofs(agent_id, entry_id, id);
        """,
    ),
    Migration(
        6,
        "erasures: how many accounts were erased each day, and nothing else",
        """
        CREATE TABLE erasures (
            day TEXT PRIMARY KEY,
            count INTEGER NOT NULL
        );
        """,
    ),
    Migration(
        7,
        "inactive accounts: when the agent was warned of the coming erasure",
        """
        -- Set when an account unused for years is warned; any turn after it keeps the
        -- account (the warning is then forgotten), none erases it after the notice period.
        ALTER TABLE agents ADD COLUMN inactivity_warned_at TEXT;
        """,
    ),
    Migration(
        8,
        "inactive accounts: warnings that did not arrive",
        """
        -- A warning that reached nobody is given again a day later, a few times; then it
        -- stands (the account goes after the notice), so that no account is kept forever
        -- and no agent gets the same warning every hour.
        ALTER TABLE agents ADD COLUMN inactivity_tries INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE agents ADD COLUMN inactivity_tried_at TEXT;
        """,
    ),
    Migration(
        9,
        "files left to remove after a deletion; the outcome of an e-mail share",
        """
        -- Written in the deletion's transaction, removed once the files are gone: a crash
        -- in between is finished at the next start. ``place`` is 'proofs' or 'files' (a
        -- path under that folder) or 'mail' (the address whose kept e-mails go).
        CREATE TABLE removals (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            place TEXT NOT NULL,
            target TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        -- An e-mail share: 'pending' until its e-mail went ('sent') or could not ('failed').
        -- Those made before this column are taken as sent, as they were shown.
        ALTER TABLE shares ADD COLUMN mail_state TEXT;
        UPDATE shares SET mail_state = 'sent' WHERE kind = 'email';
        """,
    ),
    Migration(
        10,
        "entries: the order the agent chose for a rubrique",
        """
        -- NULL: listed by its date (most recent first), as every entry before this.
        ALTER TABLE entries ADD COLUMN position INTEGER;
        """,
    ),
)


def latest_version() -> int:
    return MIGRATIONS[-1].version
