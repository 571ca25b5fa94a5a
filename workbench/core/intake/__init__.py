"""Reading what comes in: guarded xlsx reading (guard, xlsx_reader), the application workbook
(submission), reading many in worker processes (reading), and the blank template (template)."""
