import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compareWithMatrix, listHandlers } from '../security/route-inventory';
import { matrix, placeholderOf } from '../security/routes';

const listed = Object.keys(matrix);
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

/** A copy of src/routes to change. */
function copyOfRoutes() {
	const root = join(tempDir(), 'routes');
	cpSync('src/routes', root, { recursive: true });
	return root;
}

afterEach(() => {
	for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the access matrix', () => {
	it('lists every handler in src/routes, and nothing that is gone', () => {
		expect(compareWithMatrix(listHandlers('src/routes', placeholderOf), listed)).toEqual({
			unlisted: [],
			gone: []
		});
	});

	// Against a list of every handler there is now, so that these show the check itself whether or
	// not the matrix is up to date.
	const listedNow = () => listHandlers('src/routes', placeholderOf).map((h) => h.key);

	it('reports exactly the action added to a page and nothing else', () => {
		const routes = copyOfRoutes();
		const { file, path } = listHandlers(routes, placeholderOf).find(
			(h) => h.kind === 'action' && h.path.includes('?/')
		)!;
		const page = path.slice(0, path.indexOf('?/'));
		const source = readFileSync(file, 'utf8');
		const opening = /export const actions[^=]*=\s*\{/.exec(source)!;
		writeFileSync(
			file,
			source.replace(opening[0], `${opening[0]}\n\tforgetEverything: async () => ({}),`)
		);

		expect(compareWithMatrix(listHandlers(routes, placeholderOf), listedNow())).toEqual({
			unlisted: [`action ${page}?/forgetEverything (${file})`],
			gone: []
		});
	});

	it('reports the entries of an endpoint that was removed', () => {
		const routes = copyOfRoutes();
		const removed = listHandlers(routes, placeholderOf).find((h) => h.key === 'GET /healthz')!;
		rmSync(removed.file);

		expect(compareWithMatrix(listHandlers(routes, placeholderOf), listedNow())).toEqual({
			unlisted: [],
			gone: ['GET /healthz']
		});
	});

	it('refuses a parameter nobody has said the meaning of', () => {
		const routes = copyOfRoutes();
		mkdirSync(join(routes, 'navigator/notes/[noteId]'), { recursive: true });
		writeFileSync(join(routes, 'navigator/notes/[noteId]/+page.svelte'), '<h1>Note</h1>\n');

		expect(() => listHandlers(routes, placeholderOf)).toThrow(
			/does not say what \/navigator\/notes\/\[noteId\] stands for/
		);
	});
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
