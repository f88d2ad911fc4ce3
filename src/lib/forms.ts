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
