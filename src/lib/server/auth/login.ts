import { eq } from 'drizzle-orm';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { verifyAgainstDecoy, verifyPassword } from './password';
import { createSignIn } from './sign-in';
import { tooManyTries, type LoginThrottle } from './throttle';

export type LoginResult =
	| { ok: true; token: string; expiresAt: Date; role: table.Role }
	| { ok: false; status: 400 | 429; message: string };

export const wrongCredentials =
	'That username and passphrase do not match. Check them and try again.';

/**
 * Signs a user in. The attempt is counted before any hashing; every failure looks the same. An
 * address over its limit is refused only a wrong answer: the right passphrase still signs in.
 */
export async function signIn(
	db: Db,
	throttle: LoginThrottle,
	input: { username: string; password: string; address: string },
	now = new Date()
): Promise<LoginResult> {
	const username = input.username.trim().toLowerCase();
	const wait = throttle.attempt(db, username, input.address, now.getTime(), {
		letRightThrough: true
	});
	if (wait > 0) {
		return {
			ok: false,
			status: 429,
			message: `${tooManyTries(wait)} If you forgot your passphrase, ask your navigator for a new code.`
		};
	}

	const found = db.select().from(table.user).where(eq(table.user.username, username)).get();
	const valid =
		found?.passwordHash && found.active
			? await verifyPassword(found.passwordHash, input.password)
			: await verifyAgainstDecoy(input.password);

	if (!found || !valid) {
		const addressWait = throttle.addressWait(db, input.address, now.getTime());
		if (addressWait > 0) return { ok: false, status: 429, message: tooManyTries(addressWait) };
		return { ok: false, status: 400, message: wrongCredentials };
	}
	throttle.recordSuccess(db, username, input.address);
	const { token, expiresAt } = createSignIn(db, found.id, found.role, now);
	return { ok: true, token, expiresAt, role: found.role };
}
