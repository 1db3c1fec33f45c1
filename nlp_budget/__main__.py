from nlp_budget.main import main

raise SystemExit(main())
