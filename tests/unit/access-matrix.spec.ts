import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listHandlers } from '../security/route-inventory';

const temporary: string[] = [];

function tempDir() {
	const dir = mkdtempSync(join(tmpdir(), 'checkpoint-routes-'));
	temporary.push(dir);
	return dir;
}

/** A route tree written from `files` (path → source) into a temporary folder. */
function routeTree(files: Record<string, string>) {
	const root = tempDir();
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(dirname(join(root, path)), { recursive: true });
		writeFileSync(join(root, path), text);
	}
	return root;
}

afterEach(() => {
	for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the route inventory', () => {
	it('reads pages, endpoint methods and actions, spread-in ones too, with groups left out', () => {
		const routes = routeTree({
			'(people)/+page.svelte': '<h1>Home</h1>',
			'(people)/notes/+page.ts': 'export const prerender = true;',
			'(people)/notes/[noteId]/+page.server.ts': `
				import type { Actions } from './$types';
				import { shared as common } from './shared.server';
				const local = { pin: async () => ({}) };
				export const load = () => ({});
				export const actions = { ...common, ...local, 'rename': async () => ({}), archive() {} } satisfies Actions;`,
			'(people)/notes/[noteId]/shared.server.ts': `
				export const shared = { remove: async () => ({}) };`,
			'(people)/notes/new/+page.server.ts': `
				export const actions: Actions = { default: async () => ({}) };`,
			'feed/[noteId].ics/+server.ts': `
				export const GET = () => new Response('');
				async function remove() { return new Response(null); }
				export async function PUT() { return new Response(null); }
				export { remove as DELETE };
				export const helper = 1;`
		});
		const handlers = listHandlers(routes, (folder) =>
			folder.endsWith('[noteId]') || folder.endsWith('[noteId].ics') ? 'note' : undefined
		);

		expect(handlers.map((h) => h.key)).toEqual([
			'page /',
			'page /notes',
			'page /notes/:note',
			'action /notes/:note?/remove',
			'action /notes/:note?/pin',
			'action /notes/:note?/rename',
			'action /notes/:note?/archive',
			'page /notes/new',
			'action /notes/new',
			'GET /feed/:note.ics',
			'PUT /feed/:note.ics',
			'DELETE /feed/:note.ics'
		]);
	});

	it('says so when it cannot read an action list, rather than leaving actions out', () => {
		const routes = routeTree({
			'notes/+page.server.ts': `
				import { made } from '$lib/actions';
				export const actions = { ...made };`
		});

		expect(() => listHandlers(routes, () => undefined)).toThrow(
			/cannot follow the import of \$lib\/actions/
		);
	});
});
