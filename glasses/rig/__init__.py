"""The Raspberry Pi rig: button gestures, indicator LEDs, rig checks and Pi detection.

Pure logic (``GestureDetector``, ``indicators_after``, the doctor's ``check_*``
functions, ``profile_for_model``) never touches a device; the gpiozero adapters
(``GpioButton``, ``GpioLeds``) need the ``pi`` extra and have null twins.
"""
