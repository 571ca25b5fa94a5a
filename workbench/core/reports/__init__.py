"""Documents the workbench produces: the review sheet PDF, the batch summary workbook and
the public-notice list. Each builder is a pure function of plain dataclasses."""
