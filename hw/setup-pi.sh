#!/usr/bin/env bash
# Take a fresh Raspberry Pi OS (Bookworm, 64-bit) to a running glasses assistant.
#
#   git clone <this repo> ~/glasses && cd ~/glasses && sudo hw/setup-pi.sh
#
# What it does (each step is safe to repeat):
#   1. apt packages: espeak-ng, libportaudio2, alsa-utils, picamera2/libcamera, gpiod, ...
#   2. a system user "glasses" (groups audio, video, gpio, input, render)
#   3. the code in /opt/glasses, a venv with the pi extra (gpiozero, picamera2)
#   4. the models (scripts/fetch_models.py; needs internet once, checks sha256)
#   5. /boot/firmware/config.txt overlays (I2S mic + amp, camera) and /etc/asound.conf
#   6. a starter config in /var/lib/glasses/.config/glasses/config.yaml
#   7. the systemd service, enabled at boot
#
# Options: --no-boot-config  leave config.txt and asound.conf alone (USB mic/speaker)
#          --no-service      do not install or enable the service
#          --no-models       skip the model download (pocketsphinx works without it)
set -euo pipefail

APP_DIR=/opt/glasses
APP_USER=glasses
STATE_DIR=/var/lib/glasses
BOOT_CONFIG=/boot/firmware/config.txt
MARKER="# glasses rig"

boot_config=1
service=1
models=1
for arg in "$@"; do
    case "$arg" in
        --no-boot-config) boot_config=0 ;;
        --no-service) service=0 ;;
        --no-models) models=0 ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
    esac
done

say() { printf '\n== %s\n' "$*"; }
die() { printf 'setup-pi: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root: sudo $0 $*"
SRC_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -f "$SRC_DIR/pyproject.toml" ] || die "run this from the glasses repository (hw/setup-pi.sh)"
if [ -r /etc/os-release ]; then
    # shellcheck disable=SC1091
    . /etc/os-release
    [ "${VERSION_CODENAME:-}" = "bookworm" ] || echo "warning: made for Bookworm, this is ${PRETTY_NAME:-unknown}" >&2
fi
[ "$(uname -m)" = "aarch64" ] || echo "warning: made for 64-bit Raspberry Pi OS, this is $(uname -m)" >&2
[ -f "$BOOT_CONFIG" ] || BOOT_CONFIG=/boot/config.txt

say "1/7 packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends \
    python3 python3-venv python3-pip python3-dev \
    espeak-ng libportaudio2 alsa-utils \
    python3-picamera2 python3-libcamera rpicam-apps-lite \
    python3-gpiozero python3-lgpio gpiod \
    ca-certificates

say "2/7 user $APP_USER"
if ! id "$APP_USER" >/dev/null 2>&1; then
    useradd --system --home-dir "$STATE_DIR" --create-home --shell /usr/sbin/nologin "$APP_USER"
fi
for group in audio video gpio input render; do
    if getent group "$group" >/dev/null; then
        usermod -a -G "$group" "$APP_USER"
    fi
done
install -d -o "$APP_USER" -g "$APP_USER" "$STATE_DIR" "$STATE_DIR/.config/glasses" "$STATE_DIR/.local/share/glasses"

say "3/7 code in $APP_DIR and its venv"
install -d "$APP_DIR"
if [ "$SRC_DIR" != "$APP_DIR" ]; then
    tar -C "$SRC_DIR" --exclude=./.venv --exclude=./.git --exclude='*.pyc' -cf - . | tar -C "$APP_DIR" -xf -
fi
# --system-site-packages: picamera2, libcamera and lgpio come from apt (they are tied to the OS)
if [ ! -x "$APP_DIR/.venv/bin/python" ]; then
    python3 -m venv --system-site-packages "$APP_DIR/.venv"
fi
"$APP_DIR/.venv/bin/pip" install --upgrade pip
"$APP_DIR/.venv/bin/pip" install "${APP_DIR}[pi]"
# apt's simplejpeg (used by picamera2) is built for Debian's numpy 1.x; the venv has numpy 2.x.
# A simplejpeg wheel from PyPI in the venv fixes "numpy.dtype size changed" (picamera2 #1088, #1211).
"$APP_DIR/.venv/bin/pip" install --force-reinstall --no-deps 'simplejpeg>=1.8.1'
"$APP_DIR/.venv/bin/glasses" --version

say "4/7 models"
if [ "$models" -eq 1 ]; then
    if [ -f "$APP_DIR/scripts/fetch_models.py" ]; then
        if ! runuser -u "$APP_USER" -- env HOME="$STATE_DIR" XDG_DATA_HOME="$STATE_DIR/.local/share" \
                "$APP_DIR/.venv/bin/python" "$APP_DIR/scripts/fetch_models.py"; then
            echo "warning: model download failed; speech falls back to pocketsphinx. Retry later with:" >&2
            echo "  sudo -u $APP_USER HOME=$STATE_DIR $APP_DIR/.venv/bin/python $APP_DIR/scripts/fetch_models.py" >&2
        fi
    else
        echo "warning: $APP_DIR/scripts/fetch_models.py not found; skipping models" >&2
    fi
fi

say "5/7 boot overlays and ALSA"
reboot_needed=0
if [ "$boot_config" -eq 1 ]; then
    if ! grep -qF "$MARKER" "$BOOT_CONFIG"; then
        cp "$BOOT_CONFIG" "$BOOT_CONFIG.before-glasses"
        cat "$APP_DIR/hw/boot/config.txt" >> "$BOOT_CONFIG"
        reboot_needed=1
        echo "added the overlays to $BOOT_CONFIG (backup: $BOOT_CONFIG.before-glasses)"
    else
        echo "$BOOT_CONFIG already has the glasses overlays"
    fi
    if [ -f /etc/asound.conf ] && ! cmp -s /etc/asound.conf "$APP_DIR/hw/asound.conf"; then
        cp /etc/asound.conf /etc/asound.conf.before-glasses
    fi
    install -m 0644 "$APP_DIR/hw/asound.conf" /etc/asound.conf
fi

say "6/7 config"
CONFIG="$STATE_DIR/.config/glasses/config.yaml"
if [ ! -f "$CONFIG" ]; then
    tz="$(timedatectl show -p Timezone --value 2>/dev/null || true)"
    {
        echo "# glasses configuration: \`glasses config\` lists every key with its default."
        echo "# On a Raspberry Pi the cheaper 'pi' profile is chosen automatically."
        if [ -n "$tz" ]; then
            echo "assistant:"
            echo "  timezone: $tz"
        fi
    } > "$CONFIG"
    chown "$APP_USER:$APP_USER" "$CONFIG"
fi

say "7/7 service"
if [ "$service" -eq 1 ]; then
    install -m 0644 "$APP_DIR/hw/glasses.service" /etc/systemd/system/glasses.service
    systemctl daemon-reload
    systemctl enable glasses.service
    if [ "$reboot_needed" -eq 0 ]; then
        systemctl restart glasses.service
    fi
fi

say "done"
runuser -u "$APP_USER" -- env HOME="$STATE_DIR" "$APP_DIR/.venv/bin/glasses" doctor || true
if [ "$reboot_needed" -eq 1 ]; then
    echo "Reboot to load the I2S and camera overlays: sudo reboot  (the assistant starts by itself)"
fi
