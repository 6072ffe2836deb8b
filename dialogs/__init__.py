"""The conversation, transport-free: ``Incoming`` -> engine -> ``Outgoing``.

Flows (onboarding, menu, rubriques and entries), field widgets and the French copy.
"""
