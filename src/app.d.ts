import type { SessionUser, ValidSession } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: ValidSession | null;
			requestId: string;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
