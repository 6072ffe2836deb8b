"""The reminders' screens: the plan ("⏰ Rappels", ``/rappels``), its day and its hour;
``/rappel``, the reminder the agent would get now."""

from functools import partial

from dialogs import copy
from dialogs.reminders import reminders
from dialogs.screens import ButtonHandler, Command, Flow, Nav, Screen, act

# A cadence, a weekday, an hour, the yearly reminder: chosen on any of the three screens.
_choices: dict[str, ButtonHandler] = {
    name: partial(reminders.choose, name=name) for name in ("cad", "wd", "h", "yearly")
}
_back = act(reminders.show)

FLOW = Flow(
    screens=(
        Screen(
            "reminders",
            buttons={
                **_choices,
                "day": act(reminders.ask_day),
                "hour": act(reminders.ask_hour),
            },
        ),
        Screen(
            "reminder_day",
            text=reminders.typed_day,
            buttons={**_choices, "back": _back},
        ),
        Screen(
            "reminder_hour",
            text=reminders.typed_hour,
            buttons={**_choices, "back": _back},
        ),
    ),
    commands=(
        Command("rappels", reminders.show, description=copy.COMMAND_REMINDERS),
        Command("rappel", reminders.preview),
    ),
    navs=(Nav("rem", act(reminders.show)),),
)
