import { describe, expect, it } from 'vitest';
import { isCrossSiteWrite, isOwnNavigation, isSameOrigin } from './origin';

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

describe('isCrossSiteWrite', () => {
	const send = (method: string, headers: Record<string, string>) =>
		new Request(url, { method, headers });

	it('is a write from another site or from nowhere', () => {
		expect(isCrossSiteWrite(send('POST', { origin: 'https://evil.example' }), url)).toBe(true);
		expect(isCrossSiteWrite(send('DELETE', {}), url)).toBe(true);
		expect(isCrossSiteWrite(send('PUT', { 'sec-fetch-site': 'cross-site' }), url)).toBe(true);
	});

	it('is not a write from our own pages, nor a read from anywhere', () => {
		expect(isCrossSiteWrite(send('POST', { origin: 'https://checkpoint.example' }), url)).toBe(
			false
		);
		expect(isCrossSiteWrite(send('DELETE', { 'sec-fetch-site': 'same-origin' }), url)).toBe(false);
		expect(isCrossSiteWrite(send('GET', { 'sec-fetch-site': 'cross-site' }), url)).toBe(false);
	});
});

describe('isOwnNavigation', () => {
	const get = (headers: Record<string, string>) => new Request(url, { headers });

	it('is a link on our pages, or an address the person typed', () => {
		expect(isOwnNavigation(get({ 'sec-fetch-site': 'same-origin' }))).toBe(true);
		expect(isOwnNavigation(get({ 'sec-fetch-site': 'none' }))).toBe(true);
	});

	it('is not a visit another site started, nor a request that says nothing', () => {
		expect(isOwnNavigation(get({ 'sec-fetch-site': 'cross-site' }))).toBe(false);
		expect(isOwnNavigation(get({ 'sec-fetch-site': 'same-site' }))).toBe(false);
		expect(isOwnNavigation(get({}))).toBe(false);
	});
});
