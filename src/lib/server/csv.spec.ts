import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';

describe('csv', () => {
	it('neutralises cells a spreadsheet would run as formulas', () => {
		for (const dangerous of ['=1+2', '+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '＝1+2'])
			expect(csvCell(dangerous).replace(/^"/, '').startsWith("'")).toBe(true);
		expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
		expect(csvCell(-3)).toBe('-3');
	});

	it('quotes commas, quotes and line breaks', () => {
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('two\nlines')).toBe('"two\nlines"');
		expect(csvCell(null)).toBe('');
		expect(toCsv(['a', 'b'], [['1', null]])).toBe('a,b\r\n1,\r\n');
	});
});
