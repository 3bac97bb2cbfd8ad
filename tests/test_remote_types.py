"""Every use case the service runs can be read on both sides of the socket: each parameter and
result type, down to the fields of every record it holds, resolves in a fresh process that has
loaded only the CLI (a type a module imports only for type checking included)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_WALK = r"""
import dataclasses, typing
import importlib, sys
importlib.import_module(sys.argv[1])  # one module alone, as a client process has it loaded
from models.serial import _converter, _hints
from usecases.remote import REGISTRY

seen = set()
def walk(tp, where):
    if tp in (None, type(None), typing.Any) or repr(tp) in seen:
        return
    seen.add(repr(tp))
    if "Callable" in repr(tp):
        return
    args = typing.get_args(tp)
    if args:
        for a in args:
            if a is not Ellipsis:
                walk(a, where)
        return
    if dataclasses.is_dataclass(tp):
        for name, hint in _hints(tp).items():
            walk(hint, f"{where}.{name}")
    _converter(tp)

count = 0
for name, spec in sorted(REGISTRY.items()):
    if not name.startswith(sys.argv[1] + "."):
        continue
    for key, hint in spec.hints.items():
        if key == "ctx" or key == spec.var_keyword:
            continue
        walk(hint, f"{name}({key})")
        count += 1
print(count)
"""


def test_every_use_case_type_resolves_in_a_fresh_client_process() -> None:
    from service.server import USECASE_MODULES

    total = 0
    for module in ("usecases.context", *USECASE_MODULES):
        res = subprocess.run(
            [sys.executable, "-c", _WALK, module],
            capture_output=True, text=True, cwd=ROOT, timeout=120,
        )  # fmt: skip
        assert res.returncode == 0, (module, res.stderr)
        total += int(res.stdout.strip())
    assert total > 100  # parameters and results of ~65 use cases


def test_the_registry_holds_the_use_cases_the_screens_and_commands_call() -> None:
    from service.server import load_usecases
    from usecases.remote import REGISTRY

    load_usecases()
    for name in (
        "usecases.board.load_board",
        "usecases.reporting.advance",
        "usecases.reporting.status",
        "usecases.data.save_indicator",
        "usecases.exporting.export_document",
        "usecases.collection.import_file",
        "usecases.admin.check",
        "usecases.context.office_zone",
    ):
        assert name in REGISTRY, name
    # a helper that is not a use case stays out: the service runs only what is marked
    assert "usecases.exporting.output_path" not in REGISTRY
