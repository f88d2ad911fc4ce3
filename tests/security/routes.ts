/**
 * The access matrix: every page, form action and endpoint method in src/routes, and who may use
 * it. Keys are what the route inventory (route-inventory.ts) reads from the source, and
 * tests/unit/access-matrix.spec.ts fails for a handler missing here or an entry whose handler is
 * gone. The adversarial suite (access.test.ts) tries each entry as every role and as a signed-out
 * visitor, and each one that takes someone's id as a stranger to it.
 *
 * Requests carry `fields` (or a `json` body), chosen so that an allowed role gets a validation
 * failure and nothing changes; a handler with nothing to validate (sign out everywhere, a new
 * activation code, a new calendar feed) does its work on the suite's own accounts.
 */
export type Role = 'participant' | 'navigator' | 'coordinator';

/**
 * Who may use a handler: signed-in users of these roles, or one of the ways in that need no role.
 * - `anyone`: signed in or not, and also a staff sign-in that still owes its second factor.
 * - `prerendered`: the same, served as a file before any hook runs: no script, no form.
 * - `probe`: the platform's health probes: JSON, no cookie, never cached, not audited.
 * - `signed-out`: the way in. A signed-in user is sent to their own first page by the page, and by
 *   a form posted without script (which answers with the page); a form sent by script still
 *   answers them (they may sign in as someone else).
 * - `second-factor setup` / `second-factor code`: a staff sign-in that owes that step; a sign-in
 *   owing nothing is sent on. The suite has a sign-in owing set-up; two-factor.test.ts takes one
 *   through giving a code.
 * - `first-run`: only before the first coordinator exists; after that, 404 for everyone.
 * - `credential`: a token in the address or a header, not a sign-in; a made-up one is refused.
 */
export type Access =
	| Role[]
	| 'anyone'
	| 'prerendered'
	| 'probe'
	| 'signed-out'
	| 'second-factor setup'
	| 'second-factor code'
	| 'first-run'
	| 'credential';

export type MatrixEntry = {
	access: Access;
	/** Form fields posted; values may name placeholders (`':booking'`). */
	fields?: Record<string, string>;
	/** A JSON body instead of form fields, for endpoints that read JSON. */
	json?: Record<string, unknown>;
	headers?: Record<string, string>;
	/** What a signed-in user of another role gets, if not 403: 'elsewhere' is a redirect home. */
	otherRoles?: 'elsewhere';
	/**
	 * How a request that gets through is answered, if not with the page, data or result itself:
	 * 'moved' is a permanent redirect from an address that has moved.
	 */
	answer?: 'login' | 'moved';
	/** It ends the sign-in it is sent with, so it is sent with a sign-in of its own. */
	endsSignIn?: true;
	/**
	 * A stranger to the ids it takes (see `placeholders`) is answered 404 and changes nothing. For
	 * an id read from the form or the query, the stranger sends these `fields` or `query`. `answer`
	 * is what they get instead of 404: 'reached' for the handler's own refusal of a form field
	 * (a validation failure, with nothing changed), 'unauthorised' for a missing credential.
	 */
	stranger?: {
		fields?: Record<string, string>;
		query?: Record<string, string>;
		answer?: 'reached' | 'unauthorised';
	};
};

/** Someone the suite tries a handler as because the handler takes an id that is not theirs. */
export type Stranger = 'otherNavigator' | 'otherParticipant' | 'madeUp';

/**
 * What each placeholder stands for, in the suite's own records (matrix-fixtures.ts), which
 * `[param]` folders of src/routes it names, and who is a stranger to it: the navigator of another
 * caseload, another participant, or anyone holding a made-up token.
 */
export const placeholders: Record<
	string,
	{ standsFor: string; folders: string[]; stranger?: Stranger }
> = {
	participant: {
		standsFor: "the suite's participant, on the caseload of the suite's navigator",
		folders: ['/navigator/participants/[id]', '/navigator/messages/[id]'],
		stranger: 'otherNavigator'
	},
	slot: {
		standsFor: "a session of the navigator's in two days, booked by the participant",
		folders: ['/navigator/schedule/[slotId]', '/navigator/sessions/[slotId]'],
		stranger: 'otherNavigator'
	},
	booking: {
		standsFor: "the participant's booking of :slot",
		folders: ['/sessions/[bookingId]'],
		stranger: 'otherParticipant'
	},
	pastBooking: {
		standsFor: "the participant's booking of a session of the navigator's that began an hour ago",
		folders: [],
		stranger: 'otherNavigator'
	},
	user: {
		standsFor: "the participant's account, as the coordinator (who sees every account) finds it",
		folders: ['/coordinator/users/[id]']
	},
	feed: {
		standsFor: "the token of the participant's private calendar feed, its only credential",
		folders: ['/calendar/[token].ics'],
		stranger: 'madeUp'
	},
	notifyToken: {
		standsFor: 'the token GOV.UK Notify sends with its delivery receipts',
		folders: [],
		stranger: 'madeUp'
	},
	activationCode: {
		standsFor:
			'a one-time code of an account not yet activated: the form takes it and asks for a passphrase, so no wrong guess is counted against the address',
		folders: []
	}
};

/** The placeholder a `[param]` folder stands for, as the route inventory asks for it. */
export function placeholderOf(folder: string) {
	return Object.entries(placeholders).find(([, p]) => p.folders.includes(folder))?.[0];
}

const everyone: Role[] = ['participant', 'navigator', 'coordinator'];
/** Longer than a short text field takes (a cancellation's reason, working hours). */
const tooLong = 'x'.repeat(301);

export const matrix: Record<string, MatrixEntry> = {
	// The participant's
	'page /': { access: ['participant'], otherRoles: 'elsewhere' },
	'page /attendance': { access: ['participant'] },
	'page /check-in': { access: ['participant'] },
	'action /check-in?/code': { access: ['participant'] },
	'action /check-in?/remote': { access: ['participant'] },
	'POST /check-in/queued': {
		access: ['participant'],
		json: { userId: ':participant', key: 'access-matrix' }
	},
	'page /plan': { access: ['participant'] },
	'page /plan/contract': { access: ['participant'] },
	'action /plan/contract': { access: ['participant'] },
	'page /plan/hours': { access: ['participant'] },
	'action /plan/hours?/log': { access: ['participant'] },
	'action /plan/hours?/answer': { access: ['participant'] },
	'page /sessions': { access: ['participant'] },
	'action /sessions?/cancel': {
		access: ['participant'],
		stranger: { fields: { bookingId: ':booking' }, answer: 'reached' }
	},
	'action /sessions?/cantMakeIt': {
		access: ['participant'],
		stranger: { fields: { bookingId: ':booking', reason: 'No bus today.' }, answer: 'reached' }
	},
	'action /sessions?/newFeed': { access: ['participant'] },
	'action /sessions?/revokeFeed': { access: ['participant'] },
	'page /sessions/:booking': { access: ['participant'] },
	'GET /sessions/:booking/calendar.ics': { access: ['participant'] },
	'page /sessions/:booking/cancel': { access: ['participant'] },
	'page /sessions/book': { access: ['participant'] },
	'action /sessions/book?/book': { access: ['participant'] },
	'page /support': { access: ['participant'] },
	'action /support?/send': { access: ['participant'] },
	'page /support/callback': { access: ['participant'] },
	'action /support/callback': { access: ['participant'] },
	'GET /support/check-in': { access: ['participant'], answer: 'moved' },
	'page /support/wellbeing': { access: ['participant'] },
	'action /support/wellbeing': { access: ['participant'] },
	'POST /support/queued': {
		access: ['participant'],
		json: { userId: ':participant', key: 'access-matrix' }
	},
	'GET /support/updates': { access: ['participant'] },

	// The second factor, and the ways in
	'page /2fa': { access: 'second-factor code' },
	'action /2fa?/verify': { access: 'second-factor code' },
	'action /2fa?/recover': { access: 'second-factor code' },
	'page /2fa/setup': { access: 'second-factor setup' },
	'action /2fa/setup': { access: 'second-factor setup' },
	'page /login': { access: 'signed-out' },
	'action /login': { access: 'signed-out' },
	'page /activate': { access: 'signed-out' },
	'action /activate?/check': { access: 'signed-out', fields: { code: ':activationCode' } },
	'action /activate?/activate': { access: 'signed-out', fields: { code: ':activationCode' } },
	'page /setup': { access: 'first-run' },
	'action /setup': { access: 'first-run' },
	'POST /logout': { access: 'anyone', answer: 'login', endsSignIn: true },

	// Anyone's
	'page /accessibility': { access: 'prerendered' },
	'page /help': { access: 'prerendered' },
	'page /offline': { access: 'prerendered' },
	'page /privacy': { access: 'anyone' },
	'GET /healthz': { access: 'probe' },
	'GET /readyz': { access: 'probe' },
	'GET /calendar/:feed.ics': { access: 'credential' },
	'POST /notify/receipts': {
		access: 'credential',
		headers: { authorization: 'Bearer :notifyToken' },
		json: {},
		stranger: { answer: 'unauthorised' }
	},

	// Every account's own
	'page /account': { access: everyone },
	'action /account?/passphrase': { access: everyone },
	'action /account?/discreet': { access: ['participant'] },
	'action /account?/signOutEverywhere': { access: everyone },
	'page /account/data': { access: ['participant'] },
	'GET /account/data.json': { access: ['participant'] },
	'POST /account/reminders': { access: everyone, json: {} },
	'DELETE /account/reminders': { access: everyone, json: {} },
	'page /account/text-and-email': { access: everyone },
	'action /account/text-and-email?/send': { access: everyone, fields: { channel: 'email' } },
	'action /account/text-and-email?/confirm': { access: everyone, fields: { channel: 'email' } },
	'action /account/text-and-email?/turn': { access: everyone, fields: { channel: 'email' } },
	'action /account/text-and-email?/remove': { access: everyone, fields: { channel: 'email' } },

	// The navigator's
	'page /navigator': { access: ['navigator'] },
	'action /navigator?/reviewCheckin': { access: ['navigator'] },
	'page /navigator/attendance': {
		access: ['navigator'],
		stranger: { query: { participant: ':participant' } }
	},
	'action /navigator/attendance?/outcome': {
		access: ['navigator'],
		stranger: { fields: { bookingId: ':pastBooking', outcome: 'attended' }, answer: 'reached' }
	},
	'GET /navigator/attendance/export.csv': {
		access: ['navigator'],
		stranger: { query: { participant: ':participant' } }
	},
	'page /navigator/caseload': { access: ['navigator'] },
	'page /navigator/messages': { access: ['navigator'] },
	'action /navigator/messages?/hours': { access: ['navigator'], fields: { hours: tooLong } },
	'page /navigator/messages/:participant': { access: ['navigator'] },
	'action /navigator/messages/:participant?/send': { access: ['navigator'] },
	'action /navigator/messages/:participant?/callbackDone': { access: ['navigator'] },
	'action /navigator/messages/:participant?/callTime': { access: ['navigator'] },
	'GET /navigator/messages/:participant/updates': { access: ['navigator'] },
	'page /navigator/participants/:participant': { access: ['navigator'] },
	'action /navigator/participants/:participant?/saveContract': { access: ['navigator'] },
	'action /navigator/participants/:participant?/addPathway': { access: ['navigator'] },
	'action /navigator/participants/:participant?/updatePathway': { access: ['navigator'] },
	'action /navigator/participants/:participant?/removePathway': { access: ['navigator'] },
	'action /navigator/participants/:participant?/movePathway': { access: ['navigator'] },
	'action /navigator/participants/:participant?/addAction': { access: ['navigator'] },
	'action /navigator/participants/:participant?/updateAction': { access: ['navigator'] },
	'action /navigator/participants/:participant?/setActionStatus': { access: ['navigator'] },
	'action /navigator/participants/:participant?/removeAction': { access: ['navigator'] },
	'action /navigator/participants/:participant?/moveAction': { access: ['navigator'] },
	'action /navigator/participants/:participant?/reviewHours': { access: ['navigator'] },
	'action /navigator/participants/:participant?/recordOutcome': { access: ['navigator'] },
	'action /navigator/participants/:participant?/resolve': { access: ['navigator'] },
	'action /navigator/participants/:participant?/reminderNumber': { access: ['navigator'] },
	'action /navigator/participants/:participant?/newCode': { access: ['navigator'] },
	'page /navigator/participants/new': { access: ['navigator'] },
	'action /navigator/participants/new': { access: ['navigator'] },
	'page /navigator/schedule': { access: ['navigator'] },
	'page /navigator/schedule/:slot': { access: ['navigator'] },
	'action /navigator/schedule/:slot?/update': { access: ['navigator'] },
	'action /navigator/schedule/:slot?/cancel': {
		access: ['navigator'],
		fields: { reason: tooLong }
	},
	'action /navigator/schedule/:slot?/book': { access: ['navigator'] },
	'action /navigator/schedule/:slot?/release': { access: ['navigator'] },
	'page /navigator/schedule/new': { access: ['navigator'] },
	'action /navigator/schedule/new': { access: ['navigator'] },
	'GET /navigator/sessions/:slot/live': { access: ['navigator'] },

	// The coordinator's
	'page /coordinator': { access: ['coordinator'] },
	'page /coordinator/audit': { access: ['coordinator'] },
	'GET /coordinator/audit/export': { access: ['coordinator'] },
	'page /coordinator/places': { access: ['coordinator'] },
	'action /coordinator/places?/create': { access: ['coordinator'] },
	'action /coordinator/places?/update': { access: ['coordinator'] },
	'action /coordinator/places?/deactivate': { access: ['coordinator'] },
	'page /coordinator/settings': { access: ['coordinator'] },
	'page /coordinator/users': { access: ['coordinator'] },
	'action /coordinator/users?/createStaff': { access: ['coordinator'] },
	'action /coordinator/users?/createParticipant': { access: ['coordinator'] },
	'action /coordinator/users?/reassign': { access: ['coordinator'] },
	'action /coordinator/users?/setActive': { access: ['coordinator'] },
	'action /coordinator/users?/newCode': { access: ['coordinator'] },
	'action /coordinator/users?/resetTwoFactor': { access: ['coordinator'] },
	'page /coordinator/users/:user/data': { access: ['coordinator'] },
	'action /coordinator/users/:user/data': { access: ['coordinator'] },
	'POST /coordinator/users/:user/data.json': { access: ['coordinator'] }
};

function pathsWith(kind: string, ...access: Access[]) {
	return Object.entries(matrix)
		.filter(([key, entry]) => key.startsWith(`${kind} `) && access.includes(entry.access))
		.map(([key]) => key.slice(kind.length + 1));
}

/** Pages anyone may open, signed in or not, rendered by the server on each request. */
export const publicPages = pathsWith('page', 'anyone', 'signed-out');

/**
 * Prerendered pages: served as files before any SvelteKit hook runs (server.js adds the headers).
 * They must stay static: no script, no form, nothing of anyone's.
 */
export const prerenderedPages = pathsWith('page', 'prerendered');

/** Health probes for the platform running the server. */
export const probes = pathsWith('GET', 'probe');
