"""The review as a process: importing batches (batches, check), decisions and stages
(decisions), joint finalize across a batch (joint), awards into the ledger and amendments (awards),
the budget (budget), recomputing open applications (recompute), and ledger import (ledger)."""
