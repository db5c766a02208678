#!/usr/bin/env python3
"""Draw hw/wiring.png: how the glasses rig is wired to the Raspberry Pi's 40-pin header.

    python hw/make_wiring_diagram.py [OUT.png]

WIRES below is the single source for the picture; hw/README.md's pin table and
glasses.rig.config.RigConfig's default pins match it (tests/rig/test_hw_files.py checks).
"""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np

# (component, component pin, header pin, signal) -- physical header pin numbers
WIRES = [
    ("INMP441 microphone", "VDD", 1, "3V3"),
    ("INMP441 microphone", "GND", 39, "GND"),
    ("INMP441 microphone", "L/R", 39, "GND"),
    ("INMP441 microphone", "SCK", 12, "GPIO18 I2S BCLK"),
    ("INMP441 microphone", "WS", 35, "GPIO19 I2S LRCLK"),
    ("INMP441 microphone", "SD", 38, "GPIO20 I2S DIN"),
    ("MAX98357A amplifier", "VIN", 2, "5V"),
    ("MAX98357A amplifier", "GND", 6, "GND"),
    ("MAX98357A amplifier", "BCLK", 12, "GPIO18 I2S BCLK"),
    ("MAX98357A amplifier", "LRC", 35, "GPIO19 I2S LRCLK"),
    ("MAX98357A amplifier", "DIN", 40, "GPIO21 I2S DOUT"),
    ("Push button", "leg 1", 11, "GPIO17"),
    ("Push button", "leg 2", 9, "GND"),
    ("Privacy LED (red)", "anode via 330R", 13, "GPIO27"),
    ("Privacy LED (red)", "cathode", 14, "GND"),
    ("Listening LED (green)", "anode via 330R", 15, "GPIO22"),
    ("Listening LED (green)", "cathode", 20, "GND"),
]

NOTES = {
    "INMP441 microphone": "L/R to GND: left channel",
    "MAX98357A amplifier": "SD, GAIN unconnected",
    "Push button": "momentary, normally open",
    "Privacy LED (red)": "lit while the camera captures",
    "Listening LED (green)": "lit while listening",
}

# BGR colours per signal, chosen to be told apart on white paper
COLORS = {
    "3V3": (0, 140, 255), "5V": (30, 30, 220), "GND": (60, 60, 60),
    "GPIO18 I2S BCLK": (0, 170, 200), "GPIO19 I2S LRCLK": (40, 160, 40), "GPIO20 I2S DIN": (200, 90, 20),
    "GPIO21 I2S DOUT": (170, 40, 150), "GPIO17": (160, 160, 0), "GPIO27": (20, 60, 160),
    "GPIO22": (110, 110, 0),
}

W, H = 1800, 1300
FONT = cv2.FONT_HERSHEY_SIMPLEX
BOLD = cv2.FONT_HERSHEY_DUPLEX
INK = (25, 25, 25)
ROW = 34


def text(img, s, org, scale=0.6, color=INK, thick=1, font=FONT, align="left"):
    (w, h), _ = cv2.getTextSize(s, font, scale, thick)
    x, y = org
    if align == "right":
        x -= w
    elif align == "center":
        x -= w // 2
    cv2.putText(img, s, (x, y), font, scale, color, thick, cv2.LINE_AA)
    return w


def components() -> list[str]:
    seen: list[str] = []
    for comp, *_ in WIRES:
        if comp not in seen:
            seen.append(comp)
    return seen


def _overlaps(segments: list[tuple[int, int, int, str]]) -> bool:
    """Whether two wires of different signals run along the same line (y within 5 px)."""
    for i, (y, a0, a1, sig) in enumerate(segments):
        for y2, b0, b1, sig2 in segments[i + 1:]:
            if sig != sig2 and abs(y - y2) < 6 and min(a1, b1) > max(a0, b0):
                return True
    return False


def draw() -> np.ndarray:
    for header_top in range(140, 200, 2):  # shift the header until no two wires share a line
        img, segments = _draw(header_top)
        if not _overlaps(segments):
            return img
    raise RuntimeError("could not lay out the wires without overlaps")


def _draw(header_top: int) -> tuple[np.ndarray, list[tuple[int, int, int, str]]]:
    segments: list[tuple[int, int, int, str]] = []
    img = np.full((H, W, 3), 255, np.uint8)
    text(img, "glasses rig - wiring (Raspberry Pi Zero 2 W / 4 / 5, 40-pin header)", (40, 50), 1.0, INK, 2, BOLD)
    text(img, "Pin numbers are physical header pins. The camera uses the CSI ribbon connector "
              "(or USB); power via USB-C / micro-USB from a power bank.", (40, 85), 0.55, (80, 80, 80))

    # header box on the right: one row per used pin, in pin order
    pins = sorted({(p, sig) for _, _, p, sig in WIRES})
    hx0, hx1, hy0 = 1280, 1740, header_top
    rows = {p: hy0 + 60 + i * (ROW + 8) for i, (p, _) in enumerate(pins)}
    cv2.rectangle(img, (hx0, hy0), (hx1, hy0 + 60 + len(pins) * (ROW + 8)), (40, 110, 40), 2)
    text(img, "Raspberry Pi header", (hx0 + 20, hy0 + 38), 0.75, (40, 110, 40), 2, BOLD)
    for p, sig in pins:
        y = rows[p] + ROW // 2 + 6
        color = COLORS[sig]
        cv2.circle(img, (hx0, y - 6), 9, color, -1, cv2.LINE_AA)
        text(img, f"pin {p:>2}", (hx0 + 24, y), 0.65, INK, 2)
        text(img, sig, (hx0 + 130, y), 0.65, color, 2)

    # components on the left, wires through vertical lanes in the middle
    y = 140
    lane_x = 700
    lanes: dict[int, int] = {}
    for comp in components():
        mine = [w for w in WIRES if w[0] == comp]
        bx0, bx1 = 40, 560
        by1 = y + 78 + len(mine) * ROW
        cv2.rectangle(img, (bx0, y), (bx1, by1), INK, 2)
        text(img, comp, (bx0 + 16, y + 32), 0.75, INK, 2, BOLD)
        text(img, NOTES.get(comp, ""), (bx0 + 16, y + 60), 0.52, (90, 90, 90))
        for i, (_, cpin, p, sig) in enumerate(mine):
            cy = y + 78 + i * ROW + ROW // 2
            color = COLORS[sig]
            text(img, cpin, (bx1 - 20, cy + 7), 0.62, INK, 2, align="right")
            cv2.circle(img, (bx1, cy), 7, color, -1, cv2.LINE_AA)
            if p not in lanes:
                lanes[p] = lane_x
                lane_x += 34
            lx = lanes[p]
            ty = rows[p] + ROW // 2
            pts = np.array([(bx1, cy), (lx, cy), (lx, ty), (hx0, ty)], np.int32)
            cv2.polylines(img, [pts], False, color, 3, cv2.LINE_AA)
            segments += [(cy, bx1, lx, sig), (ty, lx, hx0, sig)]
            cv2.circle(img, (lx, ty), 5, color, -1, cv2.LINE_AA)
        y = by1 + 26

    # the amplifier's other side: the speaker
    amp_top = 140 + sum(78 + ROW * sum(1 for w in WIRES if w[0] == c) + 26
                        for c in components()[:components().index("MAX98357A amplifier")])
    text(img, "speaker + / -  ->  4-8 ohm speaker", (56, amp_top + 160), 0.52, (90, 90, 90))
    text(img, "or bone-conduction transducer", (56, amp_top + 184), 0.52, (90, 90, 90))

    # physical header map under the header box: pin 1 at the SD-card end, even pins on the board edge
    hy1 = hy0 + 60 + len(pins) * (ROW + 8)
    mx0, step = hx0 + 22, 22
    my0 = hy1 + 90
    text(img, "The header seen from above, board edge at the top:", (hx0, hy1 + 40), 0.52, (80, 80, 80))
    used = {p: sig for p, sig in pins}
    for n in range(1, 41):
        col, row = (n - 1) // 2, (n - 1) % 2  # odd pins: inner row (bottom); even pins: edge row (top)
        cx, cy = mx0 + col * step, my0 + (1 - row) * step
        color = COLORS.get(used.get(n, ""), (190, 190, 190))
        cv2.circle(img, (cx, cy), 8 if n in used else 6, color, -1 if n in used else 1, cv2.LINE_AA)
        if n in used:
            label_y = cy + 28 if row == 0 else cy - 16
            text(img, str(n), (cx, label_y), 0.4, INK, 1, align="center")
    cv2.rectangle(img, (mx0 - 13, my0 - 13), (mx0 + 13, my0 + step + 13), (0, 0, 200), 1)
    text(img, "pin 1 (SD-card end)", (mx0 - 13, my0 + step + 62), 0.45, (0, 0, 200))

    cam_y = my0 + step + 100
    cv2.rectangle(img, (hx0, cam_y), (hx1, cam_y + 140), (150, 80, 0), 2)
    text(img, "Camera", (hx0 + 20, cam_y + 34), 0.75, (150, 80, 0), 2, BOLD)
    for i, line in enumerate(["Camera Module 3 on the CSI connector", "(Pi 5 / Zero 2 W: 22-pin ribbon)",
                              "or any USB (UVC) webcam"]):
        text(img, line, (hx0 + 20, cam_y + 68 + i * 26), 0.58, INK)
    return img, segments


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).with_name("wiring.png")
    if not cv2.imwrite(str(out), draw()):
        print(f"could not write {out}", file=sys.stderr)
        return 1
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
