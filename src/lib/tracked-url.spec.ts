import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { makeTrackable } from './tracked-url.js';

const onServer = { allowHash: false, inspectable: true, hashDisabled: true };

function track(href: string, options = onServer) {
	const onRead = vi.fn();
	const onReadSearchParam = vi.fn();
	const url = makeTrackable(new URL(href), onRead, onReadSearchParam, options);
	return { url, onRead, onReadSearchParam };
}

describe('makeTrackable', () => {
	it('reports a read of the path, the query or the whole URL, and returns what the URL holds', () => {
		const { url, onRead } = track('https://checkpoint.test/plan?week=3');
		expect(url).toBeInstanceOf(URL);
		expect(url.pathname).toBe('/plan');
		expect(onRead).toHaveBeenCalledTimes(1);
		expect(url.search).toBe('?week=3');
		expect(url.href).toBe('https://checkpoint.test/plan?week=3');
		expect(url.toString()).toBe('https://checkpoint.test/plan?week=3');
		expect(JSON.stringify({ url })).toBe('{"url":"https://checkpoint.test/plan?week=3"}');
		expect(onRead).toHaveBeenCalledTimes(5);
	});

	it('does not report a read of what cannot change on the page, such as the origin', () => {
		const { url, onRead } = track('https://checkpoint.test/plan');
		expect(url.origin).toBe('https://checkpoint.test');
		expect(onRead).not.toHaveBeenCalled();
	});

	it('reports single search params by name, and any other use of the query as a read of it all', () => {
		const { url, onRead, onReadSearchParam } = track('https://checkpoint.test/?welcome&week=3');
		expect(url.searchParams.has('welcome')).toBe(true);
		expect(url.searchParams.get('week')).toBe('3');
		expect(url.searchParams.getAll('week')).toEqual(['3']);
		expect(onReadSearchParam.mock.calls).toEqual([['welcome'], ['week'], ['week']]);
		expect(onRead).not.toHaveBeenCalled();

		expect([...url.searchParams.keys()]).toEqual(['welcome', 'week']);
		expect(onRead).toHaveBeenCalledTimes(1);
	});

	it('keeps each URL’s own state when several are tracked at once', () => {
		const first = track('https://checkpoint.test/a');
		const second = track('https://checkpoint.test/b');
		expect(second.url.pathname).toBe('/b');
		expect(first.url.pathname).toBe('/a');
		expect(first.onRead).toHaveBeenCalledTimes(1);
		expect(second.onRead).toHaveBeenCalledTimes(1);
	});

	it('refuses the hash on the server, which never receives it', () => {
		const { url } = track('https://checkpoint.test/plan');
		expect(() => url.hash).toThrow('Cannot access event.url.hash');
	});

	it('tracks the hash where it is allowed', () => {
		const options = { allowHash: true, inspectable: false, hashDisabled: false };
		const { url, onRead } = track('https://checkpoint.test/plan#week-3', options);
		expect(url.hash).toBe('#week-3');
		expect(onRead).toHaveBeenCalledTimes(1);
	});

	it('shows as a plain URL in the server log, as SvelteKit’s own does', () => {
		const { url } = track('https://checkpoint.test/plan?week=3');
		const shown = inspect(url);
		expect(shown).toContain("href: 'https://checkpoint.test/plan?week=3'");
		expect(inspect(url.searchParams)).toBe("URLSearchParams { 'week' => '3' }");
	});
});
