"""Rig checks over real-looking command output, and the runner over a fake file tree."""

from pathlib import Path

from glasses.rig.config import RigConfig
from glasses.rig.doctor import (Row, check_audio_in, check_audio_out, check_boot_config, check_camera,
                                check_gpio, check_service, parse_alsa_devices, parse_gpioinfo, rig_checks)

APLAY_VOICEHAT = """\
**** List of PLAYBACK Hardware Devices ****
card 0: Headphones [bcm2835 Headphones], device 0: bcm2835 Headphones [bcm2835 Headphones]
  Subdevices: 8/8
  Subdevice #0: subdevice #0
card 1: vc4hdmi0 [vc4-hdmi-0], device 0: MAI PCM i2s-hifi-0 [MAI PCM i2s-hifi-0]
  Subdevices: 1/1
card 2: sndrpigooglevoi [snd_rpi_googlevoicehat_soundcar], device 0: Google voiceHAT SoundCard HiFi voicehat-hifi-0 [Google voiceHAT SoundCard HiFi voicehat-hifi-0]
  Subdevices: 1/1
"""
APLAY_HDMI_ONLY = "\n".join(APLAY_VOICEHAT.splitlines()[:6]) + "\n"
ARECORD_USB = """\
**** List of CAPTURE Hardware Devices ****
card 3: Device [USB PnP Sound Device], device 0: USB Audio [USB Audio]
  Subdevices: 1/1
"""
LIST_CAMERAS = """\
Available cameras
-----------------
0 : imx708_wide [4608x2592 10-bit RGGB] (/base/soc/i2c0mux/i2c@1/imx708@1a)
    Modes: 'SRGGB10_CSI2P' : 1536x864 [120.13 fps - (768, 432)/3072x1728 crop]
"""
GPIOINFO_V1 = """\
gpiochip0 - 54 lines:
\tline   2:      "GPIO2"       unused   input  active-high
\tline  17:     "GPIO17"   "gpiozero"  input  active-high [used]
\tline  18:     "GPIO18"       unused   input  active-high
\tline  22:     "GPIO22"       unused  output  active-high
\tline  27:     "GPIO27"  "led0"  output  active-high [used]
"""
GPIOINFO_V2 = """\
gpiochip0 - 54 lines:
\tline  17:\t"GPIO17"\tinput bias=pull-up consumer="lg"
\tline  22:\t"GPIO22"\toutput
\tline  27:\t"GPIO27"\toutput
"""


def test_parse_alsa_devices():
    devs = parse_alsa_devices(APLAY_VOICEHAT)
    assert [(d.card, d.card_id, d.device) for d in devs] == [(0, "Headphones", 0), (1, "vc4hdmi0", 0),
                                                            (2, "sndrpigooglevoi", 0)]


def test_audio_checks():
    out = check_audio_out(APLAY_VOICEHAT)
    assert out.ok and "I2S" in out.detail and "card 2" in out.detail
    hdmi = check_audio_out(APLAY_HDMI_ONLY)  # HDMI's "i2s-hifi" is not the rig's amplifier
    assert not hdmi.ok and "config.txt" in hdmi.fix
    usb = check_audio_in(ARECORD_USB)
    assert usb.ok and usb.detail.startswith("USB microphone")
    assert not check_audio_in("").ok
    missing = check_audio_in(None)
    assert not missing.ok and "alsa-utils" in missing.fix


def test_camera_check():
    codecs = {"/dev/video10": "bcm2835-codec-decode", "/dev/video12": "bcm2835-isp",
              "/dev/video19": "rpi-hevc-dec", "/dev/video20": "pispbe"}
    assert check_camera(codecs, LIST_CAMERAS) == Row("camera", True, "imx708_wide (CSI camera) via libcamera")
    none = check_camera(codecs, "No cameras available!")
    assert not none.ok and "ribbon" in none.fix and "codec" in none.detail
    usb = check_camera({**codecs, "/dev/video0": "HD Pro Webcam C920"}, None)
    assert usb.ok and "/dev/video0" in usb.detail
    assert check_camera({"/dev/video0": "unicam-image", "/dev/video1": "unicam-embedded"}).ok
    assert not check_camera({}).ok
    assert check_camera({"/dev/video2": "Display Cam"}).ok  # "isp" inside a word is not an ISP


def test_gpioinfo_both_formats():
    assert parse_gpioinfo(GPIOINFO_V1) == {2: "", 17: "gpiozero", 18: "", 22: "", 27: "led0"}
    assert parse_gpioinfo(GPIOINFO_V2) == {17: "lg", 22: "", 27: ""}


def test_gpio_check():
    pins = RigConfig().pins
    busy = check_gpio(["/dev/gpiochip0"], pins, GPIOINFO_V1)
    assert not busy.ok and "GPIO27 (led0)" in busy.detail
    assert check_gpio(["/dev/gpiochip0"], pins, GPIOINFO_V2).ok  # held by our own gpiozero (lgpio)
    assert check_gpio(["/dev/gpiochip0"], pins, None).ok
    nochip = check_gpio([], pins, None)
    assert not nochip.ok and "rig.gpio: false" in nochip.fix


def test_boot_config():
    good = "[all]\ncamera_auto_detect=1\ndtparam=i2s=on\ndtoverlay=googlevoicehat-soundcard\n"
    assert check_boot_config(good).ok
    commented = "camera_auto_detect=1\n#dtoverlay=googlevoicehat-soundcard\n"
    bad = check_boot_config(commented)
    assert not bad.ok and "no I2S audio overlay" in bad.detail
    assert not check_boot_config(None).ok


def test_service_states():
    assert check_service("active\n", "enabled\n").ok
    failed = check_service("failed\n", "enabled\n")
    assert not failed.ok and "journalctl -u glasses" in failed.fix
    assert "enable --now" in check_service("inactive\n", "disabled\n").fix
    assert "not installed" in check_service("inactive\n", "not-found\n").detail
    assert not check_service(None, None).ok


def test_runner_over_fake_machine(tmp_path: Path):
    root = tmp_path
    (root / "dev").mkdir()
    for name in ("video0", "video10", "gpiochip0"):
        (root / "dev" / name).touch()
    for dev, label in (("video0", "unicam-image"), ("video10", "bcm2835-codec-decode")):
        (root / "sys/class/video4linux" / dev).mkdir(parents=True)
        (root / "sys/class/video4linux" / dev / "name").write_text(label + "\n")
    (root / "boot/firmware").mkdir(parents=True)
    (root / "boot/firmware/config.txt").write_text("camera_auto_detect=1\ndtoverlay=googlevoicehat-soundcard\n")
    outputs = {
        ("arecord", "-l"): APLAY_VOICEHAT.replace("PLAYBACK", "CAPTURE"),
        ("aplay", "-l"): APLAY_VOICEHAT,
        ("gpioinfo",): GPIOINFO_V2,
        ("systemctl", "is-active", "glasses"): "active\n",
        ("systemctl", "is-enabled", "glasses"): "enabled\n",
    }
    asked = []

    def run(argv):
        asked.append(tuple(argv))
        return outputs.get(tuple(argv))  # rpicam-hello / libcamera-hello: not installed

    rows = rig_checks(RigConfig(), run=run, root=root)
    assert [r.name for r in rows] == ["microphone", "speaker", "camera", "boot config", "GPIO", "service"]
    assert all(r.ok for r in rows), rows
    assert rows[2].detail == "/dev/video0 (unicam-image)"
    assert ("rpicam-hello", "--list-cameras") in asked
    no_gpio = rig_checks(RigConfig(gpio=False), run=run, root=root)
    assert "GPIO" not in [r.name for r in no_gpio]
    name, ok, detail, fix = rows[0]  # rows unpack as plain tuples too


def test_doctor_says_which_recognizer_runs(monkeypatch):
    from glasses.config import Config
    from glasses.doctor import check_recognizer

    assert check_recognizer(Config())[0].detail.startswith("whisper base")
    monkeypatch.setattr("glasses.stt.whisper_models.available", lambda name: False)
    assert check_recognizer(Config())[0].detail.startswith("pocketsphinx (the fallback")


def test_doctor_exits_2_on_a_problem_as_the_readme_says(capsys):
    from glasses.doctor import print_report

    assert print_report([Row("python: numpy", True, "imports", "")]) == 0
    assert print_report([Row("python: numpy", True, "imports", ""),
                         Row("camera", False, "no /dev/video* devices", "plug in a camera")]) == 2
    assert "- camera: no /dev/video* devices -> fix: plug in a camera" in capsys.readouterr().out


def test_doctor_command_exit_code_on_a_real_problem(glasses_cli, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be\n")
    r = glasses_cli("doctor", env={"XDG_DATA_HOME": str(blocked)})
    assert "PROBLEM" in r.stdout and "Traceback" not in r.stderr
    assert r.returncode == 2
