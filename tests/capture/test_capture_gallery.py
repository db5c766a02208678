"""The private gallery: modes, atomic writes, sidecars, export/delete, ids that cannot escape, low disk space."""

from __future__ import annotations

import argparse
import json
import os
import stat
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import cv2
import numpy as np
import pytest

from glasses.capture import cli as gallery_cli
from glasses.capture.blur import NoFaceBlur
from glasses.capture.config import CaptureConfig, default_gallery_dir
from glasses.capture.files import write_private
from glasses.capture.gallery import (CaptureMeta, DiskUsage, Gallery, GalleryError, LowSpaceError, Place)
from glasses.capture.photo import save_photo
from glasses.configfile import load_section
from glasses.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
HELSINKI = timezone(timedelta(hours=2))
WHEN = datetime(2026, 12, 1, 9, 40, 12, tzinfo=HELSINKI)


def frame(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return cv2.GaussianBlur(rng.integers(0, 256, (120, 160, 3), dtype=np.uint8), (5, 5), 0)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def meta(**kw) -> CaptureMeta:
    return CaptureMeta(time=kw.pop("time", WHEN), **kw)


def test_gallery_is_private_whatever_the_umask(tmp_path):
    old = os.umask(0)            # the most permissive umask: modes must still be 0700 / 0600
    try:
        root = tmp_path / "share" / "glasses" / "gallery"
        g = Gallery(root, min_free_bytes=0)
        item = save_photo(g, NoFaceBlur(), frame(), meta(place=Place(60.1675, 24.9525, "Kauppatori"),
                                                        text="PLATFORM 3", barcodes=("4006381333931",)))
    finally:
        os.umask(old)
    assert mode(root) == 0o700
    files = sorted(p.name for p in root.iterdir())
    assert files == sorted([item.file, f"{item.id}.json"])       # no temporary file left behind
    for p in root.iterdir():
        assert mode(p) == 0o600, p
    side = json.loads((root / f"{item.id}.json").read_text())
    assert side["kind"] == "photo" and side["time"] == "2026-12-01T09:40:12+02:00"
    assert side["place"] == {"lat": 60.1675, "lon": 24.9525, "name": "Kauppatori"}
    assert side["text"] == "PLATFORM 3" and side["barcodes"] == ["4006381333931"]
    assert side["faces_blurred"] == 0 and side["size"] == (root / item.file).stat().st_size
    assert cv2.imread(str(root / item.file)).shape == (120, 160, 3)
    jpeg = (root / item.file).read_bytes()
    assert jpeg[:2] == b"\xff\xd8" and b"Exif" not in jpeg      # no metadata in the photo: the place is in the sidecar


def test_an_existing_open_folder_is_tightened(tmp_path):
    root = tmp_path / "gallery"
    root.mkdir(mode=0o755)
    os.chmod(root, 0o755)
    Gallery(root, min_free_bytes=0).ensure()
    assert mode(root) == 0o700


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "a.json"
    write_private(target, b"old")

    with pytest.raises(TypeError):
        write_private(target, "not bytes")       # fails inside the write: the rename never happens
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]
    write_private(target, b"new")
    assert target.read_bytes() == b"new" and mode(target) == 0o600


def test_list_show_export_delete(tmp_path):
    g = Gallery(tmp_path / "g", min_free_bytes=0)
    a = save_photo(g, NoFaceBlur(), frame(1), meta(time=WHEN))
    b = save_photo(g, NoFaceBlur(), frame(2), meta(time=WHEN + timedelta(minutes=5)))
    assert [i.id for i in g.list()] == [b.id, a.id]              # newest first
    assert g.get("last").id == b.id and g.get(a.id).file == a.file
    out = tmp_path / "exported"
    written = g.export(out)
    assert sorted(p.name for p in written) == sorted([a.file, b.file, f"{a.id}.json", f"{b.id}.json"])
    assert (out / a.file).read_bytes() == g.media_path(a).read_bytes()
    with pytest.raises(GalleryError, match="already there"):      # never overwrites
        g.export(out)
    g.delete(a.id)
    assert [i.id for i in g.list()] == [b.id]
    assert not g.media_path(a).exists()
    assert (out / a.file).exists()                                # the export is the user's copy
    with pytest.raises(GalleryError, match="no such item"):
        g.delete(a.id)


@pytest.mark.parametrize("bad", ["../../etc/passwd", "/etc/passwd", "20261201-094012-photo-zzzzzz",
                                 "20261201-094012-photo-abcdef/../x", "", "x" * 5000, "last\n"])
def test_ids_cannot_escape_the_folder(tmp_path, bad):
    g = Gallery(tmp_path / "g", min_free_bytes=0)
    save_photo(g, NoFaceBlur(), frame(), meta())
    if bad.strip() == "last":
        return                                           # 'last' with spaces is the last item
    with pytest.raises(GalleryError) as err:
        g.get(bad)
    assert "\n" not in str(err.value)


def test_a_sidecar_that_points_outside_is_refused(tmp_path):
    g = Gallery(tmp_path / "g", min_free_bytes=0)
    item = save_photo(g, NoFaceBlur(), frame(), meta())
    side = g.root / f"{item.id}.json"
    row = json.loads(side.read_text())
    row["file"] = "../../secret.jpg"
    side.write_text(json.dumps(row))
    items, problems = g.scan()
    assert items == [] and len(problems) == 1 and "does not belong" in problems[0]
    with pytest.raises(GalleryError):
        g.export(tmp_path / "out", item.id)


def test_low_disk_space_refuses_in_one_line_and_writes_nothing(tmp_path):
    seen = []

    def fake_usage(path):
        seen.append(path)
        return DiskUsage(total=10 * 2**30, used=10 * 2**30 - 50 * 2**20, free=50 * 2**20)

    g = Gallery(tmp_path / "g", min_free_bytes=200 * 2**20, disk_usage=fake_usage)
    with pytest.raises(LowSpaceError) as err:
        save_photo(g, NoFaceBlur(), frame(), meta())
    assert str(err.value) == "not enough free space to save a photo: 50 MB free, at least 200 MB must stay free"
    assert seen and not (tmp_path / "g").exists()
    roomy = Gallery(tmp_path / "g", min_free_bytes=200 * 2**20,
                    disk_usage=lambda p: DiskUsage(10 * 2**30, 2**30, 9 * 2**30))
    assert save_photo(roomy, NoFaceBlur(), frame(), meta()).kind == "photo"


def test_config_section_defaults_and_errors(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    cfg = CaptureConfig()
    assert cfg.gallery_path == tmp_path / "data" / "glasses" / "gallery" == default_gallery_dir()
    assert cfg.max_video_s == 60 and cfg.blur_faces and cfg.face_detector == "centerface"
    cfg = load_section(CaptureConfig, "gallery_dir: /tmp/x\nmax_video_s: 30\n", "config.yaml")
    assert cfg.gallery_path == Path("/tmp/x") and cfg.max_video_s == 30
    with pytest.raises(ConfigError, match=r"config.yaml:2: face_detector: 'yunet' is not one of centerface, haar"):
        load_section(CaptureConfig, "blur_faces: true\nface_detector: yunet\n", "config.yaml")
    with pytest.raises(ConfigError, match="max_video_s: 0.0 is below the minimum 1.0"):
        load_section(CaptureConfig, "max_video_s: 0\n", "config.yaml")


# --- the command line, through argparse ------------------------------------------------------------
def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="glasses")
    gallery_cli.add_gallery_command(parser.add_subparsers())
    args = parser.parse_args(argv)
    try:
        code = args.func(args) or 0
    except GalleryError as exc:
        print(f"glasses: error: {exc}", file=sys.stderr)
        code = exc.exit_code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_gallery_commands(tmp_path, capsys):
    g = Gallery(tmp_path / "g", min_free_bytes=0)
    a = save_photo(g, NoFaceBlur(), frame(1), meta(place=Place(60.1675, 24.9525, "Kauppatori"), text="EXIT"))
    b = save_photo(g, NoFaceBlur(), frame(2), meta(time=WHEN + timedelta(hours=1)))
    base = ["gallery", "--gallery", str(g.root)]
    code, out, _ = run_cli(base + ["list"], capsys)
    assert code == 0 and out.splitlines()[0].startswith(b.id) and "near Kauppatori" in out.splitlines()[1]
    code, out, _ = run_cli(base + ["list", "--json"], capsys)
    assert [json.loads(line)["id"] for line in out.splitlines()] == [b.id, a.id]
    code, out, _ = run_cli(base + ["show", a.id], capsys)
    assert code == 0 and f"file: {g.root / a.file}" in out and "text: EXIT" in out
    code, out, _ = run_cli(base + ["export", str(tmp_path / "out")], capsys)
    assert code == 0 and out.strip() == f"Exported 2 items to {tmp_path / 'out'}."
    code, out, _ = run_cli(base + ["delete", "last"], capsys)
    assert code == 0 and out.strip() == f"Deleted {b.id}." and [i.id for i in g.list()] == [a.id]


def test_gallery_command_bad_input_is_one_line_exit_2(tmp_path, capsys):
    g = Gallery(tmp_path / "g", min_free_bytes=0)
    save_photo(g, NoFaceBlur(), frame(), meta())
    (tmp_path / "afile").write_text("x")
    base = ["gallery", "--gallery", str(g.root)]
    for argv, needle in ((base + ["show", "20261201-000000-photo-000000"], "no such item"),
                         (base + ["delete", "../../etc/passwd"], "no such item"),
                         (base + ["export", str(tmp_path / "afile")], "the export folder is a file")):
        code, out, err = run_cli(argv, capsys)
        assert code == 2 and needle in err and len(err.strip().splitlines()) == 1, (argv, err)
    # and as a user runs it: a real process, one line on stderr, exit 2, no traceback
    proc = subprocess.run([sys.executable, "-m", "glasses.capture.cli", "gallery", "--gallery", str(g.root),
                           "show", "nope"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_gallery_default_folder_comes_from_xdg(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    g = Gallery(default_gallery_dir(), min_free_bytes=0)
    item = save_photo(g, NoFaceBlur(), frame(), meta())
    code, out, _ = run_cli(["gallery", "list"], capsys)
    assert code == 0 and out.startswith(item.id) and g.root == tmp_path / "xdg" / "glasses" / "gallery"
