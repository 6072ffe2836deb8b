"""Every flow the assistant runs, in one registry: the engine routes by it. A new flow is
a package of its own under ``dialogs/`` whose ``screens.py`` declares a ``Flow``, and one
line here."""

from dialogs.account.screens import FLOW as ACCOUNT
from dialogs.activation.screens import FLOW as ACTIVATION
from dialogs.home.screens import FLOW as HOME
from dialogs.reminders.screens import FLOW as REMINDERS
from dialogs.rubriques.screens import FLOW as RUBRIQUES
from dialogs.screens import Registry
from dialogs.sharing.screens import FLOW as SHARING

# In this order: the commands a transport lists come in it.
REGISTRY = Registry([ACTIVATION, HOME, RUBRIQUES, SHARING, REMINDERS, ACCOUNT])
