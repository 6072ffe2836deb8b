"""The house rules of docs/architecture.md, checked on the source: who may import what, and the
settings documented in ``.env.example``."""

import ast
import re
from pathlib import Path

import pytest

from bot.config import Settings

ROOT = Path(__file__).resolve().parent.parent
OURS = ("livret", "storage", "dialogs", "documents", "bot")
# bot -> dialogs -> {documents, storage} -> livret: what each package may import of ours.
ALLOWED: dict[str, set[str]] = {
    "livret": set(),
    "storage": {"livret"},
    "documents": {"livret"},
    "dialogs": {"documents", "storage", "livret"},
    "bot": {"dialogs", "documents", "storage", "livret"},
}


def python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def imported(path: Path) -> set[str]:
    """The top-level names of every absolute import in a module (nested ones included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_packages_have_modules() -> None:
    # Guards the tests below against scanning nothing.
    for package in ("livret", "storage", "dialogs", "bot"):
        assert python_files(package), f"no module in {package}/"


def test_telegram_is_imported_only_in_bot() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for package in ("livret", "storage", "dialogs", "documents")
        for path in python_files(package)
        if "telegram" in imported(path)
    ]
    assert offenders == [], f"only bot/ may import telegram: {offenders}"


def test_the_bot_does_use_telegram() -> None:
    # The rule above would pass trivially if the scan could not see an import at all.
    assert any("telegram" in imported(path) for path in python_files("bot"))


def test_livret_imports_nothing_of_ours() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported(path) & {*OURS, "tests"} - {"livret"})
        for path in python_files("livret")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


@pytest.mark.parametrize("package", list(ALLOWED))
def test_imports_point_one_way(package: str) -> None:
    forbidden = set(OURS) - ALLOWED[package] - {package}
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported(path) & (forbidden | {"tests"}))
        for path in python_files(package)
    }
    assert {k: v for k, v in offenders.items() if v} == {}, (
        f"{package}/ may import only {sorted(ALLOWED[package])} of ours "
        "(bot -> dialogs -> {documents, storage} -> livret)"
    )


def test_env_example_lists_every_setting() -> None:
    example = ROOT / ".env.example"
    if not example.exists():
        pytest.skip(".env.example is not written yet (someone else is on it)")
    lines = example.read_text(encoding="utf-8").splitlines()
    listed: dict[str, int] = {}
    for number, line in enumerate(lines):
        # A setting may be listed commented out ("# LIVRET_X=...") when it has no default.
        if match := re.match(r"^\s*#?\s*LIVRET_([A-Z0-9_]+)\s*=", line):
            listed[match[1]] = number
    expected = {name.upper() for name in Settings.model_fields}

    assert sorted(expected - set(listed)) == [], "settings missing from .env.example"
    assert sorted(set(listed) - expected) == [], ".env.example lists unknown settings"
    for name, number in listed.items():
        before = lines[number - 1].strip() if number else ""
        assert before.startswith("#") and not re.match(r"^#\s*LIVRET_", before), (
            f"LIVRET_{name} has no comment above it in .env.example"
        )


def test_the_image_holds_every_package_and_what_they_read() -> None:
    """The Dockerfile copies each package pyproject installs, and the templates they read;
    compose and the systemd unit start the command that exists."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    copied = set(re.findall(r"^COPY (\w+) \./\1$", dockerfile, re.MULTILINE))
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    included = re.search(r"include = \[(.*?)\]", pyproject)
    assert included
    packages = {p.strip(' "*') for p in included[1].split(",")}
    assert packages | {"templates"} <= copied
    assert all((ROOT / name).is_dir() for name in copied)
    # The server's unoserver is the client's version, read from the installed package.
    assert '"unoserver==${version}"' in dockerfile
    assert dockerfile.index("pip install --no-cache-dir -e .") < dockerfile.index("version=$(")
    assert "fonts-liberation2" in dockerfile
    compose = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    assert "LIVRET_UNOSERVER: unoserver:2003" in compose and "/data" in compose
    unit = (ROOT / "deploy" / "livret.service").read_text(encoding="utf-8")
    assert "ExecStart=/opt/livret/.venv/bin/livret run" in unit
    # The data folder comes from .env, as for the administrator's own commands.
    assert "Environment=LIVRET_DATA_DIR" not in unit
