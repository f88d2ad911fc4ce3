import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const user = locals.user;
	return {
		user: user ? { displayName: user.displayName, role: user.role, username: user.username } : null
	};
};
