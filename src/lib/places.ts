import type { StepFreeAccess } from './server/db/schema';

/** What a session page shows of a slot's place: everything but the coordinator's bookkeeping. */
export type PlaceDetails = {
	name: string;
	address: string;
	mapUrl: string | null;
	directions: string | null;
	stepFree: StepFreeAccess;
};

/** What the coordinator chooses from. */
export const stepFreeLabel: Record<StepFreeAccess, string> = {
	yes: 'Yes, step-free',
	no: 'No, there are steps',
	unknown: 'Not known'
};

/** What a participant reads: plain words. */
export const stepFreeText: Record<StepFreeAccess, string> = {
	yes: 'You can get in without steps.',
	no: 'There are steps to get in. Tell your navigator if this is a problem.',
	unknown: 'We do not know yet if there are steps. Ask your navigator if this matters to you.'
};
