/**
 * Words for the plan, shared by participant and navigator pages (plain English, kind), and the
 * plan's rules that the browser needs too.
 */
import type { CommunityCondition } from './server/db/schema';

export const areaLabels = {
	alcohol: 'Alcohol',
	drugs: 'Drugs',
	housing: 'Housing',
	mental_health: 'Mental health',
	physical_health: 'Physical health',
	finances: 'Money',
	employment_education: 'Work and learning',
	relationships: 'Relationships',
	exploitation: 'Staying safe from people who use you'
} as const;

export type Area = keyof typeof areaLabels;

export const statusLabels = {
	not_started: 'Not started',
	in_progress: 'In progress',
	done: 'Done'
} as const;

export const ownerLabels = {
	participant: 'You',
	navigator: 'Your navigator',
	partner: 'A partner service'
} as const;

export const staffOwnerLabels = {
	participant: 'Participant',
	navigator: 'Navigator',
	partner: 'Partner service'
} as const;

export const outcomeLabels = {
	active: 'Still on the programme',
	completed: 'Completed',
	not_completed: 'Not completed',
	withdrawn: 'Withdrawn'
} as const;

export const communityLabels = {
	volunteering: 'Volunteering hours',
	tag: 'GPS tag instead of volunteering',
	none: 'No community condition'
} as const;

/** The volunteering target a contract may set, in hours, and the one a new contract starts at. */
export const minTarget = 18;
export const maxTarget = 36;
export const defaultTarget = 18;

/** The hours a contract asks to be volunteered; null when its community condition is not volunteering. */
export function hoursToVolunteer(contract: {
	communityCondition: CommunityCondition;
	volunteeringTarget: number | null;
}) {
	return contract.communityCondition === 'volunteering' ? contract.volunteeringTarget : null;
}

export type ConditionText = {
	title: string;
	meaning: string;
	todo: string;
	ifNotKept: string;
};

/** The contract's conditions in plain English: what it means, what to do, what happens if not. */
export function explainConditions(contract: {
	victimCondition: boolean;
	communityCondition: CommunityCondition;
	volunteeringTarget: number | null;
	areas: string[];
}): ConditionText[] {
	const conditions: ConditionText[] = [
		{
			title: 'Do not commit another offence',
			meaning: 'This applies to everyone on Checkpoint, for the whole four months.',
			todo: 'Stay out of trouble. If you feel you might get pulled back in, talk to your navigator early. They are there to help.',
			ifNotKept:
				'If you are charged with a new offence, the police can go ahead with the original case against you.'
		}
	];
	if (contract.victimCondition) {
		conditions.push({
			title: 'Take part in putting things right',
			meaning:
				'The person affected by what happened has asked for a restorative meeting or letter. This is a safe, planned way to talk about what happened.',
			todo: 'Your navigator will explain the options and go through it with you. You will never be on your own.',
			ifNotKept:
				'If you choose not to take part, your navigator will talk it through with you first. In the end it can mean the original case goes ahead.'
		});
	}
	if (contract.areas.length > 0) {
		conditions.push({
			title: 'Work on the things that matter to you',
			meaning: `You and your navigator chose ${contract.areas.length === 1 ? 'one area' : `${contract.areas.length} areas`} to work on: ${contract.areas.join(', ')}.`,
			todo: 'Go to the sessions and appointments in your plan and do the actions you agreed. If something gets in the way, tell your navigator.',
			ifNotKept:
				'Missing things now and then is understood. If you stop taking part altogether, the original case can go ahead.'
		});
	}
	const hours = hoursToVolunteer(contract);
	if (hours) {
		conditions.push({
			title: `Do ${hours} hours of volunteering`,
			meaning: 'Unpaid work that helps the community, such as at a food bank or a charity shop.',
			todo: 'Log your hours in this app after each time you volunteer. Your navigator checks them.',
			ifNotKept:
				'If the hours are not done by the end of your four months, talk to your navigator. If they are not done at all, the original case can go ahead.'
		});
	}
	if (contract.communityCondition === 'tag') {
		conditions.push({
			title: 'Wear a GPS tag',
			meaning: 'Instead of volunteering, you wear a tag that shows where you are.',
			todo: 'Keep the tag on and charged. Tell your navigator straight away if it stops working.',
			ifNotKept: 'If the tag is taken off or not charged, the original case can go ahead.'
		});
	}
	return conditions;
}

/** Volunteering is logged in quarters of an hour, up to this many hours on one day. */
export const maxHoursInADay = 12;

/** Quarter hours, as stored, in hours as people say them: 2, 1.5, 0.25. */
export function hoursFromQuarters(quarterHours: number) {
	return quarterHours / 4;
}

export function formatHours(quarterHours: number): string {
	const hours = hoursFromQuarters(quarterHours);
	return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
}
