/** A user's mistake in a form: field name → message. Routes turn it into `fail(400, …)`. */
export class InputError extends Error {
	constructor(public readonly fields: Record<string, string>) {
		super(Object.values(fields).join(' '));
		this.name = 'InputError';
	}
}

export function fieldError(field: string, message: string): never {
	throw new InputError({ [field]: message });
}

/**
 * Runs one check of a form and adds its field errors to `errors` instead of stopping, so the
 * form can show every mistake at once. Anything but a user's mistake is thrown on.
 */
export function gatherFieldErrors(errors: Record<string, string>, check: () => void) {
	try {
		check();
	} catch (e) {
		if (!(e instanceof InputError)) throw e;
		Object.assign(errors, e.fields);
	}
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

export type { FieldErrors } from '../forms';
