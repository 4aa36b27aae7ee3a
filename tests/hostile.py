"""Hostile and unlucky inputs, generated: small files built to crash, stall or mislead.

Each function returns text or bytes; sizes are parameters so a test can use a small one
and a measurement the full size.
"""

from __future__ import annotations

import io
import zipfile

HEAD = "format: coalition-atlas/1\ntitle: Hostile\nas_of: 2025-06-01\n"


def deep_nesting(depth: int = 40_000) -> str:
    """A dataset whose notes are ``depth`` nested flow lists: ``[[[[...]]]]``."""
    return HEAD + "notes: " + "[" * depth + "]" * depth + "\n"


def many_values(count: int = 5_000_000) -> str:
    """A dataset with ``count`` values in one flow list (10 MB at 5 million)."""
    return HEAD + "extra: [" + "1," * (count - 1) + "1]\n"


def deep_block_nesting(depth: int = 1_000) -> str:
    """Nested block sequences on one line each: ``- - - - x``, no brackets at all."""
    return (
        HEAD + "notes:\n" + "".join("  " * i + "-\n" for i in range(depth)) + "  " * depth + "x\n"
    )


def undefined_sources(count: int = 1_000) -> str:
    """``count`` defined sources and ``count`` contributions citing undefined ones."""
    lines = [HEAD, "sources:\n"]
    lines += [f'  src-{i:05d}: {{url: "https://example.org/{i}"}}\n' for i in range(count)]
    lines.append("nations:\n  - iso3: FRA\n    category: participating\n    contributions:\n")
    lines += [f"      - {{kind: troops, text: t, sources: [ref-{i:05d}x]}}\n" for i in range(count)]
    return "".join(lines)


def unknown_countries(count: int = 20_000) -> str:
    """``count`` nations whose names no gazetteer knows."""
    lines = [HEAD, "nations:\n"]
    lines += [f"  - {{iso3: Nowhereland {i}, category: participating}}\n" for i in range(count)]
    return "".join(lines)


def alias_bomb(text_bytes: int = 500_000, copies: int = 2_000) -> str:
    """One long text defined once and repeated through ``copies`` YAML aliases."""
    long = "x" * text_bytes
    lines = [
        HEAD,
        f"notes: &long {long}\n",
        "nations:\n  - iso3: FRA\n    category: participating\n",
    ]
    lines.append("    contributions:\n")
    lines += ["      - {kind: troops, text: *long}\n" for _ in range(copies)]
    return "".join(lines)


def control_character() -> str:
    """A control character on line 3, which YAML refuses."""
    return "format: coalition-atlas/1\ntitle: Hostile\nsubtitle: a\x01b\nas_of: 2025-06-01\n"


def csv_source_per_row(rows: int = 10_000) -> str:
    """A CSV whose every row cites a new source address."""
    countries = ["FRA", "DEU", "ITA", "ESP", "POL", "NLD", "BEL", "SWE", "NOR", "FIN"]
    out = ["country,category,contribution,kind,source url\n"]
    out += [
        f"{countries[i % len(countries)]},participating,Item {i},troops,"
        f"https://example.org/report/{i}\n"
        for i in range(rows)
    ]
    return "".join(out)


def csv_huge_cell(cell_bytes: int = 200_000) -> str:
    """A CSV with one cell larger than Python's default CSV field limit (128 KiB)."""
    return f'country,category,summary\nFRA,participating,"{"y" * cell_bytes}"\n'


def csv_many_rows(rows: int = 1_000_000) -> str:
    """A CSV far past the row limit."""
    return "country,category\n" + "FRA,participating\n" * rows


def _xlsx(sheet_xml: str, shared_strings: str | None = None) -> bytes:
    """A minimal .xlsx workbook written by hand, so its parts can be as hostile as wanted."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        + (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            if shared_strings is not None
            else ""
        )
        + "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        + (
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            if shared_strings is not None
            else ""
        )
        + "</Relationships>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
    return buffer.getvalue()


_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>country</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>category</t></is></c></row>'
)


def xlsx_last_column(rows: int = 10_000) -> bytes:
    """A header, then one cell per row in the sheet's last column (XFD)."""
    body = "".join(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(2, rows + 2))
    return _xlsx(_SHEET_HEAD + _HEADER_ROW + body + "</sheetData></worksheet>")


def xlsx_shared_strings(count: int = 8_000_000) -> bytes:
    """A tiny sheet with ``count`` shared strings nobody uses."""
    strings = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{count}" '
        f'uniqueCount="{count}">' + "<si><t>a</t></si>" * count + "</sst>"
    )
    return _xlsx(_SHEET_HEAD + _HEADER_ROW + "</sheetData></worksheet>", strings)


def xlsx_many_rows(rows: int = 1_000_000) -> bytes:
    """A sheet far past the row limit: one small cell per row."""
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(2, rows + 2))
    return _xlsx(_SHEET_HEAD + _HEADER_ROW + body + "</sheetData></worksheet>")


def ods_repeated_value(rows: int = 2_000, columns: int = 16_000) -> bytes:
    """An .ods of 800 bytes: one value repeated ``columns`` across, on ``rows`` rows."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>country</text:p>'
        '</table:table-cell><table:table-cell office:value-type="string"><text:p>category'
        "</text:p></table:table-cell></table:table-row>"
        f'<table:table-row table:number-rows-repeated="{rows}"><table:table-cell '
        f'office:value-type="float" office:value="1" table:number-columns-repeated="{columns}"/>'
        "</table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", content)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
    return buffer.getvalue()
