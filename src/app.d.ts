import type { SessionUser, ValidSession } from '$lib/server/auth/session';
import type { PendingTwoFactor } from '$lib/server/auth/two-factor';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: ValidSession | null;
			requestId: string;
			/** Set for a staff session that has not yet given its second factor. */
			pendingTwoFactor?: PendingTwoFactor;
		}
		interface Error {
			message: string;
			/** The request's id, for a person to quote: the server's log holds what went wrong. */
			reference?: string;
		}
	}
}

export {};
