"""The flows' declarations, checked on the source: every screen has its help and its
/annuler, every screen a flow goes to and every button it draws is declared, the engine
names none of them, and no module of ours imports itself through others."""

import ast
from collections.abc import Iterator
from pathlib import Path

from dialogs import copy
from dialogs.flows import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
DIALOGS = ROOT / "dialogs"
COPY = {value for name, value in vars(copy).items() if name.isupper() and isinstance(value, str)}


def trees(*folders: Path) -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(p for folder in folders or (DIALOGS,) for p in folder.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def literal_prefix(node: ast.expr) -> str | None:
    """The start of a string as written: a literal, or an f-string's first literal part."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
    return None


def called(node: ast.AST, name: str) -> bool:
    func = getattr(node, "func", None)
    return isinstance(func, ast.Name | ast.Attribute) and (
        getattr(func, "id", None) == name or getattr(func, "attr", None) == name
    )


def test_every_screen_has_help_and_a_cancel_in_french() -> None:
    """A screen's own help and /annuler, or the commands' own (the general help; leaving
    the entry being written): either way one is declared, its French in the copy."""
    assert len(REGISTRY.screens.by_name) >= 25
    assert {"aide", "annuler", "menu"} <= set(REGISTRY.commands)
    for screen in REGISTRY.screens.by_name.values():
        assert screen.cancel is None or callable(screen.cancel), screen.name
        if isinstance(screen.help, str):
            assert screen.help.strip(), screen.name
            assert any(text in screen.help for text in COPY), screen.name
        else:
            assert screen.help is None or callable(screen.help), screen.name
    # Some screens say their own: the declarations are read, not all defaulted.
    assert sum(s.help is not None for s in REGISTRY.screens.by_name.values()) >= 5
    assert sum(s.cancel is not None for s in REGISTRY.screens.by_name.values()) >= 10


def test_every_screen_set_is_declared() -> None:
    """``t.state.screen = "x"`` anywhere in dialogs/ names a declared screen; ``t.show("x")``
    one that can be opened by name."""
    set_to: set[str] = set()
    shown: set[str] = set()
    for _path, tree in trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and target.attr == "screen":
                        value = literal_prefix(node.value)
                        if value is not None:
                            set_to.add(value)
            elif isinstance(node, ast.Call) and called(node, "DialogState"):
                for keyword in node.keywords:
                    value = literal_prefix(keyword.value) if keyword.arg == "screen" else None
                    if value is not None:
                        set_to.add(value)
            elif isinstance(node, ast.Call) and called(node, "show") and node.args:
                value = literal_prefix(node.args[0])
                if value is not None:
                    shown.add(value)
    assert set_to, "no screen found: the scan is broken"
    assert sorted(set_to - set(REGISTRY.screens.by_name)) == []
    assert shown, "no screen opened by name found: the scan is broken"
    assert sorted(s for s in shown if REGISTRY.screens.by_name[s].show is None) == []


def test_every_button_drawn_is_declared() -> None:
    """A bound button (``Btn``) is declared by some screen, a navigation one (``nav``) by
    some flow: a button drawn but routed nowhere would answer "unknown" to every tap."""
    bound: set[str] = set()
    navs: set[str] = set()
    for _path, tree in trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and len(node.args) >= 2:
                action = literal_prefix(node.args[1])
                if action is None:
                    continue
                name = action.partition(":")[0]
                if called(node, "Btn") and not any(k.arg == "bound" for k in node.keywords):
                    bound.add(name)
                elif called(node, "nav"):
                    navs.add(name)
    declared = {name for screen in REGISTRY.screens.by_name.values() for name in screen.buttons}
    assert len(bound) > 30 and len(navs) > 5, "the scan is broken"
    assert sorted(bound - declared) == []
    assert sorted(navs - set(REGISTRY.navs)) == []


def test_the_engine_names_no_screen_command_or_button() -> None:
    source = (DIALOGS / "engine.py").read_text(encoding="utf-8")
    strings = {
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    names = set(REGISTRY.screens.by_name) | set(REGISTRY.commands) | set(REGISTRY.navs)
    named = {s for s in strings for name in names if s == name or s.endswith(f"|{name}")}
    assert named == set()
    assert len(source.splitlines()) <= 250


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    """Which module imports which, in every package of ours; those under ``if
    TYPE_CHECKING:`` count too (a circle for the type checker is still one for a reader)."""
    packages = [ROOT / name for name in ("livret", "storage", "documents", "dialogs", "bot")]
    modules = {module_name(path): tree for path, tree in trees(*packages)}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, tree in modules.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                # ``from dialogs.rubriques import asking`` imports the module asking.
                targets = [
                    f"{node.module}.{a.name}"
                    if f"{node.module}.{a.name}" in modules
                    else node.module
                    for a in node.names
                ]
            else:
                continue
            for target in targets:
                # Importing a module runs its packages' __init__ first; a package and its
                # own modules are one thing (its __init__ may gather them).
                parts = target.split(".")
                for end in range(1, len(parts) + 1):
                    prefix = ".".join(parts[:end])
                    related = name.startswith(f"{prefix}.") or prefix.startswith(f"{name}.")
                    if prefix in modules and prefix != name and not related:
                        graph[name].add(prefix)
    return graph


def find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    done: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        path.append(node)
        for following in sorted(graph[node]):
            circle = visit(following)
            if circle:
                return circle
        path.pop()
        done.add(node)
        return None

    for node in sorted(graph):
        circle = visit(node)
        if circle:
            return circle
    return None


def test_no_import_circle() -> None:
    graph = import_graph()
    assert len(graph) > 80 and graph["dialogs.engine"] and graph["bot.cli"], "the scan is broken"
    assert find_circle(graph) is None, " -> ".join(find_circle(graph) or [])


def test_the_circle_finder_finds_a_circle() -> None:
    # Guards the test above against a finder that never finds anything.
    assert find_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_circle({"a": {"b"}, "b": set()}) is None
