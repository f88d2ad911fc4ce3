/**
 * What `npm run bench` measures and the budgets it holds the app to. Pages, accounts and the
 * booking request live here only, so a new page or a changed form is one edit.
 */

export type Role = 'participant' | 'navigator';
export type Audience = 'public' | Role;

export type PageToWeigh = { path: string; audience: Audience };

export const pages: PageToWeigh[] = [
	{ path: '/login', audience: 'public' },
	{ path: '/', audience: 'participant' },
	{ path: '/plan', audience: 'participant' },
	{ path: '/sessions/book', audience: 'participant' },
	{ path: '/check-in', audience: 'participant' },
	{ path: '/navigator', audience: 'navigator' },
	{ path: '/navigator/caseload', audience: 'navigator' },
	{ path: '/navigator/attendance', audience: 'navigator' }
];

/**
 * The floor every page is compared with: the not-found page of the same build, signed out. It is
 * the root layout, the client runtime and the 26-line error component with no data, so no route
 * had to be added just to be measured.
 */
export const floor = { path: '/bench-floor-not-a-page', label: 'not-found page (floor)' };

/**
 * Lighthouse will not audit a 404, so its baseline is the same build's lightest page that answers
 * 200: the prerendered offline page (same layout and CSS, no JavaScript).
 */
export const lighthouseBaseline = { path: '/offline', label: 'offline page (baseline, no JS)' };

export const lighthouseRuns = 3;

/** Demo accounts (scripts/seed/demo.ts) used on the demo database. */
export const demoAccounts: Record<Role, string> = {
	participant: 'participant1',
	navigator: 'navigator1'
};

export const signInCookie = 'checkpoint_session';

/** Participant booking: a form post of one field. */
export const booking = {
	page: '/sessions/book',
	action: '/sessions/book?/book',
	field: 'slotId'
};

/** The attendance report and its CSV over a date range. */
export const attendance = {
	report: (from: string, to: string) => `/navigator/attendance?from=${from}&to=${to}`,
	csv: (from: string, to: string) => `/navigator/attendance/export.csv?from=${from}&to=${to}`
};

export const load = {
	connections: 50,
	durationSeconds: 10,
	/** Unmeasured load on each route before the first round. */
	warmupSeconds: 3,
	/** Every route is measured once per round, in turn, so each is beside its baseline in time. */
	rounds: 2,
	/** The same server's cheapest server-rendered page: no sign-in, no database read. */
	trivial: { name: 'Sign-in page, signed out (trivial)', path: '/login' },
	targets: [
		{ name: 'Participant home', path: '/', role: 'participant' as Role },
		{ name: 'Navigator caseload', path: '/navigator/caseload', role: 'navigator' as Role }
	]
};

export const scale = {
	/** Sequential requests per measure after a short warm-up, spread over different users. */
	samples: 60,
	csvSamples: 20,
	warmup: 5,
	reportMonths: 3
};

export const storm = {
	requests: 500,
	slots: 50,
	capacity: 4
};

export const budgets = {
	/** Public and participant pages: JavaScript at most this many times the floor's. */
	participantJsToFloor: 1.5,
	cssGzipBytes: 15_000,
	webFonts: 0,
	lighthouse: { performance: 95, accessibility: 100, 'best-practices': 100 },
	p99Ms: 250,
	ratioToTrivial: 0.5,
	scalePageP95Ms: 50,
	scaleCsvP95Ms: 500
};

/** Without the background-networking flags Chromium keeps calling hosts it cannot reach. */
export const chromium = {
	path: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
	flags: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-quic',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync'
	]
};
