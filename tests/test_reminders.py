"""Reminders: the schedule (cadence, day and hour in Paris, summer time), the plan chosen in
the chat, the reminder itself, and the dispatcher on a clock the test moves (once per due
time, pause after three ignored, stop when blocked, a crash during a send)."""

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta

from dialogs import copy
from dialogs.engine import Engine
from dialogs.messages import Outgoing
from dialogs.reminders import reminders
from livret.catalogue import CATALOGUE
from livret.entries import Diplome
from livret.schedule import DAY_END, DAY_START, WORKING_DAYS, Cadence, Plan, next_due, yearly_due
from storage import Channel, Database
from tests.chat import Clock, EngineChat

# Saturday 28 November 2026, 9:00 UTC (10:00 in Paris): the conftest clock's start.
START = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


# ---- the schedule ------------------------------------------------------------------------------


def test_weekly_on_tuesday_at_ten_in_paris() -> None:
    assert next_due(Plan(), START) == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_summer_time_keeps_the_hour_in_paris() -> None:
    before = datetime(2027, 3, 23, 9, 0, tzinfo=UTC)  # Tuesday 10h, winter time (UTC+1)
    after = next_due(Plan(), before, previous=before)
    assert after == datetime(2027, 3, 30, 8, 0, tzinfo=UTC)  # 10h, summer time (UTC+2)
    back = next_due(
        Plan(), datetime(2027, 10, 26, 8, 0, tzinfo=UTC), datetime(2027, 10, 26, 8, 0, tzinfo=UTC)
    )
    assert back == datetime(2027, 11, 2, 9, 0, tzinfo=UTC)


def test_cadences_step_from_the_previous_reminder() -> None:
    due = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert next_due(Plan(Cadence.BIWEEKLY), due, due) == due + timedelta(days=14)
    assert next_due(Plan(Cadence.MONTHLY), due, due) == due + timedelta(days=28)
    assert next_due(Plan(Cadence.NEVER), due, due) is None
    assert yearly_due(Plan(), due) == due + timedelta(days=364)


def test_the_default_plan_is_within_working_days_and_hours() -> None:
    default = Plan()
    assert default.weekday in WORKING_DAYS and DAY_START <= default.hour < DAY_END


# ---- the plan, in the chat ---------------------------------------------------------------------


async def test_activation_plans_a_weekly_reminder(anne: EngineChat) -> None:
    await anne.send("/rappels")
    assert "Rappel chaque semaine, le mardi à 10h (heure de Paris)." in anne.text
    assert "Prochain rappel : mardi 01/12 à 10h." in anne.text
    assert "✅ Chaque semaine" in anne.labels


async def test_the_agent_picks_cadence_day_and_hour(anne: EngineChat) -> None:
    await anne.tap(copy.MENU_REMINDERS)
    await anne.tap("Toutes les deux semaines")
    assert copy.REMINDERS_SET in anne.text
    await anne.tap(copy.REMINDERS_DAY)
    # Weekends are offered, but only taken when chosen.
    await anne.tap("Samedi")
    await anne.tap(copy.REMINDERS_HOUR)
    await anne.tap("21h")
    assert "Rappel toutes les deux semaines, le samedi à 21h (heure de Paris)." in anne.text
    assert "Prochain rappel : samedi 28/11 à 21h." in anne.text
    await anne.tap("Jamais")
    assert copy.REMINDERS_OFF in anne.text
    assert copy.REMINDERS_DAY not in anne.labels


async def test_an_old_plan_button_is_stale(anne: EngineChat) -> None:
    await anne.send("/rappels")
    old = anne.screen
    await anne.tap("Chaque mois", old)
    await anne.tap("Jamais", old)
    assert anne.text == copy.STALE_BUTTON


# ---- the reminder ------------------------------------------------------------------------------


async def test_the_reminder_names_the_next_rubrique_and_opens_it(anne: EngineChat) -> None:
    await anne.send("/rappel")
    assert "Progression : ▓░░░░░░░░░ 1/12 rubriques" in anne.text
    assert "Prochaine étape : Diplômes et titres." in anne.text
    await anne.tap("✏️ Remplir « Diplômes et titres »")
    assert "Diplômes et titres" in anne.text and "Ajouter un diplôme" in " ".join(anne.labels)


async def test_the_reminder_offers_the_unfinished_entry(anne: EngineChat) -> None:
    await anne.tap("Diplômes et titres")
    await anne.tap("Ajouter un diplôme")
    await anne.send("BTS")
    await anne.send("/menu")
    await anne.send("/rappel")
    assert "Vous aviez commencé à saisir un diplôme" in anne.text
    await anne.tap("▶ Reprendre la saisie : un diplôme")
    assert "(2/2) Quand l'avez-vous obtenu ?" in anne.text


# ---- the dispatcher ------------------------------------------------------------------------------


class Phone:
    """The transport's side: what was sent, and how Telegram answered."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, Outgoing]] = []
        self.answer = reminders.SENT

    async def send(self, channel: Channel, out: Outgoing) -> str:
        if self.answer == "crash":
            raise RuntimeError("the process died during the send")
        self.sent.append((channel.chat_id, out))
        return self.answer


async def dispatch(db: Database, phone: Phone) -> reminders.Dispatched:
    return await reminders.dispatch(db, phone.send, "test")


async def test_a_number_typed_after_a_reminder_picks_its_button(
    db: Database, clock: Clock, anne: EngineChat
) -> None:
    phone = Phone()
    await anne.send("/menu")
    clock.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert (await dispatch(db, phone)).sent == 1
    # The reminder is the newest message on the phone: "1" is its only button, not the menu's.
    await anne.send("1")
    assert "Diplômes et titres" in anne.text and "Ajouter un diplôme" in " ".join(anne.labels)


async def test_a_reminder_goes_once_when_due(db: Database, clock: Clock, anne: EngineChat) -> None:
    phone = Phone()
    assert (await dispatch(db, phone)).sent == 0
    clock.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert (await dispatch(db, phone)).sent == 1
    assert (await dispatch(db, phone)).sent == 0
    [(chat, out)] = phone.sent
    assert chat == "anne"
    assert "Prochaine étape : Diplômes et titres." in out.text
    assert out.button_labels() == ["✏️ Remplir « Diplômes et titres »"]
    await anne.send("/rappels")
    assert "Prochain rappel : mardi 08/12 à 10h." in anne.text


async def test_three_ignored_reminders_pause_them(
    db: Database, clock: Clock, anne: EngineChat
) -> None:
    phone = Phone()
    for week in range(5):
        clock.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC) + timedelta(weeks=week)
        await dispatch(db, phone)
    texts = [out.text for _, out in phone.sent]
    assert len(texts) == 4
    assert texts[-1] == copy.REMINDERS_PAUSED
    await anne.send("/rappels")
    assert copy.REMINDERS_STOPPED["paused"] in anne.text
    await anne.tap("✅ Chaque semaine")
    assert "Prochain rappel" in anne.text


async def test_coming_back_resets_the_count(db: Database, clock: Clock, anne: EngineChat) -> None:
    phone = Phone()
    for week in range(6):
        clock.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC) + timedelta(weeks=week)
        await dispatch(db, phone)
        clock.advance(hours=2)
        await anne.send("/menu")  # she comes back after each one
    assert copy.REMINDERS_PAUSED not in [out.text for _, out in phone.sent]
    assert len(phone.sent) == 6


async def test_a_blocked_bot_turns_reminders_off(
    db: Database, clock: Clock, anne: EngineChat
) -> None:
    phone = Phone()
    phone.answer = reminders.BLOCKED
    clock.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert (await dispatch(db, phone)).blocked == 1
    clock.advance(weeks=1)
    phone.answer = reminders.SENT
    assert (await dispatch(db, phone)).sent == 0
    await anne.send("/rappels")
    assert copy.REMINDERS_STOPPED["blocked"] in anne.text


async def test_a_crash_during_a_send_never_sends_it_twice(
    db: Database, clock: Clock, anne: EngineChat
) -> None:
    phone = Phone()
    phone.answer = "crash"
    clock.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    with contextlib.suppress(RuntimeError):
        await dispatch(db, phone)
    # The process restarts: that due time was attempted, so it is not sent again.
    phone.answer = reminders.SENT
    assert (await dispatch(db, phone)).skipped == 1
    assert phone.sent == []
    # The next week's goes as planned.
    clock.advance(weeks=1)
    assert (await dispatch(db, phone)).sent == 1


async def complete(db: Database) -> None:
    async with db.transaction() as tx:
        agent = await tx.find_agent("test", "anne")
        assert agent is not None
        await tx.add_entry(
            agent, "diplomes", Diplome.model_validate({"intitule": "BTS", "date_obtention": "2010"})
        )
        # Every other rubrique declined: the livret counts as complete.
        for rub in CATALOGUE[2:]:
            await tx.set_not_concerned(agent, rub.code, True)


async def test_reminders_stop_when_the_livret_is_complete(
    db: Database, clock: Clock, anne: EngineChat
) -> None:
    await complete(db)
    await anne.send("/rappel")
    assert anne.text == copy.REMINDER_COMPLETE
    phone = Phone()
    clock.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    await dispatch(db, phone)
    assert phone.sent == []
    await anne.send("/rappels")
    assert copy.REMINDERS_COMPLETE in anne.text
    # Incomplete again: the reminders come back at the next slot.
    async with db.transaction() as tx:
        agent = await tx.find_agent("test", "anne")
        assert agent is not None
        await tx.set_not_concerned(agent, "projet", False)
    clock.advance(weeks=1)
    await dispatch(db, phone)
    [(_, out)] = phone.sent
    assert "Prochaine étape : Projet professionnel." in out.text


async def test_a_complete_livret_may_get_a_yearly_reminder(
    db: Database, clock: Clock, anne: EngineChat
) -> None:
    await anne.send("/rappels")
    await anne.tap(copy.REMINDERS_YEARLY_OFF)
    assert copy.REMINDERS_YEARLY_ON in anne.labels
    phone = Phone()
    clock.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    await dispatch(db, phone)  # a first reminder, the livret not complete yet
    await complete(db)
    clock.advance(weeks=1)
    await dispatch(db, phone)
    # Complete: nothing for a year, then "pensez à mettre à jour".
    assert len(phone.sent) == 1
    await anne.send("/rappels")
    assert copy.REMINDERS_COMPLETE_YEARLY in anne.text
    clock.now = datetime(2027, 12, 7, 9, 0, tzinfo=UTC)
    await dispatch(db, phone)
    assert [out.text for _, out in phone.sent][-1] == copy.REMINDER_YEARLY


async def test_overlapping_dispatchers_send_once(
    db: Database, clock: Clock, anne: EngineChat
) -> None:
    phone = Phone()
    clock.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    await asyncio.gather(dispatch(db, phone), dispatch(db, phone))
    assert len(phone.sent) == 1


async def test_a_plan_changed_after_a_reminder_waits_a_whole_step(
    db: Database, clock: Clock, anne: EngineChat
) -> None:
    phone = Phone()
    clock.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    await dispatch(db, phone)
    clock.advance(minutes=5)
    await anne.send("/rappels")
    await anne.tap(copy.REMINDERS_HOUR)
    await anne.tap("14h")
    assert "Prochain rappel : mardi 08/12 à 14h." in anne.text


async def test_a_reminder_overdue_after_a_downtime_waits_for_its_next_slot(
    db: Database, clock: Clock, anne: EngineChat
) -> None:
    phone = Phone()
    # Due Tuesday 10h; the server comes back on Saturday night.
    clock.now = datetime(2026, 12, 5, 22, 30, tzinfo=UTC)
    assert (await dispatch(db, phone)).skipped == 1
    assert phone.sent == []
    await anne.send("/rappels")
    assert "Prochain rappel : mardi 08/12 à 10h." in anne.text


async def test_failed_sends_are_not_counted_as_ignored(
    db: Database, clock: Clock, anne: EngineChat
) -> None:
    phone = Phone()
    for week in range(6):
        clock.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC) + timedelta(weeks=week)
        phone.answer = reminders.SENT if week in (0, 5) else reminders.FAILED
        await dispatch(db, phone)
    # Delivered: weeks 0 and 5 only; the four failures in between count as nothing.
    assert copy.REMINDERS_PAUSED not in [out.text for _, out in phone.sent]


async def test_reminders_go_only_to_agents_the_transport_reaches(
    engine: Engine, db: Database, clock: Clock, anne: EngineChat
) -> None:
    phone = Phone()
    clock.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    done = await reminders.dispatch(db, phone.send, "telegram")
    assert done.skipped == 1 and phone.sent == []
