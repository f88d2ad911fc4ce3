import { eq } from 'drizzle-orm';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { fieldError } from '../input';
import { checkNewPassphrase, hashPassword, verifyPassword } from './password';
import { endEverySignIn } from './sign-in';
import { tooManyTries, type LoginThrottle } from './throttle';

/**
 * Changes a passphrase after checking the current one, throttled like signing in (a stolen
 * sign-in must not be a way to guess it); every other sign-in of the user ends.
 */
export async function changePassphrase(
	db: Db,
	throttle: LoginThrottle,
	input: {
		address: string;
		userId: string;
		keepSignInId: string;
		current: string;
		passphrase: string;
		confirmation: string;
	}
) {
	const found = db.select().from(table.user).where(eq(table.user.id, input.userId)).get();
	if (!found?.passwordHash) fieldError('current', 'Your account could not be found.');
	if (!input.current) fieldError('current', 'Enter your current passphrase.');
	const wait = throttle.attempt(db, found.username, input.address);
	if (wait > 0) fieldError('current', tooManyTries(wait));
	if (input.current.length > 1024 || !(await verifyPassword(found.passwordHash, input.current)))
		fieldError('current', 'That is not your current passphrase.');
	throttle.recordSuccess(db, found.username, input.address);
	const problem = checkNewPassphrase(input.passphrase, found.username);
	if (problem) fieldError('passphrase', problem);
	if (input.passphrase !== input.confirmation)
		fieldError('confirmation', 'The two passphrases are not the same.');
	const passwordHash = await hashPassword(input.passphrase);
	db.transaction(
		(tx) => {
			tx.update(table.user).set({ passwordHash }).where(eq(table.user.id, input.userId)).run();
			endEverySignIn(db, input.userId, input.keepSignInId);
		},
		{ behavior: 'immediate' }
	);
}
