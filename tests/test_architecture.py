"""The rules of the house, held by test (ARCHITECTURE.md tells why they hold):

- what may import what: the import-linter contracts in pyproject.toml, run here so that
  ``pytest`` alone enforces them, and checked again at run time (a module imported in a fresh
  interpreter loads none of what its contract forbids, however it imports it);
- no import cycle between the project's modules, type-only imports included;
- no module over ``LONGEST_MODULE`` lines.

The modules are found by walking the folders, so a new module is covered without editing this file.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("engine", "tui")
LONGEST_MODULE = 600


def _contracts() -> list[dict[str, Any]]:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["tool"]["importlinter"]["contracts"]


def _module_names(package: str) -> Iterator[str]:
    """``package`` and every module under it, by their files (importing nothing)."""
    path = ROOT.joinpath(*package.split("."))
    if path.with_suffix(".py").is_file():
        yield package
        return
    for file in sorted(path.rglob("*.py")):
        parts = file.relative_to(ROOT).with_suffix("").parts
        yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _ui_free_rules() -> dict[str, tuple[str, ...]]:
    """Each module kept free of Textual by a forbidden contract -> the modules that contract forbids."""
    rules: dict[str, tuple[str, ...]] = {}
    for contract in _contracts():
        if contract["type"] == "forbidden" and "textual" in contract["forbidden_modules"]:
            for package in contract["source_modules"]:
                for module in _module_names(package):
                    rules[module] = rules.get(module, ()) + tuple(contract["forbidden_modules"])
    return rules


UI_FREE = _ui_free_rules()

# Imports each module named in argv in a fresh interpreter and prints, one JSON line a module, which
# of textual, rich and tui it left loaded. Given several, it forks a child a module from one
# interpreter that has imported what the modules import from outside the project (NumPy, nnfs, the
# standard library): each child has a sys.modules without the project's modules, for a few
# milliseconds instead of a new Python each time. Nothing can hide there: whatever the warm-up loaded
# is in every child's sys.modules too, and would be reported.
_IMPORT_EACH = r"""
import importlib, json, os, sys

WATCHED = ("textual", "rich", "tui")
PROJECT = ("engine", "tui")


def loaded_by(name):
    try:
        importlib.import_module(name)
    except BaseException as error:
        return {"module": name, "error": f"{type(error).__name__}: {error}"}
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in WATCHED)
    return {"module": name, "loaded": loaded}


def outside_the_project(names):
    for name in names:
        loaded_by(name)
    return [m for m in sys.modules if m.split(".")[0] not in WATCHED + PROJECT and m != "__main__"]


def start_fork(work, argument):
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(read_end)
        with os.fdopen(write_end, "w") as pipe:
            pipe.write(json.dumps(work(argument)))
        os._exit(0)
    os.close(write_end)
    return child, read_end, argument


def finish_fork(child, read_end, argument):
    with os.fdopen(read_end) as pipe:
        report = pipe.read()
    os.waitpid(child, 0)
    return json.loads(report) if report else {"module": argument, "error": "the child died"}


names = sys.argv[1:]
if len(names) == 1:
    print(json.dumps(loaded_by(names[0])))
else:
    for outside in finish_fork(*start_fork(outside_the_project, names)):
        try:
            importlib.import_module(outside)
        except BaseException:
            pass
    width = os.cpu_count() or 1  # children at a time
    for first in range(0, len(names), width):
        for started in [start_fork(loaded_by, name) for name in names[first:first + width]]:
            print(json.dumps(finish_fork(*started)), flush=True)
"""


def _checkout_first() -> dict[str, str]:
    """The environment, with this checkout first on the path (not an installed copy)."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


@pytest.fixture(scope="module")
def loaded_modules(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    # Without fork (Windows), a new interpreter a module.
    batches = [list(UI_FREE)] if hasattr(os, "fork") else [[module] for module in UI_FREE]
    # Compiled once, by the warm-up, for every child (where bytecode is not written, each child
    # would compile the engine again); kept out of the checkout.
    environment = {**_checkout_first(), "PYTHONPYCACHEPREFIX": str(tmp_path_factory.mktemp("bytecode"))}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    reports: dict[str, dict[str, Any]] = {}
    for batch in batches:
        done = subprocess.run(
            [sys.executable, "-c", _IMPORT_EACH, *batch], cwd=ROOT, env=environment,
            capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300,
        )
        assert done.returncode == 0, done.stderr
        for line in done.stdout.splitlines():
            if line.startswith("{"):
                report = json.loads(line)
                reports[report["module"]] = report
    return reports


@pytest.mark.parametrize("module", sorted(UI_FREE))
def test_importing_the_module_loads_nothing_it_may_not_import(module: str, loaded_modules: dict[str, dict[str, Any]]) -> None:
    report = loaded_modules[module]
    assert "error" not in report, f"{module} cannot be imported alone: {report['error']}"
    forbidden = UI_FREE[module]
    bad = [name for name in report["loaded"] if name in forbidden or name.startswith(tuple(f"{f}." for f in forbidden))]
    packages = sorted({f for f in forbidden for name in bad if name == f or name.startswith(f"{f}.")})
    assert not bad, f"importing {module} loads {', '.join(packages)} ({len(bad)} modules: {', '.join(bad[:5])} ...)"


def test_the_ui_free_rules_cover_the_engine_and_the_ui_free_packages() -> None:
    """The walk found the modules (a renamed folder or contract would otherwise check nothing)."""
    assert {"engine", "engine.book", "tui.document.state", "tui.files.session_file", "tui.commands", "tui.cli.headless"} <= set(UI_FREE)
    assert "tui" in UI_FREE["engine.network"]


def _import_graph() -> Any:
    import grimp  # import-linter's graph, installed with the test extra
    sys.path.insert(0, str(ROOT))  # the checkout's modules, not an installed copy's
    try:
        return grimp.build_graph(*PACKAGES, cache_dir=None)  # TYPE_CHECKING imports included
    finally:
        sys.path.remove(str(ROOT))


def _strongly_connected(graph: Any) -> list[list[str]]:
    """Tarjan's components of more than one module: each is at least one import cycle."""
    modules = sorted(graph.modules)
    imports = {module: sorted(graph.find_modules_directly_imported_by(module)) for module in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components: list[list[str]] = []
    for start in modules:
        if start in index:
            continue
        work = [(start, iter(imports[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        while work:
            module, successors = work[-1]
            successor = next(successors, None)
            if successor is not None:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    work.append((successor, iter(imports[successor])))
                elif successor in stack:
                    low[module] = min(low[module], index[successor])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == index[module]:
                component = []
                while True:
                    member = stack.pop()
                    component.append(member)
                    if member == module:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def _one_cycle(graph: Any, component: list[str]) -> str:
    """A cycle through the component's first module, with the lines that import."""
    first = component[0]
    inside = set(component)
    successor = next(m for m in sorted(graph.find_modules_directly_imported_by(first)) if m in inside)
    chain = [first, *graph.find_shortest_chain(importer=successor, imported=first)]
    steps = []
    for importer, imported in zip(chain, chain[1:]):
        lines = sorted(d["line_number"] for d in graph.get_import_details(importer=importer, imported=imported))
        steps.append(f"{importer} (line {', '.join(map(str, lines))})")
    return " -> ".join([*steps, first])


def test_no_import_cycle_between_the_modules() -> None:
    graph = _import_graph()
    cycles = [f"{len(c)} modules: {_one_cycle(graph, c)}\n    all: {', '.join(c)}" for c in _strongly_connected(graph)]
    assert not cycles, "import cycles (type-only imports count):\n  " + "\n  ".join(cycles)


def test_no_module_is_over_the_longest_a_module_may_be() -> None:
    lengths = {
        file.relative_to(ROOT).as_posix(): len(file.read_text(encoding="utf-8").splitlines())
        for package in PACKAGES for file in sorted((ROOT / package).rglob("*.py"))
    }
    too_long = [f"{name}: {length} lines" for name, length in lengths.items() if length > LONGEST_MODULE]
    assert not too_long, f"modules over {LONGEST_MODULE} lines (a big room is several ideas):\n  " + "\n  ".join(too_long)


# A file's path in a comment goes stale on the next move; a module's or a class's name is
# found by a search and fixed with it.
CITED_PATH = re.compile(r"\b(?:engine|tui|tests|benchmarks)/[\w/]*\.(?:py|tcss)\b")


def test_comments_cite_names_not_file_paths() -> None:
    cited = [
        f"{file.relative_to(ROOT).as_posix()}:{number}: {line.strip()}"
        for package in PACKAGES for file in sorted((ROOT / package).rglob("*.py"))
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1)
        if CITED_PATH.search(line)
    ]
    assert not cited, "cite the module or class by name (tui.files.paths, Document.fit), not its file:\n  " + "\n  ".join(cited)


@pytest.fixture(scope="module")
def contract_verdicts() -> tuple[dict[str, str], str]:
    """lint-imports' verdict on each contract (KEPT or BROKEN), and its whole report."""
    environment = {**_checkout_first(), "COLUMNS": "1000", "NO_COLOR": "1"}  # one line a contract
    done = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()", "--no-cache"],
        cwd=ROOT, env=environment, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300,
    )
    verdicts = dict((m.group(1), m.group(2)) for m in re.finditer(r"^(.+?) (KEPT|BROKEN)\b", done.stdout, re.MULTILINE))
    return verdicts, done.stdout + done.stderr


@pytest.mark.parametrize("contract", [contract["name"] for contract in _contracts()])
def test_the_import_contract_is_kept(contract: str, contract_verdicts: tuple[dict[str, str], str]) -> None:
    verdicts, report = contract_verdicts
    assert verdicts.get(contract) == "KEPT", f"{contract}: {verdicts.get(contract, 'not checked')}\n{_broken_section(report, contract)}"


def _broken_section(report: str, contract: str) -> str:
    """The part of lint-imports' report that explains why ``contract`` is broken (or all of it)."""
    broken = report.partition("Broken contracts")[2]
    start = broken.find(f"\n{contract}\n")
    if start < 0:
        return report
    rest = broken[start + 1:]
    ends = [rest.find(f"\n{other['name']}\n") for other in _contracts() if other["name"] != contract]
    return rest[:min([end for end in ends if end > 0], default=len(rest))]
