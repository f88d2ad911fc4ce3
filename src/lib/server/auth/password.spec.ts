import { describe, expect, it } from 'vitest';
import { checkNewPassphrase, hashPassword, verifyAgainstDecoy, verifyPassword } from './password';

describe('passphrases', () => {
	it('hashes with argon2id and verifies', async () => {
		const hash = await hashPassword('a long enough phrase');
		expect(hash.startsWith('$argon2id$')).toBe(true);
		expect(await verifyPassword(hash, 'a long enough phrase')).toBe(true);
		expect(await verifyPassword(hash, 'a long enough phrasE')).toBe(false);
		expect(await verifyPassword('not a hash', 'anything')).toBe(false);
		expect(await verifyAgainstDecoy('anything')).toBe(false);
	});

	it('accepts 8 to 256 characters, counting emoji as one', () => {
		expect(checkNewPassphrase('')).toMatch(/Enter/);
		expect(checkNewPassphrase('short')).toMatch(/at least 8/);
		expect(checkNewPassphrase('🫖🫖🫖🫖🫖🫖🫖')).toMatch(/at least 8/);
		expect(checkNewPassphrase('🫖🫖🫖🫖🫖🫖🫖🫖')).toBeNull();
		expect(
			checkNewPassphrase(
				'x'.repeat(256).replace(/x/g, (_, i) => String.fromCharCode(97 + (i % 26)))
			)
		).toBeNull();
		expect(checkNewPassphrase('y'.repeat(10_000))).toMatch(/256 characters or fewer/);
	});

	it('refuses common passwords, also with capitals or trailing digits', () => {
		expect(checkNewPassphrase('password123')).toMatch(/too common/);
		expect(checkNewPassphrase('Sunshine')).toMatch(/too common/);
		expect(checkNewPassphrase('liverpool2026')).toMatch(/too common/);
		expect(checkNewPassphrase('quiet river lantern')).toBeNull();
	});

	it('refuses a passphrase containing the username', () => {
		expect(checkNewPassphrase('hello-participant9', 'participant9')).toMatch(/username/);
	});
});
