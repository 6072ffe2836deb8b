"""Activation's screens: the welcome and privacy notice, the professional e-mail and its
code, the employer (also how an activated agent changes either), ``/start``, and
the gate that takes an agent not yet activated to the step they lack."""

from functools import partial

from dialogs import copy
from dialogs.account import account
from dialogs.activation import collectivite_step, email_step, onboarding
from dialogs.screens import Command, Flow, Screen, act
from dialogs.turn import Turn
from livret.text import fold


def _step_help(text: str) -> str:
    return f"{text}\n\n{copy.HINT_COMMANDS}"


# Only an activated agent reaches these steps with /annuler open: changing a detail.
_kept = partial(account.show, intro=copy.ACCOUNT_CHANGE_CANCELLED)


async def _back(t: Turn, arg: str) -> bool:
    """An activated agent changing a detail goes back to their account."""
    if not t.activated:
        return False
    await account.show(t)
    return True


async def _privacy_again(t: Turn) -> None:
    onboarding.show_privacy(t, intro=copy.PRIVACY_FIRST, short=True)


async def _typed_employer(t: Turn) -> None:
    if not t.activated and fold(t.incoming.text).strip(" .!") in collectivite_step.DONT_KNOW:
        await onboarding.without_collectivite(t)
    else:
        await collectivite_step.typed(t)


async def _gate(t: Turn) -> None:
    await onboarding.next_step(t, copy.ONBOARDING_FIRST)


FLOW = Flow(
    screens=(
        # Where a new agent starts; opened by name, it shows the step they lack.
        Screen("onboarding", show=onboarding.next_step),
        Screen(
            "privacy",
            help=_step_help(copy.HELP_PRIVACY),
            cancel=_kept,
            text=_privacy_again,
            file=_privacy_again,
            other=_privacy_again,
            buttons={"accept": act(onboarding.accept)},
            before_activation=True,
            activation_only=True,
        ),
        Screen(
            "email",
            help=_step_help(copy.HELP_EMAIL),
            cancel=_kept,
            text=email_step.typed_email,
            buttons={"back": _back},
            before_activation=True,
        ),
        Screen(
            "code",
            help=_step_help(copy.HELP_CODE),
            cancel=_kept,
            text=email_step.typed_code,
            buttons={
                "resend": act(email_step.resend),
                "newmail": act(email_step.ask),
                "back": _back,
            },
            before_activation=True,
        ),
        Screen(
            "collectivite",
            help=_step_help(copy.HELP_COLLECTIVITE),
            cancel=_kept,
            text=_typed_employer,
            buttons={
                "usehint": act(collectivite_step.use_hint),
                "unknown": act(onboarding.without_collectivite),
                "pick": collectivite_step.pick,
                "other": act(collectivite_step.other),
                "back": _back,
            },
            before_activation=True,
        ),
    ),
    commands=(Command("start", onboarding.start, before_activation=True),),
    first="onboarding",
    gate=_gate,
)
