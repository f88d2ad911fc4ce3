import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets kept in the database (authenticator keys) are sealed with AES-256-GCM under a key from
 * the environment, so a copy of the database file or a backup alone does not give them away.
 * Sealed values read `aes256gcm:<iv>:<ciphertext>:<tag>` (base64url parts); anything else is a
 * value stored before a key was configured, which `openSecret` still reads and the rotation
 * command seals.
 */
const prefix = 'aes256gcm:';
const keyBytes = 32;
const ivBytes = 12;

export type SecretKey = { bytes: Buffer };

export class SecretKeyError extends Error {}

/** The key as configured (base64 of 32 random bytes), null when unset; a malformed key throws. */
export function parseSecretKey(value: string | undefined, variable: string): SecretKey | null {
	if (!value) return null;
	const bytes = Buffer.from(value, 'base64');
	if (bytes.length !== keyBytes || bytes.toString('base64') !== value.replace(/\s/g, '')) {
		throw new SecretKeyError(
			`${variable} must be ${keyBytes} random bytes in base64 (make one with: openssl rand -base64 32)`
		);
	}
	return { bytes };
}

export function isSealed(stored: string) {
	return stored.startsWith(prefix);
}

/** Seals a secret under the key; with no key configured it is stored as it is. */
export function sealSecret(plain: string, key: SecretKey | null): string {
	if (!key) return plain;
	const iv = randomBytes(ivBytes);
	const cipher = createCipheriv('aes-256-gcm', key.bytes, iv);
	const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
	return prefix + [iv, sealed, cipher.getAuthTag()].map((b) => b.toString('base64url')).join(':');
}

/** The secret back; throws when it is sealed and the key is missing or not the one it was sealed with. */
export function openSecret(stored: string, key: SecretKey | null): string {
	if (!isSealed(stored)) return stored;
	if (!key) throw new SecretKeyError('A sealed secret was found but no key is configured');
	const [iv, sealed, tag] = stored
		.slice(prefix.length)
		.split(':')
		.map((part) => Buffer.from(part, 'base64url'));
	try {
		const decipher = createDecipheriv('aes-256-gcm', key.bytes, iv);
		decipher.setAuthTag(tag);
		return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
	} catch {
		throw new SecretKeyError('A sealed secret does not open with the configured key');
	}
}
