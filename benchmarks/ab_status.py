"""``lakip status`` of several source trees, timed in turn in the same run on the same store.

Each tree (a checkout of any commit, e.g. made with ``git worktree add``) runs from its sources
through the same launcher and this Python, so only the code differs; each reads its own copy of
one demo store made by this tree (the tree this script is in, timed last). Also counts the
project modules each one imports (``python -X importtime``), and prints the fastest and the
median of each, in wall time and in CPU time (user + system of the child: less moved by other
work on a shared machine).

    git worktree add --detach /tmp/base 4c5ec87
    python benchmarks/ab_status.py /tmp/base [OTHER_TREE ...] [--runs 30]

Every tree must be able to read the store this tree makes (the schema only grows).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
OURS = re.compile(r"\|\s+(models|store|usecases|tui|exporters)(\.\S+)?\s*$")
LAUNCHER = "import sys; from tui.cli import main; sys.exit(main())"


def run(tree: Path, db: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # timed with bytecode, as an installed lakip runs
    cmd = [sys.executable, *flags, "-c", LAUNCHER, "--db", str(db), "status"]
    # run in the tree: ``-c`` puts the working folder first on the path
    return subprocess.run(cmd, env=env, cwd=tree, capture_output=True, text=True, check=True)


def label(tree: Path) -> str:
    """The tree's commit, ``+`` when it has uncommitted changes."""
    git = ["git", "-C", str(tree)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if head.returncode:
        return tree.name
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True
    ).stdout.strip()
    return head.stdout.strip() + ("+" if dirty else "")


def children_cpu() -> float:
    """Seconds of CPU (user + system) the finished children used so far."""
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def modules(tree: Path, db: Path) -> list[str]:
    """The project modules ``lakip status`` imports, in import order."""
    err = run(tree, db, "-X", "importtime").stderr
    return [m.group(0).split("|")[-1].strip() for m in map(OURS.search, err.splitlines()) if m]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("trees", type=Path, nargs="+")
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    trees = {label(t): t.resolve() for t in [*args.trees, HERE]}
    folder = Path(tempfile.mkdtemp(prefix="lakip-ab-"))
    os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
    try:
        made = folder / "demo.json"
        sys.path.insert(0, str(HERE))
        from usecases.context import Context
        from usecases.demo import build_demo

        build_demo(Context(db_path=made, account="bench"))
        dbs = {}
        for i, name in enumerate(trees):
            dbs[name] = folder / str(i) / "lakip.json"
            dbs[name].parent.mkdir()
            shutil.copy2(made, dbs[name])
            run(trees[name], dbs[name])  # bytecode written, caches warm
        wall: dict[str, list[float]] = {name: [] for name in trees}
        cpu: dict[str, list[float]] = {name: [] for name in trees}
        for _ in range(args.runs):
            for name, tree in trees.items():
                before = children_cpu()
                t = time.perf_counter()
                run(tree, dbs[name])
                wall[name].append((time.perf_counter() - t) * 1000)
                cpu[name].append((children_cpu() - before) * 1000)
        print(f"`lakip status` on the demo store, {args.runs} runs each, the trees in turn")
        print(
            "| commit | wall fastest | wall median | CPU fastest | CPU median | project modules |"
        )
        print("|---|---|---|---|---|---|")
        for name, tree in trees.items():
            w, c = wall[name], cpu[name]
            count = len(modules(tree, dbs[name]))
            print(
                f"| {name} | {min(w):.0f} ms | {statistics.median(w):.0f} ms "
                f"| {min(c):.0f} ms | {statistics.median(c):.0f} ms | {count} |"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
