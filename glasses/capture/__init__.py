"""Capture: photos and videos with faces blurred, kept in a private gallery on the device."""
