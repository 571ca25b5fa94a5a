"""Table models over plain rows; sorting and filtering happen here, not in a proxy model."""
