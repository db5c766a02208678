"""glasses: an offline, on-device assistant for AI glasses."""

import os as _os

# Privacy: onnxruntime's official wheels carry Microsoft's 1DS telemetry, on by default. It
# writes a device id and queued usage events under $XDG_CACHE_HOME/Microsoft/DeveloperTools and
# uploads them. ORT_DISABLE_TELEMETRY=1, set before onnxruntime initializes, stops the uploader,
# the events and the device id for the life of the process (onnxruntime's Privacy.md). Every
# entry point imports this package first, so it is set here, unconditionally: nothing the wearer
# does may leave the device. tests/test_no_egress.py proves it with no network and strace.
_os.environ["ORT_DISABLE_TELEMETRY"] = "1"

__version__ = "0.1.0"
