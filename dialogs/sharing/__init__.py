"""What the agent gives out: the full livret's documents, extracts chosen item by item,
the links and e-mails that carry them, and the manager's side of a link."""
