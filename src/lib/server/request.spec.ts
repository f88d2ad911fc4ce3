import { describe, expect, it } from 'vitest';
import { isSameOrigin } from './request';

const url = new URL('https://checkpoint.example/account/reminders');
const request = (headers: Record<string, string>) => new Request(url, { method: 'POST', headers });

describe('isSameOrigin', () => {
	it('accepts our own origin, or a same-origin fetch without an Origin header', () => {
		expect(isSameOrigin(request({ origin: 'https://checkpoint.example' }), url)).toBe(true);
		expect(isSameOrigin(request({ 'sec-fetch-site': 'same-origin' }), url)).toBe(true);
	});

	it('refuses another origin, a cross-site fetch, and a request that says nothing', () => {
		expect(isSameOrigin(request({ origin: 'https://evil.example' }), url)).toBe(false);
		expect(
			isSameOrigin(
				request({ origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' }),
				url
			)
		).toBe(false);
		expect(isSameOrigin(request({ 'sec-fetch-site': 'cross-site' }), url)).toBe(false);
		expect(isSameOrigin(request({}), url)).toBe(false);
	});
});
