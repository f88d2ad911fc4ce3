import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/**
 * Two places where SvelteKit and Svelte define, on every page view, accessor properties whose
 * getters are new closures. On Node 20 such getters, and everything their scope reaches (in
 * effect the whole request), outlive young-generation collections and are moved to the old
 * generation: together about half of what a page view moved there, and longer pauses for
 * everyone (README, Performance). Each patch replaces the framework's text with the same
 * behaviour using getters defined once.
 *
 * A patch applies only to the exact text that was reviewed (its SHA-256): if an upgrade changes
 * it, the build stops and says so, instead of quietly dropping or misapplying the change.
 */
export interface FrameworkPatch {
	/** The end of the module's path under node_modules. */
	file: string;
	/** The replaced section runs from `start` up to, not including, the next `end`. */
	start: string;
	end: string;
	/** SHA-256 of the reviewed section. */
	sha256: string;
	replacement: string;
	/** Added at the end of the module. */
	appended?: string;
}

const trackedUrlModule = fileURLToPath(new URL('../src/lib/tracked-url.js', import.meta.url));

export const frameworkPatches: FrameworkPatch[] = [
	{
		// @sveltejs/kit 2.70.4: the `url` of every server load (see src/lib/tracked-url.js).
		file: '/@sveltejs/kit/src/utils/url.js',
		start: 'export function make_trackable(',
		end: '/**\n * Disallow access to `url.search`',
		sha256: 'c47bbc5f67e58369a09293ca8cac6063f37ffb89a581e933fde82066d3de1bfe',
		replacement: `export function make_trackable(url, callback, search_params_callback, allow_hash = false) {
	return makeTrackable(url, callback, search_params_callback, {
		allowHash: allow_hash,
		inspectable: !BROWSER,
		hashDisabled: (DEV || !BROWSER) && !allow_hash
	});
}
import { makeTrackable } from ${JSON.stringify(trackedUrlModule)};

`
	},
	{
		// svelte 5.57.3: the result of rendering the root component, which SvelteKit reads.
		file: '/svelte/src/legacy/legacy-server.js',
		start: '\t\tconst munged = Object.defineProperties(',
		end: '\t\treturn munged;',
		sha256: '34e380bfe1380223c3b8d548447f3a2266f5639c3e724e19a230f05feace975c',
		replacement: `\t\tconst munged = Object.defineProperties(
			/** @type {LegacyRenderResult & PromiseLike<LegacyRenderResult>} */ ({ [render_result]: result }),
			{
				css: { value: { code: '', map: null } },
				head: render_result_head,
				html: render_result_html,
				then: render_result_then
			}
		);

`,
		appended: `
const render_result = Symbol('render result');
const render_result_head = {
	get() {
		return this[render_result].head;
	}
};
const render_result_html = {
	get() {
		return this[render_result].body;
	}
};
const render_result_then = {
	value(onfulfilled, onrejected) {
		const munged = this;
		if (!async_mode_flag) {
			return Promise.resolve(onfulfilled({ css: munged.css, head: munged.head, html: munged.html }));
		}
		return munged[render_result].then(
			(result) =>
				onfulfilled({ css: munged.css, head: result.head, html: result.body, hashes: result.hashes }),
			onrejected
		);
	}
};
`
	}
];

/** Applies `patch` to `code`, the module's source; throws unless it finds the reviewed text. */
export function applyPatch(code: string, patch: FrameworkPatch): string {
	const from = code.indexOf(patch.start);
	const to = from < 0 ? -1 : code.indexOf(patch.end, from);
	if (from < 0 || to < 0) {
		throw new Error(
			`${patch.file} no longer has the section vite/framework-patches.ts replaces; review the patch against the installed version.`
		);
	}
	const hash = createHash('sha256').update(code.slice(from, to)).digest('hex');
	if (hash !== patch.sha256) {
		throw new Error(
			`${patch.file} has changed (the section's SHA-256 is now ${hash}); review the patch in vite/framework-patches.ts against it, then update its sha256.`
		);
	}
	return code.slice(0, from) + patch.replacement + code.slice(to) + (patch.appended ?? '');
}

/** Applies the patches wherever Vite loads these modules: server and client builds, dev, tests. */
export function frameworkPatchesPlugin(): Plugin {
	return {
		name: 'checkpoint:framework-patches',
		enforce: 'pre',
		transform(code, id) {
			const path = id.split('?')[0];
			const patch = frameworkPatches.find((p) => path.endsWith(p.file));
			return patch ? { code: applyPatch(code, patch), map: null } : null;
		}
	};
}
