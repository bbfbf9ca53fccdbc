import { ImportFileError } from './import-file-error';
import { boundSheetXml } from './read-sheet-xml';

const sheet = (cells: string, after = '') =>
  `<worksheet><cols><col min="1" max="4000000000" width="9"/></cols><sheetData>${cells}</sheetData>${after}</worksheet>`;
const CELLS = '<row r="1"><c r="A1" t="inlineStr"><is><t>STT</t></is></c><c r="B1"><v>1</v></c></row><row r="3"><c r="C3"><v>2</v></c><c r="Z9" s="1"/></row>';
const bound = (xml: string) => boundSheetXml(xml, 'xl/worksheets/sheet1.xml', 'plan.xlsx');

function refusal(xml: string): ImportFileError {
  try {
    bound(xml);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    return error as ImportFileError;
  }
  throw new Error('expected a refusal');
}

describe('boundSheetXml: what exceljs would expand is bounded before it reads the sheet', () => {
  it('clips merges to the used range (cells holding a value: A1:C3 here), and drops merges outside it', () => {
    const xml = bound(sheet(CELLS, '<mergeCells count="3"><mergeCell ref="A1:C1048576"/><mergeCell ref="$B$2:$IV$2"/><mergeCell ref="F5:G6"/></mergeCells>'));
    expect(xml).toContain('<mergeCell ref="A1:C3"/><mergeCell ref="B2:C2"/></mergeCells>');
    expect(xml).not.toContain('F5');
  });

  it('removes data validations once checked (the import never reads them), a whole-column one included', () => {
    const xml = bound(sheet(CELLS, '<dataValidations count="1"><dataValidation type="list" sqref="D2:D1048576 E1"><formula1>"a,b"</formula1></dataValidation></dataValidations>'));
    expect(xml).not.toContain('dataValidation');
  });

  it('clips column ranges to the 16,384 columns of Excel', () => {
    expect(bound(sheet(CELLS))).toContain('<col min="1" max="16384" width="9"/>');
  });

  it('refuses a merge or validation wider than the column limit, or outside Excel\'s grid, with IMPORT_RANGE_TOO_LARGE', () => {
    expect(refusal(sheet(CELLS, '<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>')).errorCode).toBe('IMPORT_RANGE_TOO_LARGE');
    expect(refusal(sheet(CELLS, "<dataValidations><dataValidation sqref='A1 A1:IW1'/></dataValidations>")).errorCode).toBe('IMPORT_RANGE_TOO_LARGE');
    expect(refusal(sheet(CELLS, '<mergeCells><mergeCell ref="A1:A1048577"/></mergeCells>')).message).toMatch(/outside Excel's grid/);
  });

  it('refuses merges that together cover more than 100,000 cells of the used range', () => {
    const rows = `<row r="1000"><c r="D1000"><v>1</v></c></row>`;
    const merges = Array.from({ length: 30 }, () => '<mergeCell ref="A1:D1000"/>').join('');
    expect(refusal(sheet(CELLS + rows, `<mergeCells>${merges}</mergeCells>`)).errorCode).toBe('IMPORT_RANGE_TOO_LARGE');
  });

  it('refuses a value past the row or column limit before exceljs reads the sheet', () => {
    expect(refusal(sheet('<row r="50001"><c r="A50001"><v>1</v></c></row>')).errorCode).toBe('IMPORT_TOO_MANY_ROWS');
    expect(refusal(sheet('<row r="1"><c r="IW1"><v>1</v></c></row>')).errorCode).toBe('IMPORT_TOO_MANY_COLUMNS');
    // formatting alone, far away, is not data
    expect(() => bound(sheet('<row r="1048576"><c r="XFD1048576" s="3"/></row>'))).not.toThrow();
  });
});
