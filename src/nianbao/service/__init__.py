"""`nianbao serve`: the office service — the buttons through xlwings Server, a browser page
for WPS/LibreOffice/any Excel, and a JSON API, all calling the same functions as the CLI."""
