from glasses.cli import main

raise SystemExit(main())
