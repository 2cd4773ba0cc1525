"""The pipeline's layers, as the imports show them: a stage imports only from stages
below it, and no module imports itself back in a cycle."""
import ast

from conftest import ROOT

PACKAGE = ROOT / "reportgen"
# lowest first; a module may import from its own layer and any layer before it
LAYERS = (
    ("messages",),
    ("model", "resources", "options"),
    ("readers",),
    ("report",),
    ("renderers",),
    ("delivery", "cycle"),
    ("pipeline", "frames"),
    ("cli",),
)


def module_name(path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports() -> dict[str, set[str]]:
    """module -> the reportgen modules it imports (at any depth of the file)."""
    graph = {}
    for path in PACKAGE.rglob("*.py"):
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("reportgen.")}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("reportgen"):
                found.add(node.module)
        graph[module_name(path)] = found
    return graph


def layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None  # the package itself: its public API may gather from every layer
    for index, names in enumerate(LAYERS):
        if parts[1] in names:
            return index
    raise AssertionError(f"{module} is in no layer: add its folder to LAYERS")


def test_every_module_is_in_a_layer():
    for module in imports():
        layer(module)


def test_no_module_imports_from_a_layer_above_its_own():
    wrong = []
    for module, targets in imports().items():
        own = layer(module)
        if own is None:
            continue
        for target in targets:
            other = layer(target)
            if other is not None and other > own:
                wrong.append(f"{module} -> {target}")
    assert sorted(wrong) == []


def test_renderers_never_import_readers_delivery_or_the_command_line():
    wrong = [f"{m} -> {t}" for m, targets in imports().items() if m.startswith("reportgen.renderers")
             for t in targets if t.split(".")[1] in ("readers", "delivery", "cli", "cycle", "pipeline")]
    assert wrong == []


def test_no_import_cycle():
    graph = imports()
    modules = set(graph)

    def resolve(target: str) -> str | None:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        return target or None

    edges = {m: {resolve(t) for t in targets} - {None, m} for m, targets in graph.items()}
    # packages import their own modules in __init__ (re-exports): not a cycle of the pipeline
    edges = {m: {t for t in ts if not t.startswith(m + ".") and not m.startswith(t + ".")} for m, ts in edges.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                cycles.append(" -> ".join(path[path.index(target):] + [target]) if target in path else target)
            elif state.get(target) is None:
                visit(target, path + [target])
        state[node] = 2

    for module in sorted(modules):
        if module not in state:
            visit(module, [module])
    assert cycles == []
