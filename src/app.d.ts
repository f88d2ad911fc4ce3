import type { SignInUser, ValidSignIn } from '$lib/server/auth/sign-in';
import type { PendingTwoFactor } from '$lib/server/auth/two-factor';

declare global {
	namespace App {
		interface Locals {
			user: SignInUser | null;
			signIn: ValidSignIn | null;
			requestId: string;
			/** Set for a staff sign-in that has not yet given its second factor. */
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
