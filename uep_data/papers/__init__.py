"""The papers the programme publishes: the board pack, the annual report and each funder's
return. Each is made from its view's figures (uep_data/views), laid out as blocks
(document.py) and typeset as an accessible PDF (typeset.py), as web pages (web_pages.py) or as
a workbook (funder_return.py)."""
