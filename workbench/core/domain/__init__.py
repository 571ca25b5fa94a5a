"""The vocabulary every layer shares: an application and its claims (model), money, the credit
code, hostile text, the review stages, roles and decisions with their labels (workflow), totals.
Imports nothing else of the workbench."""
