import { isDiscreet } from '$lib/server/accounts';
import { getDb } from '$lib/server/db';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	// Until a staff sign-in gives its second factor, it shows nothing of the account.
	const user = locals.pendingTwoFactor ? null : locals.user;
	return {
		user: user
			? { id: user.id, displayName: user.displayName, role: user.role, username: user.username }
			: null,
		discreet: user?.role === 'participant' ? isDiscreet(getDb(), user.id) : false
	};
};
