/**
 * Every route and action, and who may reach it. The access matrix (access.test.ts) tries each
 * entry as every role and as a signed-out visitor, so a new route is covered by adding a line.
 *
 * `:participant` stands for a participant on navigator1's caseload; navigator2 ("otherNavigator")
 * must get 404 there. Actions are posted with empty fields, so an allowed role gets a validation
 * failure and nothing changes, unless `fields` says otherwise.
 */
export type Role = 'participant' | 'navigator' | 'coordinator';

export type RouteEntry = {
	path: string;
	kind: 'page' | 'action' | 'endpoint' | 'csv';
	allowed: Role[];
	method?: 'GET' | 'POST';
	fields?: Record<string, string>;
	/** What a signed-in user of another role gets, if not 403: 'elsewhere' is a redirect home. */
	otherRoles?: 'elsewhere';
};

const everyone: Role[] = ['participant', 'navigator', 'coordinator'];

export const routes: RouteEntry[] = [
	{ path: '/', kind: 'page', allowed: ['participant'], otherRoles: 'elsewhere' },
	{ path: '/account', kind: 'page', allowed: everyone },
	{ path: '/account?/passphrase', kind: 'action', allowed: everyone },
	{ path: '/account/data', kind: 'page', allowed: ['participant'] },
	{ path: '/account/data.json', kind: 'endpoint', allowed: ['participant'] },
	{ path: '/account?/discreet', kind: 'action', allowed: ['participant'] },
	{ path: '/account/text-and-email', kind: 'page', allowed: everyone },
	{
		path: '/account/text-and-email?/send',
		kind: 'action',
		allowed: everyone,
		fields: { channel: 'email' }
	},
	{
		path: '/account/text-and-email?/confirm',
		kind: 'action',
		allowed: everyone,
		fields: { channel: 'email' }
	},
	{ path: '/plan', kind: 'page', allowed: ['participant'] },
	{ path: '/plan/contract', kind: 'page', allowed: ['participant'] },
	{ path: '/plan/hours', kind: 'page', allowed: ['participant'] },
	{ path: '/plan/hours?/log', kind: 'action', allowed: ['participant'] },
	{ path: '/plan/hours?/answer', kind: 'action', allowed: ['participant'] },
	{ path: '/sessions', kind: 'page', allowed: ['participant'] },
	{ path: '/sessions/book', kind: 'page', allowed: ['participant'] },
	{ path: '/sessions/book?/book', kind: 'action', allowed: ['participant'] },
	{ path: '/sessions?/cancel', kind: 'action', allowed: ['participant'] },
	{ path: '/check-in', kind: 'page', allowed: ['participant'] },
	{ path: '/check-in?/code', kind: 'action', allowed: ['participant'] },
	{ path: '/attendance', kind: 'page', allowed: ['participant'] },
	{ path: '/support', kind: 'page', allowed: ['participant'] },
	{ path: '/support?/send', kind: 'action', allowed: ['participant'] },
	{ path: '/support/updates', kind: 'endpoint', allowed: ['participant'] },
	{ path: '/support/callback', kind: 'page', allowed: ['participant'] },
	{ path: '/support/callback', kind: 'action', allowed: ['participant'] },
	{ path: '/support/check-in', kind: 'page', allowed: ['participant'] },
	{ path: '/support/check-in', kind: 'action', allowed: ['participant'] },
	{ path: '/navigator', kind: 'page', allowed: ['navigator'] },
	{ path: '/navigator?/reviewCheckin', kind: 'action', allowed: ['navigator'] },
	{ path: '/navigator/caseload', kind: 'page', allowed: ['navigator'] },
	{ path: '/navigator/schedule', kind: 'page', allowed: ['navigator'] },
	{ path: '/navigator/schedule/new', kind: 'page', allowed: ['navigator'] },
	{ path: '/navigator/schedule/new', kind: 'action', allowed: ['navigator'] },
	{ path: '/navigator/attendance', kind: 'page', allowed: ['navigator'] },
	{ path: '/navigator/attendance?/outcome', kind: 'action', allowed: ['navigator'] },
	{ path: '/navigator/attendance/export.csv', kind: 'csv', allowed: ['navigator'] },
	{ path: '/navigator/messages', kind: 'page', allowed: ['navigator'] },
	{ path: '/navigator/messages/:participant', kind: 'page', allowed: ['navigator'] },
	{ path: '/navigator/messages/:participant?/send', kind: 'action', allowed: ['navigator'] },
	{ path: '/navigator/messages/:participant/updates', kind: 'endpoint', allowed: ['navigator'] },
	{
		path: '/navigator/participants/:participant?/saveContract',
		kind: 'action',
		allowed: ['navigator']
	},
	{
		path: '/navigator/participants/:participant?/addAction',
		kind: 'action',
		allowed: ['navigator']
	},
	{
		path: '/navigator/participants/:participant?/reviewHours',
		kind: 'action',
		allowed: ['navigator']
	},
	{ path: '/navigator/participants/new', kind: 'page', allowed: ['navigator'] },
	{ path: '/navigator/participants/new', kind: 'action', allowed: ['navigator'] },
	{ path: '/navigator/participants/:participant', kind: 'page', allowed: ['navigator'] },
	{ path: '/navigator/participants/:participant?/newCode', kind: 'action', allowed: ['navigator'] },
	{ path: '/navigator/participants/:participant?/resolve', kind: 'action', allowed: ['navigator'] },
	{
		path: '/navigator/participants/:participant?/reminderNumber',
		kind: 'action',
		allowed: ['navigator']
	},
	{ path: '/coordinator', kind: 'page', allowed: ['coordinator'] },
	{ path: '/coordinator/users', kind: 'page', allowed: ['coordinator'] },
	{ path: '/coordinator/users?/createStaff', kind: 'action', allowed: ['coordinator'] },
	{ path: '/coordinator/users?/createParticipant', kind: 'action', allowed: ['coordinator'] },
	{ path: '/coordinator/users?/reassign', kind: 'action', allowed: ['coordinator'] },
	{ path: '/coordinator/users?/setActive', kind: 'action', allowed: ['coordinator'] },
	{ path: '/coordinator/users?/newCode', kind: 'action', allowed: ['coordinator'] },
	{ path: '/coordinator/users?/resetTwoFactor', kind: 'action', allowed: ['coordinator'] },
	{ path: '/coordinator/places', kind: 'page', allowed: ['coordinator'] },
	{ path: '/coordinator/places?/create', kind: 'action', allowed: ['coordinator'] },
	{ path: '/coordinator/places?/update', kind: 'action', allowed: ['coordinator'] },
	{ path: '/coordinator/places?/deactivate', kind: 'action', allowed: ['coordinator'] },
	{ path: '/coordinator/audit', kind: 'page', allowed: ['coordinator'] },
	{ path: '/coordinator/settings', kind: 'page', allowed: ['coordinator'] },
	{ path: '/coordinator/audit/export', kind: 'csv', allowed: ['coordinator'] }
];

/** Pages anyone may open, signed in or not, rendered by the server on each request. */
export const publicPages = ['/login', '/activate', '/privacy'];

/**
 * Prerendered pages: served as files before any SvelteKit hook runs (server.js adds the headers).
 * They must stay static: no script, no form, nothing of anyone's.
 */
export const prerenderedPages = ['/help', '/offline', '/accessibility'];

/**
 * Health probes for the platform running the server: anyone may call them, signed in or not; they
 * answer JSON, set no cookie, are never cached and are not audited.
 */
export const probes = ['/healthz', '/readyz'];
