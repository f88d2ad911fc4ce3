import { booking, storm } from './config';
import { stormOutcome, type ScaleFixtures } from './fixtures';
import { mark, table, type Check, type Section } from './report';
import { cookieHeader, formHeaders, probe, type Server } from './server';

/**
 * Every booking request at once, each from a different participant, over a few slots with a
 * few places each; then the database is asked how many places each slot gave out.
 */
export async function measureStorm(
	server: Server,
	fixtures: ScaleFixtures,
	databasePath: string
): Promise<Section> {
	const title = `5. Booking storm (${storm.requests} requests at once over ${storm.slots} slots of ${storm.capacity} places)`;
	const s = fixtures.storm;
	if ((await probe(server, booking.page, s.tokens[0])) === 404) {
		return {
			id: 'storm',
			title,
			lines: [
				`Not available: ${booking.page} answers 404 on this build, so there is no booking action to storm.`
			],
			data: null,
			checks: [
				{ name: 'booking storm', status: 'not available', detail: `${booking.page} answers 404` }
			]
		};
	}
	// Node's fetch opens as many connections to one origin as there are requests in flight.
	const started = performance.now();
	const answers = await Promise.all(
		s.tokens.map(async (token, i) => {
			try {
				const response = await fetch(server.base + booking.action, {
					method: 'POST',
					redirect: 'manual',
					headers: {
						cookie: cookieHeader(token),
						...formHeaders(server)
					},
					body: new URLSearchParams({ [booking.field]: s.slotIds[s.participantSlot[i]] })
				});
				await response.arrayBuffer();
				return response.status;
			} catch {
				return 0;
			}
		})
	);
	const seconds = (performance.now() - started) / 1000;

	const statuses: Record<number, number> = {};
	for (const status of answers) statuses[status] = (statuses[status] ?? 0) + 1;
	const serverErrors = answers.filter((a) => a >= 500 || a === 0).length;
	// The booking action answers 409 when the places are gone and 400 for any other refusal.
	const otherRefusals = answers.filter((a) => a >= 400 && a < 500 && a !== 409).length;
	const slots = stormOutcome(databasePath, s.slotIds);
	const over = slots.filter((slot) => slot.active > slot.capacity);
	const drift = slots.filter((slot) => slot.active !== slot.bookedCount);
	const requestsPerSlot = s.slotIds.map((_, i) => s.participantSlot.filter((p) => p === i).length);
	const underfilled = slots.filter(
		(slot, i) => slot.active < Math.min(slot.capacity, requestsPerSlot[i])
	);
	const places = slots.reduce((sum, slot) => sum + slot.capacity, 0);
	const taken = slots.reduce((sum, slot) => sum + slot.active, 0);

	const checks: Check[] = [
		{
			name: 'storm: no slot over capacity',
			status: over.length === 0 ? 'pass' : 'fail',
			detail: over.length
				? `${over.length} slots over capacity`
				: `${taken} of ${places} places taken, none over`
		},
		{
			name: 'storm: booked count matches bookings',
			status: drift.length === 0 ? 'pass' : 'fail',
			detail: drift.length
				? `${drift.length} slots whose booked_count differs from their active bookings`
				: 'every slot agrees'
		},
		{
			name: 'storm: every place given out',
			status: underfilled.length === 0 ? 'pass' : 'fail',
			detail: underfilled.length
				? `${underfilled.length} slots left places empty although more people asked`
				: 'as many succeeded as there were places'
		},
		{
			name: 'storm: refused only when full',
			status: otherRefusals === 0 ? 'pass' : 'fail',
			detail: `${otherRefusals} of ${answers.length} requests refused for a reason other than a full slot`
		},
		{
			name: 'storm: no 5xx',
			status: serverErrors === 0 ? 'pass' : 'fail',
			detail: `${serverErrors} of ${answers.length} requests got a 5xx or no answer`
		}
	];
	return {
		id: 'storm',
		title,
		lines: [
			`National database; each request is signed in as a different participant. Baseline: the places on offer.`,
			'',
			...table(
				[
					'requests',
					'wall time',
					'requests/s',
					'places',
					'taken',
					'taken × places',
					'answers',
					'result'
				],
				[
					[
						answers.length,
						`${seconds.toFixed(2)} s`,
						(answers.length / seconds).toFixed(0),
						places,
						taken,
						`${(taken / places).toFixed(2)}×`,
						Object.entries(statuses)
							.map(([status, n]) => `${n}× ${status === '0' ? 'no answer' : status}`)
							.join(', '),
						checks.every((c) => c.status === 'pass') ? mark.pass : mark.fail
					]
				]
			)
		],
		data: { seconds, requestsPerSecond: answers.length / seconds, statuses, slots },
		checks
	};
}
