"""Rig checks for ``glasses doctor``: I2S audio, camera, GPIO pins, boot overlays, service.

Each ``check_*`` is a pure function over command output or file contents and returns
a Row(name, ok, detail, fix). ``rig_checks()`` is the thin runner that gathers that
input on a real machine (commands through ``run``, files under ``root``) so tests can
hand it canned output and a fake file tree.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from glasses.doctor_row import Row
from glasses.rig.config import RigConfig


@dataclass(frozen=True, slots=True)
class AlsaDevice:
    card: int
    card_id: str
    card_name: str
    device: int
    description: str

    @property
    def label(self) -> str:
        return f"card {self.card} ({self.card_name}), device {self.device}"

    def text(self) -> str:
        return f"{self.card_id} {self.card_name} {self.description}".lower()


_ALSA_LINE = re.compile(r"^card (\d+): (\S+) \[(.*?)\], device (\d+): (.*?)(?: \[(.*)\])?\s*$")
_I2S_MARKERS = ("voicehat", "i2s", "max98357", "inmp441", "sph0645", "adau7002", "hifiberry",
                "snd_rpi", "seeed", "wm8960", "simple-card", "dmic")
_NOT_RIG = ("hdmi", "headphones", "bcm2835 alsa")
_OVERLAY_FIX = ("add the overlays from hw/boot/config.txt to /boot/firmware/config.txt, "
                "check the wiring in hw/README.md, then reboot")


def parse_alsa_devices(output: str) -> list[AlsaDevice]:
    """The devices listed by ``aplay -l`` or ``arecord -l``."""
    devices = []
    for line in output.splitlines():
        m = _ALSA_LINE.match(line.strip())
        if m:
            devices.append(AlsaDevice(int(m[1]), m[2], m[3], int(m[4]), m[6] or m[5]))
    return devices


def _is_i2s(dev: AlsaDevice) -> bool:
    return any(k in dev.text() for k in _I2S_MARKERS) and not any(k in dev.text() for k in _NOT_RIG)


def _is_usb(dev: AlsaDevice) -> bool:
    return "usb" in dev.text()


def _check_audio(name: str, output: str | None, what: str, tool: str) -> Row:
    if output is None:
        return Row(name, False, f"{tool} not found", "sudo apt install alsa-utils")
    devices = parse_alsa_devices(output)
    i2s = [d for d in devices if _is_i2s(d)]
    usb = [d for d in devices if _is_usb(d)]
    if i2s:
        return Row(name, True, f"I2S {what}: {i2s[0].label}")
    if usb:
        return Row(name, True, f"USB {what}: {usb[0].label} (no I2S {what} found)")
    found = ", ".join(d.label for d in devices) or "no sound cards"
    return Row(name, False, f"no I2S or USB {what} ({found})", _OVERLAY_FIX)


def check_audio_out(aplay_l: str | None) -> Row:
    """``aplay -l`` output (None: aplay is missing)."""
    return _check_audio("speaker", aplay_l, "amplifier", "aplay")


def check_audio_in(arecord_l: str | None) -> Row:
    """``arecord -l`` output (None: arecord is missing)."""
    return _check_audio("microphone", arecord_l, "microphone", "arecord")


SENSORS = {"imx708": "Camera Module 3", "imx219": "Camera Module 2", "ov5647": "Camera Module 1",
           "imx477": "HQ Camera", "imx296": "Global Shutter Camera", "imx500": "AI Camera"}
_NOT_CAMERA = re.compile(r"\b(codec|isp|pispbe|hevc|jpeg|h264|rp1-cfe|embedded)\b|-(dec|enc|decode|encode)\b",
                         re.IGNORECASE)


def check_camera(video_names: dict[str, str], list_cameras: str | None = None) -> Row:
    """``video_names``: /dev/videoN -> its /sys/class/video4linux name; ``list_cameras``:
    ``rpicam-hello --list-cameras`` output (None when rpicam-apps are not installed)."""
    if list_cameras:
        sensors = re.findall(r"^\s*\d+\s*:\s*(\w+)\s*\[", list_cameras, re.MULTILINE)
        if sensors:
            s = sensors[0]
            return Row("camera", True, f"{s} ({SENSORS.get(s, 'CSI camera')}) via libcamera")
    capture = sorted((dev for dev, n in video_names.items() if not _NOT_CAMERA.search(n)),
                     key=lambda d: int(re.sub(r"\D", "", d) or 0))
    if capture:
        dev = capture[0]
        return Row("camera", True, f"{dev} ({video_names[dev] or 'V4L2 camera'})")
    fix = ("connect the camera ribbon firmly at both ends (Pi 5 and Zero 2 W need the 22-pin cable), "
           "keep camera_auto_detect=1 in config.txt and reboot, or plug in a USB camera")
    if not video_names:
        return Row("camera", False, "no /dev/video* devices", fix)
    return Row("camera", False, "only codec/ISP video devices, no camera: "
               + ", ".join(sorted(video_names)[:4]), fix)


_GPIOINFO_LINE = re.compile(r'line\s+(\d+):\s+"([^"]*)"\s*(.*)$')
_OURS = ("gpiozero", "lg", "lgpio", "glasses", "python")


def parse_gpioinfo(output: str) -> dict[int, str]:
    """BCM number -> consumer ("" when unused) for the header pins named GPIOn.

    Reads both libgpiod 1.x (``"GPIO17" "consumer" input ... [used]``) and 2.x
    (``"GPIO17" input consumer="x"``) formats.
    """
    pins: dict[int, str] = {}
    for line in output.splitlines():
        m = _GPIOINFO_LINE.search(line)
        if not m or not re.fullmatch(r"GPIO\d+", m[2]):
            continue
        rest = m[3]
        consumer = ""
        v2 = re.search(r'consumer="([^"]*)"', rest)
        if v2:
            consumer = v2[1]
        else:
            v1 = re.match(r'"([^"]*)"', rest.strip())
            if v1 and "[used]" in rest:
                consumer = v1[1] or "kernel"
            elif rest.strip().startswith("kernel") or "[used]" in rest:
                consumer = "kernel"
        pins[int(m[2][4:])] = consumer
    return pins


def check_gpio(chips: list[str], pins: dict[str, int], gpioinfo: str | None) -> Row:
    """``chips``: /dev/gpiochip* paths; ``pins``: role -> BCM number; ``gpioinfo`` output or None."""
    wanted = ", ".join(f"{role} GPIO{pin}" for role, pin in pins.items())
    if not chips:
        return Row("GPIO", False, "no /dev/gpiochip* (not a Raspberry Pi, or GPIO is not available)",
                   "run on the Pi, or set rig.gpio: false in config.yaml")
    if gpioinfo is None:
        return Row("GPIO", True, f"{wanted} (gpioinfo not installed: pins not checked)")
    lines = parse_gpioinfo(gpioinfo)
    missing = [f"GPIO{p}" for p in pins.values() if p not in lines]
    busy = [f"GPIO{p} ({lines[p]})" for p in pins.values()
            if lines.get(p) and not lines[p].lower().startswith(_OURS)]
    if busy:
        return Row("GPIO", False, "in use by something else: " + ", ".join(busy),
                   "remove the overlay or program holding the pin, or choose other pins under rig: in config.yaml")
    if missing and len(missing) == len(pins):
        return Row("GPIO", False, "the header pins are not listed by gpioinfo",
                   "check that this is a Raspberry Pi running Raspberry Pi OS")
    return Row("GPIO", True, wanted)


def check_boot_config(text: str | None, path: str = "/boot/firmware/config.txt") -> Row:
    """The firmware config: an I2S overlay for mic and amplifier, and the camera."""
    if text is None:
        return Row("boot config", False, f"{path} not found", "is this Raspberry Pi OS Bookworm?")
    active = [ln.split("#", 1)[0].strip() for ln in text.splitlines()]
    overlays = [ln.split("=", 1)[1].split(",")[0].strip() for ln in active if ln.startswith("dtoverlay=")]
    audio = [o for o in overlays if o in ("googlevoicehat-soundcard", "max98357a", "i2s-mmap", "adau7002-simple",
                                         "hifiberry-dac", "rpi-digiampplus")]
    camera = "camera_auto_detect=1" in active or any(o.startswith(("imx", "ov5647")) for o in overlays)
    problems = []
    if not audio:
        problems.append("no I2S audio overlay")
    if not camera:
        problems.append("camera detection off")
    if problems:
        return Row("boot config", False, f"{path}: " + ", ".join(problems),
                   "append hw/boot/config.txt to " + path + " and reboot (USB audio/camera need neither)")
    return Row("boot config", True, f"{path}: dtoverlay={audio[0]}, camera on")


def check_service(is_active: str | None, is_enabled: str | None, unit: str = "glasses") -> Row:
    """``systemctl is-active`` / ``is-enabled`` output (None: no systemctl)."""
    if is_active is None:
        return Row("service", False, "systemctl not found", "the rig runs on systemd (Raspberry Pi OS)")
    active, enabled = is_active.strip() or "unknown", (is_enabled or "").strip() or "unknown"
    detail = f"{unit}.service {active}, {enabled} at boot"
    if active == "active" and enabled == "enabled":
        return Row("service", True, detail)
    if enabled in ("not-found", "unknown") and active in ("inactive", "unknown"):
        return Row("service", False, f"{unit}.service is not installed",
                   f"sudo cp hw/glasses.service /etc/systemd/system/ && sudo systemctl enable --now {unit}")
    if active == "failed":
        return Row("service", False, detail, f"journalctl -u {unit} -e  (then: sudo systemctl restart {unit})")
    if enabled != "enabled":
        return Row("service", False, detail, f"sudo systemctl enable --now {unit}")
    return Row("service", False, detail, f"sudo systemctl start {unit}")


# ---- the thin runner ----------------------------------------------------------------------

Runner = Callable[[list[str]], "str | None"]


def run_command(argv: list[str], timeout: float = 5.0) -> str | None:
    """stdout of ``argv`` (even on a non-zero exit), or None if the program is missing."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    except (FileNotFoundError, PermissionError):
        return None
    except subprocess.TimeoutExpired:
        return ""
    return done.stdout


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def video_devices(root: Path = Path("/")) -> dict[str, str]:
    out = {}
    for dev in sorted((root / "dev").glob("video*")):
        name = _read(root / "sys/class/video4linux" / dev.name / "name")
        out[f"/dev/{dev.name}"] = (name or "").strip()
    return out


def rig_checks(rig: RigConfig | None = None, run: Runner = run_command, root: Path = Path("/"),
               unit: str = "glasses") -> list[Row]:
    """Every rig check on this machine; a few seconds at most."""
    rig = rig or RigConfig()
    boot = root / "boot/firmware/config.txt"
    if not boot.exists() and (root / "boot/config.txt").exists():
        boot = root / "boot/config.txt"
    list_cameras = run(["rpicam-hello", "--list-cameras"])
    if list_cameras is None:
        list_cameras = run(["libcamera-hello", "--list-cameras"])
    rows = [
        check_audio_in(run(["arecord", "-l"])),
        check_audio_out(run(["aplay", "-l"])),
        check_camera(video_devices(root), list_cameras),
        check_boot_config(_read(boot), "/" + str(boot.relative_to(root))),
    ]
    if rig.gpio:
        chips = [f"/dev/{p.name}" for p in sorted((root / "dev").glob("gpiochip*"))]
        rows.append(check_gpio(chips, rig.pins, run(["gpioinfo"])))
    rows.append(check_service(run(["systemctl", "is-active", unit]), run(["systemctl", "is-enabled", unit]),
                              unit))
    return rows
