import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every environment variable the server and its commands read, found in their source. */
function variablesRead(folders: string[]) {
	const found = new Set<string>();
	const visit = (path: string) => {
		if (statSync(path).isDirectory()) {
			for (const entry of readdirSync(path)) visit(join(path, entry));
		} else if (/\.(ts|js|svelte)$/.test(path) && !/\.spec\.ts$/.test(path)) {
			const text = readFileSync(path, 'utf8');
			for (const match of text.matchAll(/\b(?:env|source|process\.env)\.([A-Z][A-Z0-9_]+)/g)) {
				found.add(match[1]);
			}
		}
	};
	folders.forEach(visit);
	return [...found].sort();
}

describe('configuration documents', () => {
	const operations = readFileSync('docs/operations.md', 'utf8');
	const example = readFileSync('.env.example', 'utf8');
	const variables = variablesRead(['src', 'deploy']);

	it('finds the variables the code reads', () => {
		expect(variables).toEqual(expect.arrayContaining(['DATABASE_PATH', 'TOTP_ENCRYPTION_KEY']));
	});

	it.each(variables)('docs/operations.md and .env.example name %s', (variable) => {
		expect(operations).toContain(`\`${variable}\``);
		expect(example).toMatch(new RegExp(`^#? ?${variable}=`, 'm'));
	});
});
