import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/**
 * Places where SvelteKit and Svelte, on every page view, make V8 keep the request alive past
 * young-generation collections, on Node 20 (README, Performance). What is kept is moved to the
 * old generation and only a full collection frees it; every young collection takes longer, and
 * each pause lands on every request in flight. Each patch replaces the framework's text with the
 * same behaviour written so that V8 does not:
 *
 * - Accessor properties whose getters are new closures on each call: a getter like that, and
 *   everything its scope reaches, outlives young collections.
 * - Object spread followed by new keys (`{ ...event, tracing }`): on Node 20 the copy gets a
 *   hidden class of its own, made anew for every object, and V8 keeps each one until a full
 *   collection. `Object.assign` builds the same object through shared hidden classes.
 * - New closures stored, as the request ends, into its objects: V8 allocates objects from a site
 *   whose objects usually survive directly in the old generation, so such a store keeps the
 *   closure's scope (the whole request) until a full collection. Functions defined once say the
 *   same thing.
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
	},
	{
		// @sveltejs/kit 2.70.4: the request state of every request.
		file: '/@sveltejs/kit/src/runtime/server/index.js',
		start: '\t\treturn respond(request, this.#options, this.#manifest, {',
		end: '\n\t}\n}',
		sha256: '435c3810c46d66a376f35a40377615a0aa55283cd25f61bc9ce8cb64bb91638e',
		replacement: `\t\treturn respond(
			request,
			this.#options,
			this.#manifest,
			Object.assign({}, options, { error: false, depth: 0 })
		);`
	},
	{
		// @sveltejs/kit 2.70.4: the event the handle hook gets.
		file: '/@sveltejs/kit/src/runtime/server/respond.js',
		start: '\t\t\t\tconst traced_event = {\n\t\t\t\t\t...event,',
		end: '\n\n\t\t\t\treturn await with_request_store({ event: traced_event',
		sha256: 'c81f37acbd112bc304f6a83d660ad155954667992db15c291332ac7ea1cc6e8a',
		replacement: `\t\t\t\tconst traced_event = Object.assign({}, event, {
					tracing: {
						enabled: __SVELTEKIT_SERVER_TRACING_ENABLED__,
						root: root_span,
						current: root_span
					}
				});`
	},
	{
		// @sveltejs/kit 2.70.4: what stops cookies and headers being set after the response.
		file: '/@sveltejs/kit/src/runtime/server/respond.js',
		start: '\t\t} finally {\n\t\t\tevent.cookies.set = () => {',
		end: "\n\t}\n}\n\n/**\n * @param {import('types').PageNodeIndexes} page",
		sha256: '2943980aea824ea4baa5e57851fd0f9bcb45f120b34302a1c4849829d5e3dcf2',
		replacement: `\t\t} finally {
			event.cookies.set = set_cookie_after_response;
			event.setHeaders = set_headers_after_response;
		}`,
		appended: `
const set_cookie_after_response = () => {
	throw new Error('Cannot use \`cookies.set(...)\` after the response has been generated');
};
const set_headers_after_response = () => {
	throw new Error('Cannot use \`setHeaders(...)\` after the response has been generated');
};
`
	},
	{
		// @sveltejs/kit 2.70.4: the event every server load gets; opens it.
		file: '/@sveltejs/kit/src/runtime/server/page/load_data.js',
		start: '\t\t\t\tload.call(null, {\n\t\t\t\t\t...traced_event,',
		end: '\n\t\t\t\t\tfetch: (info, init) => {',
		sha256: '44d91e8f98e0b15ba478e8b2d1ac9a39e375059c9cf3920605c91de4dd78e7e8',
		replacement: '\t\t\t\tload.call(null, Object.assign({}, traced_event, {'
	},
	{
		// @sveltejs/kit 2.70.4: and closes it.
		file: '/@sveltejs/kit/src/runtime/server/page/load_data.js',
		start: '\t\t\t\t\t\t\tis_tracking = true;\n\t\t\t\t\t\t}\n\t\t\t\t\t}\n\t\t\t\t})\n\t\t\t);',
		end: '\n\n\t\t\treturn result;',
		sha256: 'a167577b89f6834d33190eb7dfb7ddfa9aae03145e4eb8f875c2ebafb0839a50',
		replacement:
			'\t\t\t\t\t\t\tis_tracking = true;\n\t\t\t\t\t\t}\n\t\t\t\t\t}\n\t\t\t\t}))\n\t\t\t);'
	},
	{
		// @sveltejs/kit 2.70.4: each layout's and the page's data, merged for rendering.
		file: '/@sveltejs/kit/src/runtime/server/page/render.js',
		start: '\t\t\tdata = { ...data, ...branch[i].data };',
		end: '\n\t\t\tprops[`data_${i}`] = data;',
		sha256: '70d0379844a70541b4edef2a0de0c73d034f22373a38094873a9b7a048731625',
		replacement: '\t\t\tdata = merge_data(data, branch[i].data);',
		appended: `
/**
 * \`{ ...data, ...more }\`. \`Object.assign\` would set the prototype where \`{ ...data, ...more }\`
 * makes an own \`__proto__\` key, so that rare case keeps the spread.
 * @param {Record<string, any>} data
 * @param {Record<string, any> | null} more
 */
function merge_data(data, more) {
	return Object.hasOwn(data, '__proto__') || (more != null && Object.hasOwn(more, '__proto__'))
		? { ...data, ...more }
		: Object.assign({}, data, more);
}
`
	},
	{
		// svelte 5.57.3: the render state of every render.
		file: '/svelte/src/internal/server/renderer.js',
		start: '\t\tthis.csp = { ...csp, script_hashes: [] };',
		end: '\n',
		sha256: '874bd5bc7aef6d5aa378a72d6c27056b676155b50f2f32e42ad89104149eb771',
		replacement: '\t\tthis.csp = Object.assign({}, csp, { script_hashes: [] });'
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
			const patches = frameworkPatches.filter((p) => path.endsWith(p.file));
			if (patches.length === 0) return null;
			return { code: patches.reduce(applyPatch, code), map: null };
		}
	};
}
