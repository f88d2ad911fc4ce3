/**
 * Sign-in throttling, checked before any password hashing so a flood of guesses costs us nothing.
 * Failures per account back off exponentially; failures per client address are capped per window.
 * Kept in memory: one server process, and a restart forgetting counters is acceptable.
 */
export type ThrottlePolicy = {
	freeAccountFailures: number;
	accountBaseDelayMs: number;
	accountMaxDelayMs: number;
	addressFailuresPerWindow: number;
	addressWindowMs: number;
};

export const defaultThrottlePolicy: ThrottlePolicy = {
	freeAccountFailures: 5,
	accountBaseDelayMs: 30_000,
	accountMaxDelayMs: 15 * 60_000,
	addressFailuresPerWindow: 50,
	addressWindowMs: 15 * 60_000
};

type AccountState = { failures: number; blockedUntil: number };
type AddressState = { failures: number; windowStart: number };

export class LoginThrottle {
	private accounts = new Map<string, AccountState>();
	private addresses = new Map<string, AddressState>();

	constructor(private policy: ThrottlePolicy = defaultThrottlePolicy) {}

	/** Milliseconds the caller must wait before trying again, or 0. */
	waitFor(username: string, address: string, now = Date.now()): number {
		const account = this.accounts.get(accountKey(username));
		const accountWait = account ? Math.max(0, account.blockedUntil - now) : 0;
		const addressState = this.addresses.get(address);
		let addressWait = 0;
		if (addressState && now - addressState.windowStart < this.policy.addressWindowMs) {
			if (addressState.failures >= this.policy.addressFailuresPerWindow) {
				addressWait = addressState.windowStart + this.policy.addressWindowMs - now;
			}
		}
		return Math.max(accountWait, addressWait);
	}

	recordFailure(username: string, address: string, now = Date.now()) {
		const key = accountKey(username);
		const account = this.accounts.get(key) ?? { failures: 0, blockedUntil: 0 };
		account.failures += 1;
		const over = account.failures - this.policy.freeAccountFailures;
		if (over >= 0) {
			const delay = Math.min(
				this.policy.accountBaseDelayMs * 2 ** over,
				this.policy.accountMaxDelayMs
			);
			account.blockedUntil = now + delay;
		}
		this.accounts.set(key, account);

		const addressState = this.addresses.get(address);
		if (!addressState || now - addressState.windowStart >= this.policy.addressWindowMs) {
			this.addresses.set(address, { failures: 1, windowStart: now });
		} else {
			addressState.failures += 1;
		}
		this.prune(now);
	}

	recordSuccess(username: string) {
		this.accounts.delete(accountKey(username));
	}

	private prune(now: number) {
		if (this.accounts.size + this.addresses.size < 10_000) return;
		for (const [key, state] of this.accounts) {
			if (state.blockedUntil < now - this.policy.accountMaxDelayMs) this.accounts.delete(key);
		}
		for (const [key, state] of this.addresses) {
			if (now - state.windowStart >= this.policy.addressWindowMs) this.addresses.delete(key);
		}
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

export const loginThrottle = new LoginThrottle();
