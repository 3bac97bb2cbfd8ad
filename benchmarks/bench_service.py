"""What does the protected mode (issue 17) cost? The same work on the data file and through
the store service, timed in the same run and interleaved.

    env -u PYTHONDONTWRITEBYTECODE python benchmarks/bench_service.py [--runs 31]

Builds a copy of the demo store (its administrator: the account running the benchmark, so the
service, which takes the account from the socket's peer, knows it) and starts the service in
its own process, as in an office (``Service(db, socket).serve_forever()``). Then times:

- ``lakip status`` (the console script beside this Python) on the file, ``lakip --db F status``,
  against the same command as a client of the service: a settings file with
  ``mode = "layanan"``, ``db`` and ``soket``, named by ``LAKIP_CONF``; with ``python -c pass``
  as the interpreter's floor;
- one transaction, ``usecases.data.save_indicator`` (the realisasi of one indicator of the
  current year), in this process through a file-mode ``Context`` and through a client ``Context``
  (``remote=Remote(socket)``): the request, the service's own transaction, the reply.

Goals: status through the service within 1.2x of the file; the transaction within 2x.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_SERVE = (
    "import sys\n"
    "from pathlib import Path\n"
    "from service.server import Service\n"
    "Service(Path(sys.argv[1]), Path(sys.argv[2])).serve_forever()\n"
)


def start_service(db: Path, sock: Path) -> subprocess.Popen[bytes]:
    """The service in its own process; returns once its socket answers."""
    import socket

    child = subprocess.Popen([sys.executable, "-c", _SERVE, str(db), str(sock)], cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise SystemExit(f"the service stopped at once (exit {child.returncode})")
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(str(sock))
            return child
        except OSError:
            time.sleep(0.05)
        finally:
            probe.close()
    child.kill()
    raise SystemExit("the service did not answer within 30 s")


def time_status(db: Path, conf: Path, runs: int) -> dict[str, list[float]]:
    """Milliseconds of each command, ``runs`` times, interleaved so noise hits all alike."""
    lakip = shutil.which("lakip", path=str(Path(sys.executable).parent)) or "lakip"
    file_env = {k: v for k, v in os.environ.items() if k not in ("LAKIP_CONF", "LAKIP_DB")}
    served_env = {**file_env, "LAKIP_CONF": str(conf)}
    cmds: dict[str, tuple[list[str], dict[str, str]]] = {
        "python -c pass": ([sys.executable, "-c", "pass"], file_env),
        "lakip status (berkas)": ([lakip, "--db", str(db), "status"], file_env),
        "lakip status (layanan)": ([lakip, "status"], served_env),
    }
    for cmd, env in cmds.values():  # warm the caches; a failure stops the benchmark
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    samples: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, (cmd, env) in cmds.items():
            t = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
            samples[name].append((time.perf_counter() - t) * 1000)
    return samples


def time_transactions(db: Path, sock: Path, runs: int) -> dict[str, list[float]]:
    """Milliseconds per ``save_indicator``, on the file and through the service, alternated."""
    from usecases.context import Context, unix_account
    from usecases.data import load, save_indicator
    from usecases.remote import Remote

    account = unix_account()
    sessions = {
        "save_indicator (berkas)": Context(db_path=db, account=account),
        "save_indicator (layanan)": Context(db_path=db, account=account, remote=Remote(sock)),
    }
    view = load(sessions["save_indicator (berkas)"])
    items = list(view.data.indicators)
    code = items[len(items) // 2].code
    samples: dict[str, list[float]] = {name: [] for name in sessions}
    for k in range(runs + 1):  # the first round warms caches and is discarded
        for name, ctx in sessions.items():
            # the stored revision, read untimed: each save is based on the newest
            item = next(i for i in load(ctx, view.year).data.indicators if i.code == code)
            item = replace(item, realisasi=Decimal(60 + k % 20) + Decimal("0.5"))
            t = time.perf_counter()
            save_indicator(ctx, view.year, item)
            spent = (time.perf_counter() - t) * 1000
            if k:
                samples[name].append(spent)
    return samples


def table(samples: dict[str, list[float]], pairs: list[tuple[str, str, float]]) -> list[str]:
    lines = ["| what | median ms | min ms | max ms |", "|---|---|---|---|"]
    for name, vals in samples.items():
        lines.append(
            f"| {name} | {statistics.median(vals):.1f} | {min(vals):.1f} | {max(vals):.1f} |"
        )
    for served, on_file, goal in pairs:
        ratio = statistics.median(samples[served]) / statistics.median(samples[on_file])
        verdict = "met" if ratio <= goal else "MISSED"
        lines.append(f"ratio {served} / {on_file}: {ratio:.2f}x (goal <= {goal}x: {verdict})")
    return lines


def run(runs: int) -> dict[str, Any]:
    from usecases.context import Context, unix_account
    from usecases.demo import build_demo

    # AF_UNIX socket paths are limited to 107 bytes: a short folder, not $TMPDIR's
    folder = Path(tempfile.mkdtemp(prefix="lakip-bench-", dir="/tmp"))
    os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
    service: subprocess.Popen[bytes] | None = None
    try:
        db, sock, conf = folder / "lakip.json", folder / "lakip.sock", folder / "lakip.conf"
        build_demo(Context(db_path=db, account=unix_account()))
        conf.write_text(f'mode = "layanan"\ndb = "{db}"\nsoket = "{sock}"\n', encoding="utf-8")
        service = start_service(db, sock)
        status = time_status(db, conf, runs)
        tx = time_transactions(db, sock, runs)
        return {"status": status, "transactions": tx}
    finally:
        if service is not None:
            service.send_signal(signal.SIGINT)  # serve_forever stops and removes its socket
            service.wait(10)
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=31)
    args = ap.parse_args()
    load = os.getloadavg()
    result = run(args.runs)
    print(f"demo store, {args.runs} interleaved runs; load average at start {load[0]:.2f}")
    status, tx = result["status"], result["transactions"]
    print("\n".join(table(status, [("lakip status (layanan)", "lakip status (berkas)", 1.2)])))
    print()
    print("\n".join(table(tx, [("save_indicator (layanan)", "save_indicator (berkas)", 2.0)])))


if __name__ == "__main__":
    main()
