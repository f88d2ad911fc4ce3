import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keptText } from './forms';

function svelteFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return svelteFiles(path);
		return entry.name.endsWith('.svelte') ? [path] : [];
	});
}

describe('what someone types before the page has loaded', () => {
	it('is left alone in a text box with no kept text', () => {
		expect(keptText('')).toBeUndefined();
		expect(keptText(null)).toBeUndefined();
		expect(keptText(undefined)).toBeUndefined();
		expect(keptText('Running late')).toBe('Running late');
	});

	// Svelte sets `checked` and a textarea's content as the app takes the page over, wiping what a
	// person on a slow phone typed or ticked first (see the slow-phone test in support.test.ts).
	it('is never reset by a form control the app sets when it takes the page over', () => {
		const resetting: string[] = [];
		for (const file of svelteFiles('src')) {
			const source = readFileSync(file, 'utf8');
			if (/<input\b[^>]*\schecked\b(?!\w)/.test(source))
				resetting.push(`${file}: an input's checked, use defaultChecked`);
			for (const [, content] of source.matchAll(/<textarea[^>]*>([\s\S]*?)<\/textarea/g))
				if (content.trim() && !/^\{keptText\(/.test(content.trim()))
					resetting.push(`${file}: textarea content ${content.trim()}, use keptText`);
		}
		expect(resetting).toEqual([]);
	});
});
