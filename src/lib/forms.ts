import type { SubmitFunction } from '@sveltejs/kit';

export type FieldErrors = Record<string, string>;

/** The field errors a form action returned, whatever else it returned. */
export function formErrors(form: unknown, action?: string): FieldErrors | undefined {
	if (!form || typeof form !== 'object' || !('errors' in form)) return undefined;
	if (action && (form as { action?: string }).action !== action) return undefined;
	return (form as { errors: FieldErrors }).errors;
}

/** The values a failed form action sent back, so nothing typed is lost. */
export function formValues(form: unknown, action?: string): Record<string, string> | undefined {
	if (!form || typeof form !== 'object' || !('values' in form)) return undefined;
	if (action && (form as { action?: string }).action !== action) return undefined;
	return (form as { values: Record<string, string> }).values;
}

/**
 * A textarea's kept text, written as its content. Undefined when there is none, so hydration
 * leaves the field alone: Svelte sets a textarea's value as the page takes over, even to '', and
 * what someone typed while the page was loading would be lost. (Inputs use Field's defaultValue.)
 */
export function keptText(text: string | null | undefined) {
	return text || undefined;
}

export type Feedback = {
	errors?: FieldErrors;
	values?: Record<string, string>;
	message?: string;
	warning?: string | null;
};

/**
 * What an action returned, if it answered the form called `target`: for a page with one form per
 * item (a pathway, an action), where `action` alone does not say which form answered.
 */
export function feedbackFor(form: unknown, target: string): Feedback {
	if (!form || typeof form !== 'object' || (form as { target?: string }).target !== target)
		return {};
	return form as Feedback;
}

/** Messages keyed by the element ids of a form whose field ids carry a prefix. */
export function prefixed(errors: FieldErrors, prefix: string): FieldErrors;
export function prefixed(errors: FieldErrors | undefined, prefix: string): FieldErrors | undefined;
export function prefixed(errors: FieldErrors | undefined, prefix: string) {
	return errors
		? Object.fromEntries(
				Object.entries(errors).map(([field, message]) => [prefix + field, message])
			)
		: undefined;
}

/**
 * For `use:enhance`: keeps what was typed when the server answers, as a page without JavaScript
 * would after a failed post. (SvelteKit's default empties the form.)
 */
export const keepValues: SubmitFunction =
	() =>
	async ({ update }) =>
		update({ reset: false });

/** For `use:enhance` on an add form: keeps what was typed when the server says no, clears it once it has worked. */
export const clearOnSuccess: SubmitFunction =
	() =>
	async ({ result, update }) =>
		update({ reset: result.type === 'success' });

/** For `use:enhance`: asks before something is deleted; without JavaScript the form simply posts. */
export function confirmFirst(question: string): SubmitFunction {
	return ({ cancel }) => {
		if (!confirm(question)) cancel();
		return async ({ update }) => update({ reset: false });
	};
}
