import type { FieldErrors } from '../forms';

/** A user's mistake in a form: field name → message. Routes turn it into `fail(400, …)`. */
export class InputError extends Error {
	constructor(
		public readonly fields: Record<string, string>,
		/** The HTTP status of the form's answer: 409 where someone else got there first. */
		public readonly status: 400 | 409 = 400
	) {
		super(Object.values(fields).join(' '));
		this.name = 'InputError';
	}
}

export function fieldError(field: string, message: string): never {
	throw new InputError({ [field]: message });
}

/**
 * Gathers a form's field errors instead of stopping at the first, so the form can show every
 * mistake at once. `check` runs one check and returns its value, or undefined if it found a
 * mistake; a field keeps its first message. Anything but a user's mistake is thrown on.
 */
export function fieldErrorCollector() {
	const errors: Record<string, string> = {};
	return {
		errors,
		check<T>(run: () => T): T | undefined {
			try {
				return run();
			} catch (e) {
				if (!(e instanceof InputError)) throw e;
				for (const [field, message] of Object.entries(e.fields)) errors[field] ??= message;
				return undefined;
			}
		},
		throwIfAny() {
			if (Object.keys(errors).length > 0) throw new InputError(errors);
		}
	};
}

/** A trimmed text field; absent or non-text fields read as ''. */
export function textField(data: FormData, name: string): string {
	const value = data.get(name);
	return typeof value === 'string' ? value.trim() : '';
}

/** A field whose exact characters matter (passphrases are never trimmed). */
export function rawField(data: FormData, name: string): string {
	const value = data.get(name);
	return typeof value === 'string' ? value : '';
}

export function checkLength(field: string, value: string, label: string, max: number, min = 1) {
	const length = [...value].length;
	if (length < min) fieldError(field, `Enter ${label}.`);
	if (length > max) fieldError(field, `${capitalise(label)} must be ${max} characters or fewer.`);
}

function capitalise(text: string) {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

export type { FieldErrors };
