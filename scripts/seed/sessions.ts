/**
 * Demo sessions: each navigator's next four weeks (tomorrow onwards), some already booked.
 * Past and today's sessions, with attendance, come from the attendance seed.
 */
import { addDays, londonDate } from '../../src/lib/dates';
import type { Db } from '../../src/lib/server/db/open';
import { bookSlot } from '../../src/lib/server/scheduling/booking';
import { createSlots, type SlotInput } from '../../src/lib/server/scheduling/slots';
import type { DemoPlaces } from './places';

type Plan = Partial<SlotInput> & { weekday: number; title: string; type: SlotInput['type'] };

/** Each navigator's office. */
export const officeOf = (places: DemoPlaces) => ({
	navigator1: places.durhamHub,
	navigator2: places.bishopAuckland
});

/** Monday is 1, Saturday 6. */
const weeklyPlan = (places: DemoPlaces): Plan[] => [
	{ weekday: 1, time: '10:00', type: 'one_to_one', title: 'Meeting with your navigator' },
	{ weekday: 1, time: '11:00', type: 'one_to_one', title: 'Meeting with your navigator' },
	{ weekday: 2, time: '13:00', type: 'group', title: 'Drug awareness group', capacity: '10' },
	{
		weekday: 3,
		time: '16:00',
		type: 'one_to_one',
		title: 'Phone catch-up',
		mode: 'phone',
		remoteDetails: 'Your navigator will ring you on the number you gave.'
	},
	{
		weekday: 4,
		time: '10:00',
		type: 'partner',
		title: 'Drug and alcohol service appointment',
		placeId: places.recoveryService
	},
	{
		weekday: 4,
		time: '11:30',
		type: 'partner',
		title: 'Drug and alcohol service appointment',
		placeId: places.recoveryService
	},
	{ weekday: 5, time: '14:00', type: 'one_to_one', title: 'Meeting with your navigator' },
	{
		weekday: 6,
		time: '10:00',
		type: 'volunteering',
		title: 'Community garden volunteering',
		placeId: places.garden
	}
];

function weekday(date: string) {
	return new Date(`${date}T12:00:00Z`).getUTCDay();
}

export function seedSessions(
	db: Db,
	ids: Map<string, string>,
	places: DemoPlaces,
	now = new Date()
) {
	const today = londonDate(now);
	const office = officeOf(places);
	for (const navigator of ['navigator1', 'navigator2'] as const) {
		const navigatorId = ids.get(navigator)!;
		const slotsByTitle = new Map<string, string[]>();
		for (let day = 1; day <= 27; day++) {
			const date = addDays(today, day);
			for (const plan of weeklyPlan(places).filter((p) => p.weekday === weekday(date))) {
				const { weekday: _, ...input } = plan;
				const [id] = createSlots(
					db,
					navigatorId,
					{
						minutes: '',
						capacity: '',
						mode: 'in_person',
						place: '',
						mapUrl: '',
						remoteDetails: '',
						participantId: '',
						repeatWeeks: '1',
						confirmOverlap: 'yes',
						date,
						time: '10:00',
						...input,
						placeId: plan.mode === 'phone' ? '' : (plan.placeId ?? office[navigator])
					},
					now
				);
				slotsByTitle.set(plan.title, [...(slotsByTitle.get(plan.title) ?? []), id]);
			}
		}
		const first = (title: string, n = 0) => slotsByTitle.get(title)?.[n];
		const book = (username: string, slotId: string | undefined, byNavigator = false) => {
			const participantId = ids.get(username)!;
			if (slotId)
				bookSlot(
					db,
					{ slotId, participantId, bookedBy: byNavigator ? navigatorId : participantId },
					now
				);
		};
		const [a, b, c] =
			navigator === 'navigator1'
				? ['participant1', 'participant2', 'participant3']
				: ['participant5', 'participant6', 'participant7'];
		book(a, first('Meeting with your navigator'));
		book(a, first('Drug awareness group'));
		book(a, first('Drug and alcohol service appointment', 1), true);
		book(b, first('Drug awareness group'));
		book(b, first('Community garden volunteering'));
		book(b, first('Phone catch-up', 1));
		book(c, first('Meeting with your navigator', 2), true);
		book(c, first('Drug awareness group', 1));
		if (navigator === 'navigator1') {
			createSlots(
				db,
				navigatorId,
				{
					type: 'one_to_one',
					title: 'Catch-up about missed sessions',
					date: addDays(today, 2),
					time: '15:30',
					minutes: '30',
					mode: 'in_person',
					placeId: office.navigator1,
					place: '',
					mapUrl: '',
					remoteDetails: '',
					capacity: '1',
					participantId: ids.get(c)!,
					repeatWeeks: '1',
					confirmOverlap: 'yes'
				},
				now
			);
		}
	}
}
