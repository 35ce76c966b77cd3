from painscope.cli import main

raise SystemExit(main())
