import { fail, json, type ActionFailure } from '@sveltejs/kit';
import type { FieldErrors } from '../forms';
import { InputError } from './input';

// Kept apart from input.ts: domain code (and the operator CLI, which runs without SvelteKit
// installed) throws InputError; only routes turn it into an answer.

/**
 * Runs a form action's work. A user's mistake becomes `fail(400, { ...echo, errors })`, so the
 * page shows each message beside its field and puts back what was typed (`echo` carries the
 * action's name and values, or is worked out from the mistake); anything else is thrown on.
 * `renameFields` moves a message to the field id the page uses, where several forms share a page.
 */
export async function withFieldErrors<Result, Echo extends Record<string, unknown>>(
	echo: Echo | ((mistake: InputError) => Echo),
	work: () => Result | Promise<Result>,
	renameFields: (errors: FieldErrors) => FieldErrors = (errors) => errors
): Promise<Result | ActionFailure<Echo & { errors: FieldErrors }>> {
	try {
		return await work();
	} catch (e) {
		if (!(e instanceof InputError)) throw e;
		const echoed = typeof echo === 'function' ? echo(e) : echo;
		return fail(e.status, { ...echoed, errors: renameFields(e.fields) });
	}
}

/** As `withFieldErrors`, for a JSON endpoint: a user's mistake answers `{ errors }` with a 400. */
export async function jsonWithFieldErrors(work: () => Response | Promise<Response>) {
	try {
		return await work();
	} catch (e) {
		if (!(e instanceof InputError)) throw e;
		return json({ errors: e.fields }, { status: e.status });
	}
}
