"""Agents do not wait for one another: a big proof is checked (0.3 to 0.9 s for a photo of
nearly 60 megapixels) before its turn's transaction, so another agent's turn, which needs
the one writer, goes on meanwhile."""

import asyncio
import io
import time

from PIL import Image

from dialogs import copy
from dialogs.engine import Engine
from tests.chat import EngineChat


def big_photo() -> bytes:
    """59 megapixels, just under the limit: fully decoded by the check."""
    out = io.BytesIO()
    Image.new("L", (7_700, 7_700), 200).save(out, "PNG")
    return out.getvalue()


async def test_another_agent_is_not_held_while_a_big_proof_is_checked(
    engine: Engine, anne: EngineChat
) -> None:
    bruno = EngineChat(engine, "bruno")
    await bruno.onboard("Bruno", "Martin")
    await anne.add_diplome("BTS")
    await anne.tap("maintenant")
    photo = big_photo()
    finished: dict[str, float] = {}

    async def upload() -> None:
        await anne.send_file(photo)
        finished["anne"] = time.perf_counter()

    async def menu() -> None:
        await asyncio.sleep(0.05)  # Anne's turn has begun: her photo is being checked
        await bruno.send("/menu")
        finished["bruno"] = time.perf_counter()

    await asyncio.gather(upload(), menu())
    assert copy.PROOF_ADDED in anne.text
    assert "Choisissez une rubrique" in bruno.text
    assert finished["bruno"] < finished["anne"]
