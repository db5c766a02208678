"""``python -m glasses.emulator``: the ``glasses emulate`` command on its own."""

from glasses.emulator.cli import main

raise SystemExit(main())
