import { hash, verify } from '@node-rs/argon2';
import { commonPasswords } from './common-passwords';

// OWASP's argon2id minimum: 19 MiB, 2 iterations, 1 lane.
const argon2Options = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

export const passphraseLength = { min: 8, max: 256 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, argon2Options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/** A hash of nothing in particular, so an unknown user costs the same time as a wrong password. */
let decoyHash: Promise<string> | undefined;
export function verifyAgainstDecoy(password: string): Promise<boolean> {
	decoyHash ??= hashPassword(crypto.randomUUID());
	return decoyHash.then((h) => verifyPassword(h, password)).then(() => false);
}

/** Returns a message for the person choosing the passphrase, or null if it is acceptable. */
export function checkNewPassphrase(passphrase: string, username?: string): string | null {
	const length = [...passphrase].length;
	if (length === 0) return 'Enter a passphrase.';
	if (length < passphraseLength.min)
		return `Use at least ${passphraseLength.min} characters. A few words together works well.`;
	if (length > passphraseLength.max) return `Use ${passphraseLength.max} characters or fewer.`;
	const normalised = passphrase.normalize('NFKC').toLowerCase();
	if (commonPasswords.has(normalised) || commonPasswords.has(normalised.replace(/[\d!.?]+$/, '')))
		return 'That passphrase is too common and easy to guess. Try a few words that mean something to you.';
	if (username && normalised.includes(username.toLowerCase()))
		return 'Do not use your username in your passphrase.';
	return null;
}
