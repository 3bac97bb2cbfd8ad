"""``lakip layanan``: run the protected mode's store service, or (``pasang``, as root) move an
office's group-file store under it (service/)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from tui.cli_common import EXIT_OK, EXIT_REFUSED


def arguments(s: Any) -> None:
    s.add_argument(
        "aksi", nargs="?", choices=["jalankan", "pasang"], default="jalankan",
        help="jalankan layanan (bawaan; oleh akun layanan), atau pasang mode terlindung (root)",
    )  # fmt: skip
    s.add_argument("--soket", metavar="PATH", help="soket layanan (bawaan: dari pengaturan)")
    s.add_argument("--keluaran", metavar="FOLDER", help="folder dokumen (bawaan: dari pengaturan)")
    s.add_argument("--akun", default="lakip", help="pasang: akun sistem layanan (bawaan lakip)")
    s.add_argument(
        "--folder", default="/var/lib/lakip", help="pasang: folder data layanan (bawaan: itu)"
    )
    s.add_argument(
        "--tanpa-systemd", action="store_true", help="pasang: jangan pasang unit systemd"
    )


def run(args: argparse.Namespace) -> int:
    return install(args) if args.aksi == "pasang" else serve(args)


def serve(args: argparse.Namespace) -> int:
    import logging
    import signal

    from service.server import Service
    from usecases.context import DEFAULT_SOCKET, system_settings

    if os.geteuid() == 0:
        sys.stderr.write(
            "lakip: layanan tidak dijalankan sebagai root; jalankan sebagai akun layanan "
            "(systemctl start lakip, atau runuser -u lakip -- lakip layanan).\n"
        )
        return EXIT_REFUSED
    settings = system_settings()
    db = Path(args.db) if args.db else (settings.db if settings is not None else None)
    if db is None:
        sys.stderr.write("lakip: berkas data layanan tidak diketahui: sebutkan db di pengaturan.\n")
        return EXIT_REFUSED
    socket_path = Path(args.soket) if args.soket else (
        settings.socket if settings is not None else DEFAULT_SOCKET
    )
    out = Path(args.keluaran) if args.keluaran else (
        settings.out if settings is not None else None
    )
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    service = Service(
        db,
        socket_path,
        out=out,
        reads_unregistered=settings.reads_unregistered if settings is not None else False,
    )

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    print(f"Layanan lakip: berkas data {db}, soket {socket_path}", flush=True)
    service.serve_forever()
    return EXIT_OK


def install(args: argparse.Namespace) -> int:
    from datetime import datetime

    from service.install import install as carry_out
    from service.install import make_plan
    from usecases.context import DEFAULT_SOCKET

    program = shutil.which("lakip") or sys.argv[0]
    plan = make_plan(
        db=Path(args.db) if args.db else None,
        account=args.akun,
        folder=Path(args.folder),
        socket=Path(args.soket) if args.soket else DEFAULT_SOCKET,
        lakip=Path(program).resolve() if Path(program).exists() else Path(program),
        systemd=not args.tanpa_systemd,
    )
    print(f"Memindahkan berkas data {plan.db} ke {plan.new_db} (akun layanan {plan.account}).")
    for line in carry_out(plan, datetime.now().astimezone()):
        print(f"- {line}")
    print("Selesai. Periksa dengan: lakip check")
    return EXIT_OK
