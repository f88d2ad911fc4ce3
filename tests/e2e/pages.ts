/** Every page, by who can see it. The accessibility test and `npm run screenshots` use this list. */
export const pagesByRole = {
	public: ['/login', '/activate', '/help', '/offline', '/accessibility', '/privacy'],
	participant: [
		'/',
		'/plan',
		'/plan/contract',
		'/plan/hours',
		'/sessions',
		'/sessions/book',
		'/check-in',
		'/attendance',
		'/support',
		'/support/callback',
		'/support/wellbeing',
		'/account',
		'/account/data',
		'/account/text-and-email'
	],
	navigator: [
		'/navigator',
		'/navigator/caseload',
		'/navigator/schedule',
		'/navigator/schedule/new',
		'/navigator/attendance',
		'/navigator/messages',
		'/navigator/participants/new',
		'/account',
		'/account/text-and-email'
	],
	coordinator: [
		'/coordinator',
		'/coordinator/users',
		'/coordinator/places',
		'/coordinator/audit',
		'/coordinator/settings',
		'/account'
	]
} as const;

export type PageRole = keyof typeof pagesByRole;

export const demoUserFor: Record<Exclude<PageRole, 'public'>, string> = {
	participant: 'participant1',
	navigator: 'navigator1',
	coordinator: 'coordinator'
};
