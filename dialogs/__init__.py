"""The conversation, transport-free: ``Incoming`` -> engine -> ``Outgoing``.

The core sits here (the engine, the declarations it routes by, the turn, the state, the
messages, the field widgets, the French copy); each flow is a package beside it
(activation, home, rubriques, sharing, account, reminders) whose ``screens.py`` declares
its screens, and ``flows.py`` lists them.
"""
