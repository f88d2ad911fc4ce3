import { describe, expect, it } from 'vitest';
import { isCrossSiteWrite } from '../security/origin';
import { bearerTokenMatches, isNotifyReceipt, receiptsPath } from './receipts';

const token = 'a-callback-token-of-at-least-32-characters';
const url = new URL(`https://app.example.org${receiptsPath}`);
const post = (headers: Record<string, string>, method = 'POST') =>
	new Request(url, { method, headers, body: method === 'POST' ? '{}' : undefined });

describe("Notify's receipts past the same-origin check", () => {
	it('are let through with the callback token only', () => {
		const request = post({ authorization: `Bearer ${token}` });
		expect(isCrossSiteWrite(request, url)).toBe(true);
		expect(isNotifyReceipt(request, url, token)).toBe(true);
	});

	it('are not let through with a wrong, missing or unset token', () => {
		expect(isNotifyReceipt(post({ authorization: `Bearer ${token}x` }), url, token)).toBe(false);
		expect(isNotifyReceipt(post({ authorization: token }), url, token)).toBe(false);
		expect(isNotifyReceipt(post({}), url, token)).toBe(false);
		expect(isNotifyReceipt(post({ authorization: 'Bearer ' }), url, null)).toBe(false);
	});

	it('cover that one path and method only', () => {
		const elsewhere = new URL('https://app.example.org/account/reminders');
		const request = new Request(elsewhere, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}` }
		});
		expect(isNotifyReceipt(request, elsewhere, token)).toBe(false);
		expect(isNotifyReceipt(post({ authorization: `Bearer ${token}` }, 'DELETE'), url, token)).toBe(
			false
		);
	});

	it('compare tokens of any length without throwing', () => {
		expect(bearerTokenMatches('Bearer x', token)).toBe(false);
		expect(bearerTokenMatches(`Bearer ${token}`, token)).toBe(true);
	});
});
