import type { SubmitFunction } from '@sveltejs/kit';

export type Feedback = {
	errors?: Record<string, string>;
	values?: Record<string, string>;
	message?: string;
	warning?: string | null;
};

/** What an action returned, if it answered the form called `target`. */
export function feedbackFor(form: unknown, target: string): Feedback {
	if (!form || typeof form !== 'object' || (form as { target?: string }).target !== target)
		return {};
	return form as Feedback;
}

/** Error messages keyed by the element ids of a form whose ids carry a prefix. */
export function prefixed(errors: Record<string, string> | undefined, prefix: string) {
	return errors
		? Object.fromEntries(
				Object.entries(errors).map(([field, message]) => [prefix + field, message])
			)
		: undefined;
}

/** Keeps what was typed when the server says no; clears an add form once it has worked. */
export const clearOnSuccess: SubmitFunction =
	() =>
	async ({ result, update }) =>
		update({ reset: result.type === 'success' });

export const keepValues: SubmitFunction =
	() =>
	async ({ update }) =>
		update({ reset: false });

/** Asks before something is deleted; without JavaScript the form simply posts. */
export function confirmFirst(question: string): SubmitFunction {
	return ({ cancel }) => {
		if (!confirm(question)) cancel();
		return async ({ update }) => update({ reset: false });
	};
}
