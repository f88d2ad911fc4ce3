/** Demo plans: every demo participant has a different, realistic plan at its own stage. */
import { eq } from 'drizzle-orm';
import { addDays, londonToInstant } from '../../src/lib/dates';
import type { Db } from '../../src/lib/server/db/open';
import * as table from '../../src/lib/server/db/schema';
import {
	acknowledgeContract,
	acknowledgementState
} from '../../src/lib/server/plan/acknowledgement';
import { addAction, setActionStatus } from '../../src/lib/server/plan/actions';
import { saveContract } from '../../src/lib/server/plan/contract';
import { logHours, reviewHours } from '../../src/lib/server/plan/hours';
import { recordOutcome } from '../../src/lib/server/plan/outcome';
import { addPathway } from '../../src/lib/server/plan/pathways';

type DemoAction = {
	title: string;
	description?: string;
	/** Days after the contract start. */
	due?: number;
	owner?: table.ActionOwner;
	partner?: [name: string, contact: string];
	/** Day it was done, or 'in_progress'. */
	done?: number | 'in_progress';
};

type DemoPlan = {
	username: string;
	navigator: string;
	victim?: boolean;
	community?: table.CommunityCondition;
	target?: number;
	pathways: { area: table.PathwayArea; goal: string; actions: DemoAction[] }[];
	/** [day after start, hours, place, outcome]. */
	hours?: [number, number, string, 'confirmed' | 'queried' | 'logged'][];
	acknowledged?: boolean;
	/** A contract change made on this day, after the first acknowledgement. */
	change?: { day: number; victim?: boolean; target?: number; acknowledged: boolean };
	outcome?: table.ParticipantStatus;
};

const foodBank = 'Durham Food Bank, Framwellgate';
const charityShop = 'British Heart Foundation shop, Chester-le-Street';

const plans: DemoPlan[] = [
	{
		username: 'participant1',
		navigator: 'navigator1',
		target: 18,
		pathways: [
			{
				area: 'housing',
				goal: 'Move from sofa-surfing to a place of my own.',
				actions: [
					{
						title: 'Register with Durham Key Options',
						description:
							'Fill in the housing form online. Your navigator can help at your next meeting.',
						due: 7,
						done: 'in_progress'
					},
					{
						title: 'Meet the housing officer',
						due: 21,
						owner: 'partner',
						partner: ['Durham County Council housing', '03000 268 000']
					}
				]
			},
			{
				area: 'finances',
				goal: 'Sort out Universal Credit so money comes in every month.',
				actions: [
					{
						title: 'Benefits check with Citizens Advice',
						description: 'Bring your bank card and any letters about money.',
						due: 14,
						owner: 'partner',
						partner: ['Citizens Advice County Durham', '0808 278 7868, ask for Jo']
					}
				]
			}
		]
	},
	{
		username: 'participant2',
		navigator: 'navigator1',
		victim: true,
		target: 30,
		pathways: [
			{
				area: 'alcohol',
				goal: 'Cut down to no more than two drinking days a week.',
				actions: [
					{
						title: 'First meeting at Drug and Alcohol Recovery Services',
						due: 10,
						owner: 'partner',
						partner: ['DARS Durham', '03000 266 666'],
						done: 9
					},
					{ title: 'Keep a drink diary for four weeks', due: 45, done: 44 },
					{ title: 'Group sessions: six weeks', due: 90, done: 88 }
				]
			},
			{
				area: 'employment_education',
				goal: 'Get onto a forklift course and back into work.',
				actions: [
					{
						title: 'Write a CV with the job coach',
						due: 40,
						owner: 'partner',
						partner: ['Jobcentre Plus Durham', '0800 169 0190'],
						done: 38
					},
					{ title: 'Book the forklift licence course', owner: 'navigator', due: 80, done: 75 },
					{ title: 'Apply for three warehouse jobs', due: 118 }
				]
			}
		],
		hours: [
			[20, 4, foodBank, 'confirmed'],
			[27, 4, foodBank, 'confirmed'],
			[41, 5, foodBank, 'confirmed'],
			[55, 3.5, charityShop, 'confirmed'],
			[70, 5.5, foodBank, 'confirmed'],
			[104, 2, foodBank, 'logged']
		],
		acknowledged: true,
		change: { day: 60, target: 24, acknowledged: true }
	},
	{
		username: 'participant3',
		navigator: 'navigator1',
		target: 18,
		pathways: [
			{
				area: 'drugs',
				goal: 'Get on a script and stop using on the street.',
				actions: [
					{
						title: 'Assessment at the recovery service',
						due: 14,
						owner: 'partner',
						partner: ['DARS Durham', '03000 266 666'],
						done: 16
					},
					{
						title: 'Weekly key-work session',
						description: 'Every Tuesday at 11am at the Gilesgate centre.',
						due: 40,
						owner: 'partner',
						partner: ['DARS Durham', '03000 266 666']
					}
				]
			},
			{
				area: 'mental_health',
				goal: 'Talk to someone about feeling low.',
				actions: [
					{ title: 'See the GP about my mood', due: 30 },
					{
						title: 'Self-refer to Talking Therapies',
						owner: 'navigator',
						due: 60,
						done: 'in_progress'
					}
				]
			}
		],
		hours: [
			[20, 3, charityShop, 'confirmed'],
			[34, 6, 'Allotment project', 'queried']
		],
		acknowledged: true,
		change: { day: 30, victim: true, acknowledged: false }
	},
	{
		username: 'participant4',
		navigator: 'navigator1',
		target: 18,
		pathways: [
			{
				area: 'relationships',
				goal: 'Get back in touch with my daughter safely.',
				actions: [
					{
						title: 'Parenting course',
						due: 60,
						owner: 'partner',
						partner: ['Family Action', '0191 383 0000'],
						done: 58
					}
				]
			},
			{
				area: 'finances',
				goal: 'Pay off the rent arrears.',
				actions: [
					{ title: 'Set up a payment plan with the landlord', due: 30, done: 21 },
					{ title: 'Open a basic bank account', due: 45, done: 40 }
				]
			}
		],
		hours: [
			[15, 6, foodBank, 'confirmed'],
			[30, 6, foodBank, 'confirmed'],
			[50, 6, 'Wharton Park clean-up', 'confirmed']
		],
		acknowledged: true,
		outcome: 'completed'
	},
	{
		username: 'participant5',
		navigator: 'navigator2',
		community: 'tag',
		pathways: [
			{
				area: 'mental_health',
				goal: 'Feel calmer and sleep better.',
				actions: [
					{
						title: 'Anxiety group, four sessions',
						due: 45,
						owner: 'partner',
						partner: ['Mind in County Durham', '0191 386 2000'],
						done: 'in_progress'
					}
				]
			},
			{
				area: 'relationships',
				goal: 'Feel safe at home.',
				actions: [
					{
						title: 'Talk to the domestic abuse service',
						due: 10,
						owner: 'partner',
						partner: ['Harbour', '03000 202 525'],
						done: 12
					}
				]
			}
		],
		acknowledged: true
	},
	{
		username: 'participant6',
		navigator: 'navigator2',
		target: 36,
		pathways: [
			{
				area: 'exploitation',
				goal: 'Get away from the people who made me hold drugs for them.',
				actions: [
					{ title: 'Safety plan with your navigator', owner: 'navigator', due: 7, done: 6 },
					{ title: 'Change phone number', due: 14, done: 15 }
				]
			},
			{
				area: 'drugs',
				goal: 'Stop using cannabis every day.',
				actions: [
					{
						title: 'Young adults drug service',
						due: 50,
						owner: 'partner',
						partner: ['DARS Durham', '03000 266 666'],
						done: 'in_progress'
					},
					{ title: 'Cut down to weekends only', due: 100 }
				]
			}
		],
		hours: [
			[10, 4, foodBank, 'confirmed'],
			[24, 6, foodBank, 'confirmed'],
			[60, 3, charityShop, 'logged']
		],
		acknowledged: true
	},
	{
		username: 'participant7',
		navigator: 'navigator2',
		target: 18,
		pathways: [
			{
				area: 'physical_health',
				goal: 'Get my teeth and my chest sorted.',
				actions: [
					{ title: 'Register with a dentist', due: 30, done: 28 },
					{ title: 'Stop-smoking clinic', due: 75, done: 'in_progress' }
				]
			},
			{
				area: 'alcohol',
				goal: 'No drinking before 6pm.',
				actions: [
					{
						title: 'Alcohol brief advice session',
						due: 20,
						owner: 'partner',
						partner: ['DARS Durham', '03000 266 666'],
						done: 19
					}
				]
			}
		],
		hours: [
			[30, 5, 'Riverside clean-up', 'confirmed'],
			[45, 5, 'Riverside clean-up', 'confirmed'],
			[60, 5, charityShop, 'confirmed']
		],
		acknowledged: true
	},
	{
		username: 'participant8',
		navigator: 'navigator2',
		target: 20,
		pathways: [
			{
				area: 'employment_education',
				goal: 'Finish my English and maths.',
				actions: [
					{
						title: 'Enrol at New College Durham',
						due: 21,
						owner: 'partner',
						partner: ['New College Durham', '0191 375 4000']
					}
				]
			}
		],
		acknowledged: true
	}
];

export function seedPlan(db: Db, ids: Map<string, string>, now = new Date()) {
	for (const demo of plans) {
		const participantId = ids.get(demo.username)!;
		const navigatorId = ids.get(demo.navigator)!;
		const person = db
			.select()
			.from(table.participant)
			.where(eq(table.participant.userId, participantId))
			.get()!;
		const start = person.contractStart;
		const at = (day: number, time = '10:00') => {
			const instant = londonToInstant(addDays(start, day), time);
			return instant > now ? now : instant;
		};
		if (person.status !== 'active')
			db.update(table.participant)
				.set({ status: 'active' })
				.where(eq(table.participant.userId, participantId))
				.run();

		const terms = (victim: boolean, target: number | undefined) => ({
			contractStart: start,
			victimCondition: victim,
			communityCondition: demo.community ?? 'volunteering',
			volunteeringTarget: String(target ?? '')
		});
		saveContract(db, navigatorId, participantId, terms(!!demo.victim, demo.target), at(0));
		for (const p of demo.pathways) {
			const pathwayId = addPathway(db, navigatorId, participantId, p, at(0, '10:30'));
			for (const a of p.actions) {
				const { id } = addAction(
					db,
					navigatorId,
					participantId,
					pathwayId,
					{
						title: a.title,
						description: a.description ?? '',
						dueDate: a.due === undefined ? '' : addDays(start, a.due),
						status: a.done === 'in_progress' ? 'in_progress' : 'not_started',
						owner: a.owner ?? (a.partner ? 'partner' : 'participant'),
						partnerName: a.partner?.[0] ?? '',
						partnerContact: a.partner?.[1] ?? ''
					},
					at(0, '10:45')
				);
				if (typeof a.done === 'number')
					setActionStatus(db, navigatorId, participantId, id, 'done', at(a.done, '16:00'));
			}
		}
		const acknowledge = (day: number) =>
			acknowledgeContract(
				db,
				participantId,
				acknowledgementState(db, participantId).latestChangeId,
				at(day, '19:00')
			);
		if (demo.acknowledged) acknowledge(1);
		if (demo.change) {
			saveContract(
				db,
				navigatorId,
				participantId,
				terms(demo.change.victim ?? !!demo.victim, demo.change.target ?? demo.target),
				at(demo.change.day, '11:00')
			);
			if (demo.change.acknowledged) acknowledge(demo.change.day + 1);
		}
		for (const [day, hours, place, outcome] of demo.hours ?? []) {
			const entryId = logHours(
				db,
				participantId,
				{ date: addDays(start, day), hours: String(hours), place, note: '' },
				at(day, '18:00')
			);
			if (outcome !== 'logged')
				reviewHours(
					db,
					navigatorId,
					participantId,
					entryId,
					outcome,
					outcome === 'queried' ? 'Was this 6 hours or 3? The project says 3.' : '',
					at(day + 2, '09:30')
				);
		}
		if (person.status !== 'active' || demo.outcome)
			recordOutcome(
				db,
				navigatorId,
				participantId,
				demo.outcome ?? person.status,
				at(122, '12:00')
			);
	}
}
