/**
 * SvelteKit's `make_trackable` (the `url` a `load` function receives, which records what the load
 * read so the client knows when to run it again), with the same behaviour but without defining
 * accessor properties whose getters are new closures on every call. On Node 20 such getters, and
 * everything their scope reaches (in effect the whole request), outlive young-generation
 * collections: they are moved to the old generation and freed only by a full collection. The
 * getters here are defined once and find each URL's state through a symbol. vite.config.ts puts
 * this in place of SvelteKit's own (see vite/framework-patches.ts).
 *
 * Plain JavaScript so that SvelteKit's own JavaScript can import it as it stands.
 */

const tracking = Symbol('tracked URL');
const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

/**
 * @typedef {{ url: URL, onRead: () => void }} TrackingState
 * @typedef {URL & { [tracking]: TrackingState, [inspectCustom]?: Function }} TrackedURL
 */

/** URL properties that could change during the lifetime of the page (so not `origin`). */
const trackedProperties = /** @type {const} */ ([
	'href',
	'pathname',
	'search',
	'toString',
	'toJSON'
]);

/** @type {Record<string, (this: TrackedURL) => unknown>} */
const trackedGetters = {};
for (const property of [...trackedProperties, 'hash']) {
	trackedGetters[property] = function () {
		const state = this[tracking];
		state.onRead();
		return state.url[/** @type {keyof URL} */ (property)];
	};
}

function throwOnHash() {
	throw new Error(
		'Cannot access event.url.hash. Consider using `page.url.hash` inside a component instead'
	);
}

/**
 * @this {URL}
 * @param {number} _depth
 * @param {object} options
 * @param {(value: unknown, options: object) => string} inspect
 */
function inspectAsPlainURL(_depth, options, inspect) {
	return inspect(new URL(this), options);
}

/**
 * @this {TrackedURL}
 * @param {number} _depth
 * @param {object} options
 * @param {(value: unknown, options: object) => string} inspect
 */
function inspectOriginalURL(_depth, options, inspect) {
	return inspect(this[tracking].url, options);
}

/**
 * `this` is the tracked search params' proxy; reading `tracking` through it reads the original's.
 * @this {URLSearchParams & { [tracking]: URLSearchParams }}
 * @param {number} _depth
 * @param {object} options
 * @param {(value: unknown, options: object) => string} inspect
 */
function inspectOriginalSearchParams(_depth, options, inspect) {
	return inspect(this[tracking], options);
}

/**
 * @param {URL} url
 * @param {() => void} onRead called when the load reads anything of the URL but single search params
 * @param {(param: string) => void} onReadSearchParam called with each search param read alone
 * @param {{ allowHash: boolean, inspectable: boolean, hashDisabled: boolean }} options
 *   inspectable: console.log shows it as a plain URL (the server); hashDisabled: reading `hash`
 *   throws, because the server never receives it
 * @returns {URL}
 */
export function makeTrackable(url, onRead, onReadSearchParam, options) {
	const tracked = /** @type {TrackedURL} */ (new URL(url));
	Object.defineProperty(tracked, tracking, { value: { url, onRead } });

	const searchParams = tracked.searchParams;
	Object.defineProperty(tracked, 'searchParams', {
		value: new Proxy(searchParams, {
			get(params, key) {
				if (key === tracking) return url.searchParams;
				if (key === 'get' || key === 'getAll' || key === 'has') {
					return (/** @type {string} */ param, /** @type {string[]} */ ...rest) => {
						onReadSearchParam(param);
						return params[key](param, ...rest);
					};
				}
				// Anything else (entries, keys, size...) reads the whole query.
				onRead();
				const value = Reflect.get(params, key);
				return typeof value === 'function' ? value.bind(params) : value;
			}
		}),
		enumerable: true,
		configurable: true
	});

	const properties = options.allowHash ? [...trackedProperties, 'hash'] : trackedProperties;
	for (const property of properties) {
		Object.defineProperty(tracked, property, {
			get: trackedGetters[property],
			enumerable: true,
			configurable: true
		});
	}

	if (options.hashDisabled) {
		tracked[inspectCustom] = inspectAsPlainURL;
		Object.defineProperty(tracked, 'hash', { get: throwOnHash });
	} else if (options.inspectable) {
		tracked[inspectCustom] = inspectOriginalURL;
	}
	if (options.inspectable) {
		/** @type {any} */ (searchParams)[inspectCustom] = inspectOriginalSearchParams;
	}
	return tracked;
}
