"""hw/: the README pin table, the diagram's pin list and the config defaults agree; the
boot config, ALSA config, service and setup script say what the rig needs."""

import re
import runpy
import shutil
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest

from glasses.rig.config import RigConfig
from glasses.rig.doctor import check_boot_config

HW = Path(__file__).resolve().parents[2] / "hw"
BCM_TO_PHYSICAL = {17: 11, 27: 13, 22: 15, 18: 12, 19: 35, 20: 38, 21: 40}


def diagram():
    return runpy.run_path(str(HW / "make_wiring_diagram.py"))


def readme_pin_table():
    rows = []
    for line in (HW / "README.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[2].isdigit():
            rows.append((cells[0], cells[1], int(cells[2]), cells[3]))
    return rows


def test_readme_table_matches_the_diagram():
    assert readme_pin_table() == diagram()["WIRES"]


def test_diagram_pins_match_config_defaults_and_gpio_labels():
    wires = diagram()["WIRES"]
    cfg = RigConfig()
    by_signal = {sig: pin for _, _, pin, sig in wires}
    assert by_signal["GPIO17"] == BCM_TO_PHYSICAL[cfg.button_pin]
    assert by_signal["GPIO27"] == BCM_TO_PHYSICAL[cfg.privacy_led_pin]
    assert by_signal["GPIO22"] == BCM_TO_PHYSICAL[cfg.listen_led_pin]
    for _, _, pin, sig in wires:  # every GPIO label sits on its real header pin
        m = re.match(r"GPIO(\d+)", sig)
        if m:
            assert BCM_TO_PHYSICAL[int(m[1])] == pin, sig
        if sig == "GND":
            assert pin in (6, 9, 14, 20, 25, 30, 34, 39)
        if sig == "3V3":
            assert pin in (1, 17)
        if sig == "5V":
            assert pin in (2, 4)


def test_diagram_is_drawn_without_overlapping_wires(tmp_path):
    ns = diagram()
    out = tmp_path / "w.png"
    assert ns["main"](["x", str(out)]) == 0
    img = cv2.imread(str(out))
    assert img.shape == (ns["H"], ns["W"], 3)
    committed = cv2.imread(str(HW / "wiring.png"))
    assert committed is not None and committed.shape == img.shape
    # the same drawing (anti-aliasing may differ a little between OpenCV versions)
    assert np.abs(committed.astype(int) - img).mean() < 1.0, "re-run python hw/make_wiring_diagram.py"


def test_boot_config_passes_the_doctor_check():
    row = check_boot_config((HW / "boot/config.txt").read_text())
    assert row.ok, row


def test_asound_conf_has_dmix_dsnoop_softvol_and_default():
    text = (HW / "asound.conf").read_text()
    for needed in ("type dmix", "type dsnoop", "type softvol", "pcm.!default", "hw:sndrpigooglevoi,0"):
        assert needed in text
    assert text.count("{") == text.count("}")


def test_asound_conf_parses_with_alsa(tmp_path):
    assert shutil.which("aplay"), "alsa-utils is missing: `make test` installs it"
    (tmp_path / ".asoundrc").write_text((HW / "asound.conf").read_text())
    out = subprocess.run([shutil.which("aplay"), "-L"], capture_output=True, text=True, env={"HOME": str(tmp_path)},
                         timeout=20)
    names = out.stdout.split()
    assert {"rig_out_mix", "rig_in_snoop", "rig_speaker", "rig_mic", "default"} <= set(names), out.stderr


def test_service_unit():
    text = (HW / "glasses.service").read_text()
    assert re.search(r"^ExecStart=\S*glasses run$", text, re.M)
    assert "Restart=on-failure" in text and "WantedBy=multi-user.target" in text
    assert "User=glasses" in text and "SupplementaryGroups=audio video gpio" in text


def test_setup_script():
    text = (HW / "setup-pi.sh").read_text()
    for needed in ("espeak-ng", "libportaudio2", "alsa-utils", "[pi]", "scripts/fetch_models.py",
                   "systemctl enable glasses.service", "hw/boot/config.txt", "hw/asound.conf"):
        assert needed in text, needed
    assert subprocess.run(["bash", "-n", str(HW / "setup-pi.sh")]).returncode == 0
    assert shutil.which("shellcheck"), "shellcheck is missing: `make test` installs it"
    out = subprocess.run(["shellcheck", str(HW / "setup-pi.sh")], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout
