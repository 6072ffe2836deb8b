"""The account and the agent's data rights: "Mon compte", the archive of everything held,
its import, the erasure, and accounts nobody uses any more."""
