"""The measures as data and the engine that applies them: the rule set (ruleset), the usage of
caps already granted (usage), settling a claim (settle) and rendering the explanation (explain).
Pure: no database, no files other than the rule-set resource."""
