import { spreadsheetSafe } from '../../domain/spreadsheet';

describe('spreadsheet-safe cells', () => {
  it('keeps as text every cell a spreadsheet would run', () => {
    for (const cell of ['=1+2', '+16175550123', '-2+3', '@SUM(A1)', "|cmd '/C calc'!A0", '\t=1', '\r=1', '   =HYPERLINK("http://x")', ' @A1']) {
      expect(spreadsheetSafe(cell)).toBe(`'${cell}`);
    }
  });

  it('leaves every other cell as it is', () => {
    for (const cell of ['Jane Smith', 'radiator repair', '2026-12-06T10:00:00.000Z', '', ' plain', 'a=b', '42']) {
      expect(spreadsheetSafe(cell)).toBe(cell);
    }
  });
});
