"""Transports and the composition root: Telegram (PTB), the terminal chat, the ``livret``
command, configuration. The only package that imports ``telegram``."""
