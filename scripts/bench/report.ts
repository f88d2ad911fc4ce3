/** A budget verdict. 'missing' and 'not available' fail too: an unmeasured budget is not met. */
export type Status = 'pass' | 'fail' | 'missing' | 'not available';

export type Check = { name: string; status: Status; detail: string };

export type Section = {
	id: string;
	title: string;
	/** Markdown lines: the table and any notes. */
	lines: string[];
	data: unknown;
	checks: Check[];
};

export const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
export const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : '–');
export const ratio = (value: number, baseline: number) =>
	baseline > 0 && Number.isFinite(value) ? `${(value / baseline).toFixed(2)}×` : '–';

export function table(head: string[], rows: (string | number)[][]) {
	return [
		`| ${head.join(' | ')} |`,
		`|${head.map(() => '---').join('|')}|`,
		...rows.map((r) => `| ${r.join(' | ')} |`)
	];
}

export const mark: Record<Status, string> = {
	pass: 'pass',
	fail: '**FAIL**',
	missing: '**MISSING**',
	'not available': '**NOT AVAILABLE**'
};

export function verdict(checks: Check[]) {
	if (checks.some((c) => c.status === 'fail')) return mark.fail;
	if (checks.some((c) => c.status === 'missing')) return mark.missing;
	if (checks.some((c) => c.status === 'not available')) return mark['not available'];
	return mark.pass;
}

export function renderMarkdown(
	header: { startedAt: Date; seconds: number; machine: string; commit: string; loadAtEnd: number },
	sections: Section[]
) {
	const checks = sections.flatMap((s) => s.checks.map((c) => ({ ...c, section: s.title })));
	const failed = checks.filter((c) => c.status !== 'pass');
	const lines = [
		`# Checkpoint benchmarks, ${header.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
		'',
		`Machine: ${header.machine}, ${header.loadAtEnd.toFixed(1)} at the end (above the core count, the bench shared the CPU and absolute times are inflated; ratios to the same run's baseline hold up better). Commit ${header.commit}. Run took ${header.seconds.toFixed(0)} s.`,
		'',
		failed.length === 0
			? `**All ${checks.length} budgets met.**`
			: `**${failed.length} of ${checks.length} budgets not met** (failed, missing or not available).`,
		''
	];
	for (const section of sections) {
		lines.push(`## ${section.title}`, '', ...section.lines, '');
	}
	if (failed.length > 0) {
		lines.push('## Budgets not met', '');
		for (const c of failed) lines.push(`- ${mark[c.status]} ${c.section}: ${c.name}. ${c.detail}`);
		lines.push('');
	}
	return lines.join('\n');
}
