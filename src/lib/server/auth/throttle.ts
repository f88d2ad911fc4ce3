import { and, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/open';
import * as table from '../db/schema';

/**
 * Sign-in throttling, checked before any password hashing so a flood of guesses costs us nothing.
 * Failures per account back off exponentially; failures per client address are capped per window.
 * Counted in the database, so every server process sees the same counts and a restart forgets none.
 * Each attempt is counted as a failure before it is judged, and taken back if it was right:
 * counted afterwards, guesses sent all at once would all be judged before the first was counted.
 */
export type ThrottlePolicy = {
	freeAccountFailures: number;
	accountBaseDelayMs: number;
	accountMaxDelayMs: number;
	/** An account's failures are forgotten this long after the last one. */
	forgetAccountAfterMs: number;
	addressFailuresPerWindow: number;
	/**
	 * Past `addressFailuresPerWindow`, an attempt that lets right answers through
	 * (`letRightThrough`) is still judged, so made-up guesses from a shared office or Wi-Fi do not
	 * lock out everyone on it; past this many, nothing from the address is judged.
	 */
	addressHardFailuresPerWindow: number;
	addressWindowMs: number;
};

export const defaultThrottlePolicy: ThrottlePolicy = {
	freeAccountFailures: 5,
	accountBaseDelayMs: 30_000,
	accountMaxDelayMs: 15 * 60_000,
	forgetAccountAfterMs: 24 * 60 * 60_000,
	addressFailuresPerWindow: 50,
	addressHardFailuresPerWindow: 500,
	addressWindowMs: 15 * 60_000
};

export type ThrottleScope = 'sign-in' | 'second-factor' | 'passphrase-check';

const { throttleAccount: account, throttleAddress: byAddress } = table;

export class LoginThrottle {
	constructor(
		private scope: ThrottleScope,
		private policy: ThrottlePolicy = defaultThrottlePolicy
	) {}

	/**
	 * Milliseconds the caller must wait before trying again, counting nothing; or 0, having
	 * counted this attempt as a failure until `recordSuccess` takes it back. With
	 * `letRightThrough`, an address over its limit still gets its attempt judged (up to the hard
	 * limit): the caller then refuses a wrong answer with `addressWait`.
	 */
	attempt(
		db: Db,
		username: string,
		address: string,
		now = Date.now(),
		{ letRightThrough = false } = {}
	): number {
		const addressLimit = letRightThrough
			? this.policy.addressHardFailuresPerWindow
			: this.policy.addressFailuresPerWindow;
		return db.transaction(
			() => {
				const wait = this.waitFor(db, username, address, now, addressLimit);
				if (wait === 0) this.countFailure(db, username, address, now);
				return wait;
			},
			{ behavior: 'immediate' }
		);
	}

	/** The attempt was right: the account starts again, and the address gets its try back. */
	recordSuccess(db: Db, username: string, address: string) {
		db.transaction(
			() => {
				db.delete(account).where(this.accountIs(username)).run();
				db.update(byAddress)
					.set({ failures: sql`max(${byAddress.failures} - 1, 0)` })
					.where(this.addressIs(address))
					.run();
			},
			{ behavior: 'immediate' }
		);
	}

	/** How long this address must wait under its ordinary limit, for a wrong answer let through. */
	addressWait(db: Db, address: string, now = Date.now()): number {
		return this.addressWaitUnder(db, address, now, this.policy.addressFailuresPerWindow);
	}

	private addressWaitUnder(db: Db, address: string, now: number, limit: number): number {
		const window = db
			.select({ failures: byAddress.failures, start: byAddress.windowStart })
			.from(byAddress)
			.where(this.addressIs(address))
			.get();
		if (!window || now - window.start >= this.policy.addressWindowMs) return 0;
		return window.failures >= limit ? window.start + this.policy.addressWindowMs - now : 0;
	}

	private waitFor(
		db: Db,
		username: string,
		address: string,
		now: number,
		addressLimit: number
	): number {
		const blocked = db
			.select({ until: account.blockedUntil })
			.from(account)
			.where(this.accountIs(username))
			.get();
		const accountWait = blocked ? Math.max(0, blocked.until - now) : 0;
		return Math.max(accountWait, this.addressWaitUnder(db, address, now, addressLimit));
	}

	private countFailure(db: Db, username: string, address: string, now: number) {
		const { scope, policy } = this;
		db.delete(account)
			.where(
				and(eq(account.scope, scope), lte(account.lastFailureAt, now - policy.forgetAccountAfterMs))
			)
			.run();
		db.delete(byAddress)
			.where(
				and(eq(byAddress.scope, scope), lte(byAddress.windowStart, now - policy.addressWindowMs))
			)
			.run();

		const { failures } = db
			.insert(account)
			.values({
				scope,
				key: accountKey(username),
				failures: 1,
				blockedUntil: 0,
				lastFailureAt: now
			})
			.onConflictDoUpdate({
				target: [account.scope, account.key],
				set: { failures: sql`${account.failures} + 1`, lastFailureAt: now }
			})
			.returning({ failures: account.failures })
			.get();
		const over = failures - policy.freeAccountFailures;
		if (over >= 0) {
			const delay = Math.min(policy.accountBaseDelayMs * 2 ** over, policy.accountMaxDelayMs);
			db.update(account)
				.set({ blockedUntil: now + delay })
				.where(this.accountIs(username))
				.run();
		}

		db.insert(byAddress)
			.values({ scope, address, failures: 1, windowStart: now })
			.onConflictDoUpdate({
				target: [byAddress.scope, byAddress.address],
				set: { failures: sql`${byAddress.failures} + 1` }
			})
			.run();
	}

	private accountIs(username: string) {
		return and(eq(account.scope, this.scope), eq(account.key, accountKey(username)));
	}

	private addressIs(address: string) {
		return and(eq(byAddress.scope, this.scope), eq(byAddress.address, address));
	}
}

function accountKey(username: string) {
	return username.trim().toLowerCase();
}

/** "2 minutes", "45 seconds": the wait in words, rounded up. */
export function describeWait(ms: number): string {
	const seconds = Math.ceil(ms / 1000);
	if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
	const minutes = Math.ceil(seconds / 60);
	return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** What a throttled form says next to the field. */
export function tooManyTries(waitMs: number): string {
	return `Too many tries. Please wait ${describeWait(waitMs)}, then try again.`;
}

export const loginThrottle = new LoginThrottle('sign-in');

/** Guesses at the current passphrase on the account page, by whoever is signed in. */
export const passphraseCheckThrottle = new LoginThrottle('passphrase-check');
