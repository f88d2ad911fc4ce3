/**
 * CSV that is safe to open in a spreadsheet: a cell starting with = + - @ or a control character
 * is prefixed with an apostrophe, so Excel or LibreOffice shows it as text instead of running it
 * as a formula (OWASP "CSV injection").
 */
export function csvCell(value: string | number | boolean | Date | null | undefined): string {
	if (value === null || value === undefined) return '';
	let text = value instanceof Date ? value.toISOString() : String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/.test(text))
		text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: (string | number | boolean | Date | null)[][]) {
	return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Headers for a CSV download: never cached, never sniffed. */
export function csvHeaders(filename: string) {
	return {
		'Content-Type': 'text/csv; charset=utf-8',
		'Content-Disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
		'Cache-Control': 'private, no-store'
	};
}
