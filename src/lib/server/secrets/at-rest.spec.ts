import { describe, expect, it } from 'vitest';
import { isSealed, openSecret, parseSecretKey, sealSecret, SecretKeyError } from './at-rest';

const key = parseSecretKey(Buffer.alloc(32, 7).toString('base64'), 'TEST_KEY');

describe('secrets at rest', () => {
	it('reads no key as null and refuses a key that is not 32 bytes of base64', () => {
		expect(parseSecretKey(undefined, 'TEST_KEY')).toBeNull();
		expect(parseSecretKey('', 'TEST_KEY')).toBeNull();
		expect(() => parseSecretKey('too-short', 'TEST_KEY')).toThrow(/TEST_KEY must be 32/);
		expect(() => parseSecretKey(Buffer.alloc(16).toString('base64'), 'TEST_KEY')).toThrow(
			SecretKeyError
		);
	});

	it('seals with a fresh IV each time and opens to the same text', () => {
		const a = sealSecret('JBSWY3DPEHPK3PXP', key);
		const b = sealSecret('JBSWY3DPEHPK3PXP', key);
		expect(isSealed(a)).toBe(true);
		expect(a).not.toBe(b);
		expect(a).not.toContain('JBSWY3DPEHPK3PXP');
		expect(openSecret(a, key)).toBe('JBSWY3DPEHPK3PXP');
	});

	it('refuses a sealed value that was tampered with', () => {
		const sealed = sealSecret('secret', key);
		const parts = sealed.split(':');
		const flipped = Buffer.from(parts[2], 'base64url');
		flipped[0] ^= 1;
		parts[2] = flipped.toString('base64url');
		expect(() => openSecret(parts.join(':'), key)).toThrow(SecretKeyError);
	});

	it('stores as given when no key is configured, and reads such values back', () => {
		expect(sealSecret('plain', null)).toBe('plain');
		expect(openSecret('plain', key)).toBe('plain');
	});
});
