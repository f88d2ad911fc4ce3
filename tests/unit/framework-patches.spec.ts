import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyPatch, frameworkPatches, type FrameworkPatch } from '../../vite/framework-patches.js';

const installed = (file: string) =>
	readFileSync(new URL(`../../node_modules${file}`, import.meta.url), 'utf8');

const patchesOf = (file: string) => frameworkPatches.filter((p) => p.file.endsWith(file));

/** The installed module with all its patches, as the build applies them. */
const patched = (file: string) => {
	const patches = patchesOf(file);
	expect(patches.length).toBeGreaterThan(0);
	return patches.reduce(applyPatch, installed(patches[0].file));
};

/** Runs a patch's appended text and returns what it defines under `names`. */
function definedBy(patch: FrameworkPatch, names: string[]) {
	return new Function(`${patch.appended}\nreturn [${names.join(', ')}];`)() as unknown[];
}

describe('the framework patches', () => {
	it('replace the installed SvelteKit’s make_trackable and disable_hash with makeTrackable', () => {
		const code = patched('/utils/url.js');
		expect(code).toContain('return makeTrackable(url, callback, search_params_callback, {');
		expect(code).toMatch(/import \{ makeTrackable \} from ".*tracked-url\.js";/);
		expect(code).not.toContain('function disable_hash(');
		expect(code).toContain('export function disable_search(');
	});

	it('replace the per-render getters of Svelte’s legacy render result with shared ones', () => {
		const code = patched('/svelte/src/legacy/legacy-server.js');
		expect(code).not.toContain('get: () => result.head');
		expect(code).toContain('head: render_result_head,');
		expect(code).toContain("const render_result = Symbol('render result');");
	});

	it('build the request’s objects with Object.assign instead of a spread followed by new keys', () => {
		expect(patched('/runtime/server/index.js')).toContain(
			'Object.assign({}, options, { error: false, depth: 0 })'
		);
		expect(patched('/runtime/server/respond.js')).toContain(
			'const traced_event = Object.assign({}, event, {'
		);
		const loadData = patched('/runtime/server/page/load_data.js');
		expect(loadData).not.toContain('...traced_event');
		expect(loadData).toContain('load.call(null, Object.assign({}, traced_event, {');
		expect(patched('/runtime/server/page/render.js')).toContain(
			'data = merge_data(data, branch[i].data);'
		);
		expect(patched('/svelte/src/internal/server/renderer.js')).toContain(
			'this.csp = Object.assign({}, csp, { script_hashes: [] });'
		);
	});

	it('merge layout and page data as the spread did, an own __proto__ key included', () => {
		const [mergeData] = definedBy(patchesOf('/runtime/server/page/render.js')[0], [
			'merge_data'
		]) as [(data: object, more: object | null) => Record<string, unknown>];
		const layout = { user: 'Sam', week: 2 };
		expect(mergeData(layout, { week: 3, plan: [] })).toEqual({ user: 'Sam', week: 3, plan: [] });
		expect(mergeData(layout, null)).toEqual(layout);
		expect(mergeData(layout, null)).not.toBe(layout);

		const withProtoKey = JSON.parse('{"__proto__": {"admin": true}, "week": 4}');
		const merged = mergeData(layout, withProtoKey);
		expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
		expect(merged.admin).toBeUndefined();
		expect(Object.hasOwn(merged, '__proto__')).toBe(true);
		expect(merged).toEqual({ ...layout, ...withProtoKey });
		const onTop = mergeData(withProtoKey, { week: 5 });
		expect(Object.getPrototypeOf(onTop)).toBe(Object.prototype);
		expect(onTop).toEqual({ ...withProtoKey, week: 5 });
	});

	it('still refuse cookies and headers set after the response, with SvelteKit’s messages', () => {
		const finallyPatch = patchesOf('/runtime/server/respond.js').find((p) => p.appended)!;
		const code = patched('/runtime/server/respond.js');
		expect(code).toContain('event.cookies.set = set_cookie_after_response;');
		expect(code).toContain('event.setHeaders = set_headers_after_response;');
		const [setCookie, setHeaders] = definedBy(finallyPatch, [
			'set_cookie_after_response',
			'set_headers_after_response'
		]) as [() => never, () => never];
		expect(setCookie).toThrow(
			'Cannot use `cookies.set(...)` after the response has been generated'
		);
		expect(setHeaders).toThrow(
			'Cannot use `setHeaders(...)` after the response has been generated'
		);
	});

	it('stop the build if the framework’s text is not the reviewed one', () => {
		const patch = patchesOf('/utils/url.js')[0];
		const source = installed(patch.file);
		const changed = source.replace("'toString', 'toJSON'", "'toString', 'toJSON', 'port'");
		expect(changed).not.toBe(source);
		expect(() => applyPatch(changed, patch)).toThrow('has changed');
		expect(() => applyPatch('export const nothing = 1;', patch)).toThrow('no longer has');
	});
});
