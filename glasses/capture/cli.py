"""``glasses gallery list | show ID | export DIR | delete ID``: the private gallery from a terminal.

``add_gallery_command(subparsers)`` registers the command (glasses/cli.py calls it). The folder is
``--gallery DIR`` when given, else ``capture.gallery_dir`` of the config, else the default
``$XDG_DATA_HOME/glasses/gallery``. Bad ids and folders are one line and exit 2 (GlassesError).
``python -m glasses.capture.cli gallery ...`` runs it on its own.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable

from glasses.capture.config import CaptureConfig
from glasses.capture.gallery import Gallery, Item
from glasses.errors import GlassesError
from glasses.limits import human_bytes, printable


def _default_capture_config(args) -> CaptureConfig:
    """``capture:`` of the loaded config once the section is wired in; the defaults until then."""
    if getattr(args, "config", None) is None:
        return CaptureConfig()
    from glasses.config import load_config_for

    return getattr(load_config_for(args.config, getattr(args, "profile", "auto")), "capture", CaptureConfig())


def add_gallery_command(subparsers, capture_config: Callable[[argparse.Namespace], CaptureConfig] | None = None):
    """Add ``gallery`` with its four actions to an argparse ``subparsers`` object; returns its parser."""
    resolve = capture_config or _default_capture_config
    c = subparsers.add_parser("gallery", help="photos and videos kept on this device: list, show, export, delete",
                              description="The private gallery (folder 0700, files 0600). Nothing is uploaded.")
    c.add_argument("--gallery", type=Path, metavar="DIR", default=None,
                   help="the gallery folder (default: capture.gallery_dir, else $XDG_DATA_HOME/glasses/gallery)")
    actions = c.add_subparsers(title="actions", metavar="ACTION")

    a = actions.add_parser("list", help="every item, newest first")
    a.add_argument("--json", action="store_true", help="one JSON sidecar per line")
    a.set_defaults(func=lambda args: cmd_list(args, _gallery(args, resolve)))
    a = actions.add_parser("show", help="one item's details and file path (ID or 'last')")
    a.add_argument("id")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=lambda args: cmd_show(args, _gallery(args, resolve)))
    a = actions.add_parser("export", help="copy items with their sidecars into DIR (never overwrites)")
    a.add_argument("dir", type=Path)
    a.add_argument("--only", metavar="ID", default=None, help="export just this item")
    a.set_defaults(func=lambda args: cmd_export(args, _gallery(args, resolve)))
    a = actions.add_parser("delete", help="remove one item (ID or 'last') and its sidecar")
    a.add_argument("id")
    a.set_defaults(func=lambda args: cmd_delete(args, _gallery(args, resolve)))
    c.set_defaults(func=lambda args: c.print_help())
    return c


def _gallery(args, resolve) -> Gallery:
    cfg = resolve(args)
    root = args.gallery.expanduser() if args.gallery else cfg.gallery_path
    return Gallery(root, min_free_bytes=cfg.min_free_mb * 1024 * 1024)


def describe(item: Item) -> str:
    """One terminal line for an item."""
    parts = [item.id, item.kind, item.time, human_bytes(item.size), f"faces blurred {item.faces_blurred}"]
    if item.kind == "video" and "duration_s" in item.extra:
        parts.append(f"{item.extra['duration_s']:.1f} s {item.extra.get('codec', '')}".strip())
    if item.place is not None:
        parts.append(f"near {item.place.name}" if item.place.name else f"at {item.place.lat:.5f},{item.place.lon:.5f}")
    if item.text:
        parts.append(repr(item.text[:40] + ("…" if len(item.text) > 40 else "")))
    if item.barcodes:
        parts.append("barcodes " + ", ".join(item.barcodes[:3]))
    return printable("  ".join(parts))


def cmd_list(args, gallery: Gallery) -> int:
    items, problems = gallery.scan()
    for problem in problems:
        print(f"glasses: warning: {printable(problem)}", file=sys.stderr)
    if args.json:
        for item in items:
            print(json.dumps(item.sidecar(), ensure_ascii=False))
        return 0
    if not items:
        print(f"The gallery is empty ({gallery.root}).")
        return 0
    for item in items:
        print(describe(item))
    return 0


def cmd_show(args, gallery: Gallery) -> int:
    item = gallery.get(args.id)
    path = gallery.media_path(item)
    if args.json:
        print(json.dumps({**item.sidecar(), "path": str(path)}, ensure_ascii=False))
        return 0
    print(describe(item))
    print(f"file: {path}")
    if item.text:
        print(f"text: {printable(item.text)}")
    return 0


def cmd_export(args, gallery: Gallery) -> int:
    written = gallery.export(args.dir, args.only)
    print(f"Exported {len(written) // 2} item{'s' if len(written) != 2 else ''} to {args.dir}.")
    return 0


def cmd_delete(args, gallery: Gallery) -> int:
    item = gallery.delete(args.id)
    print(f"Deleted {item.id}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run ``gallery ...`` on its own (one line and exit 2 on bad input, as glasses/cli.py does)."""
    parser = argparse.ArgumentParser(prog="glasses")
    add_gallery_command(parser.add_subparsers(title="commands", metavar="COMMAND"))
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return args.func(args) or 0
    except GlassesError as exc:
        print(f"glasses: error: {printable(str(exc))}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
