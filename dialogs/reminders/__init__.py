"""Reminders: the agent's plan, and the dispatcher that sends the due ones."""
