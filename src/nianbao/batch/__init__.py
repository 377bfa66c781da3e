"""Many reports at once: find the files, read and check each in a process pool, sum them up.

discover   — which files a list of paths/folders means
worker     — the per-file job (runs in a pool; returns plain picklable data)
pool       — running the worker over many files in child processes (a crash costs one file)
agency     — matching agency names across reports and years
audit      — `nianbao audit`: one record per file, the summary tables
aggregate  — `nianbao aggregate`: the cell-by-cell total of one year's reports
summary_xlsx — writing the audit summary workbook (XlsxWriter, text kept as text)
"""
