# Quick start:  make demo   (replays the bundled demo session)
#               make test   (the whole test suite)
# Both bootstrap on a fresh Debian / Raspberry Pi OS machine: system packages (apt-get,
# as root or with sudo), a virtualenv in .venv, the project. A second run skips all that.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps
# espeak-ng: speech out (pyttsx3) and test speech; libportaudio2: sounddevice; alsa-utils:
# aplay/arecord; sox: audio checks; xvfb, xdotool, imagemagick: the emulator's screen test;
# fonts-dejavu-core: label fonts for the OCR tests; shellcheck: checks hw/setup-pi.sh;
# strace, util-linux (unshare): the no-egress test; python3-venv: venv on Debian.
SYSTEM_PACKAGES := espeak-ng libportaudio2 alsa-utils sox xvfb xdotool imagemagick fonts-dejavu-core shellcheck strace util-linux python3-venv

.PHONY: demo test bench doctor system install clean

demo: $(STAMPS)/install
	$(BIN)/glasses demo

test: $(STAMPS)/install
	$(BIN)/python -m pytest -q

bench: $(STAMPS)/install
	$(BIN)/glasses bench

doctor: $(STAMPS)/install
	$(BIN)/glasses doctor

system: $(STAMPS)/system

install: $(STAMPS)/install

$(STAMPS)/system: Makefile
	@mkdir -p $(STAMPS)
	scripts/system-packages.sh $(SYSTEM_PACKAGES)
	@touch $@

$(STAMPS)/install: pyproject.toml $(STAMPS)/system
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

clean:
	rm -rf $(STAMPS) $(VENV) build *.egg-info
