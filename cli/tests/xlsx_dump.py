"""Read a workbook back with openpyxl and print what a user of Excel would see, as
JSON, for cli/tests/report_xlsx.rs: per sheet its name, cells (text and openpyxl's
data type), freeze pane, autofilter, page setup, print titles, fonts, column
widths, printed header, tab colour, notes and where "number stored as text" is
ignored; and, from the zip itself, whether any sheet holds a formula (<f>) and
the entries' names and dates.

Usage: python3 xlsx_dump.py BOOK.xlsx
"""

import json
import re
import sys
import zipfile

import openpyxl
from openpyxl.utils import get_column_letter


def sheet(ws, xml):
    rows, types = [], []
    for row in ws.iter_rows():
        rows.append(["" if c.value is None else str(c.value) for c in row])
        types.append([c.data_type for c in row])
    widths = {}
    for dim in ws.column_dimensions.values():
        if dim.min is None or dim.max is None:
            continue
        for i in range(dim.min, dim.max + 1):
            widths[get_column_letter(i)] = dim.width
    fonts = sorted({c.font.name for row in ws.iter_rows() for c in row if c.font is not None and c.font.name})
    header = [c for c in next(ws.iter_rows(min_row=1, max_row=1), [])]
    setup = ws.page_setup
    props = ws.sheet_properties
    tab = props.tabColor.rgb if props.tabColor is not None else None
    return {
        "name": ws.title,
        "rows": rows,
        "types": types,
        "freeze": ws.freeze_panes,
        "autofilter": ws.auto_filter.ref,
        "dimensions": ws.dimensions,
        "orientation": setup.orientation,
        "paper": None if setup.paperSize is None else int(setup.paperSize),
        # An absent fitToWidth/fitToHeight means 1 (the schema's default).
        "fit_width": 1 if setup.fitToWidth is None else int(setup.fitToWidth),
        "fit_height": 1 if setup.fitToHeight is None else int(setup.fitToHeight),
        "fit_to_page": bool(props.pageSetUpPr is not None and props.pageSetUpPr.fitToPage),
        "print_title_rows": ws.print_title_rows,
        "header_bold": bool(header) and all(bool(c.font.b) for c in header),
        "wrap": all(bool(c.alignment.wrap_text) for row in ws.iter_rows() for c in row if c.value is not None),
        "fonts": fonts,
        "widths": widths,
        "print_header": {
            "left": ws.oddHeader.left.text,
            "center": ws.oddHeader.center.text,
            "right": ws.oddHeader.right.text,
        },
        "tab_color": tab,
        "number_as_text_ignored": [m.decode() for m in re.findall(rb'<ignoredError sqref="([^"]+)" numberStoredAsText="1"', xml)],
        "notes": {c.coordinate: c.comment.text for row in ws.iter_rows() for c in row if c.comment is not None},
    }


def main(path):
    book = openpyxl.load_workbook(path)
    with zipfile.ZipFile(path) as z:
        sheets_xml = [n for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        formulas = sum(len(re.findall(rb"<f[ >]", z.read(n))) for n in sheets_xml)
        entries = [{"name": i.filename, "date": list(i.date_time)} for i in z.infolist()]
        # The sheets' XML in workbook order (sheetN.xml is the N-th sheet).
        xmls = [z.read(f"xl/worksheets/sheet{i + 1}.xml") for i in range(len(book.worksheets))]
    created = book.properties.created
    print(
        json.dumps(
            {
                "sheets": [sheet(ws, xml) for ws, xml in zip(book.worksheets, xmls)],
                "formula_tags": formulas,
                "entries": entries,
                "created": None if created is None else created.isoformat(),
                "status": book.properties.contentStatus,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
