"""The rubriques: their lists, the entries' cards, the questions that write an entry, and
the proofs attached to it."""
