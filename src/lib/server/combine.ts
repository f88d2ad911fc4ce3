/**
 * `{ ...a, ...b, ...c }`, for objects made on every request. On Node 20 a spread followed by more
 * keys gives each object a hidden class of its own, made anew every time, which V8 keeps until a
 * full garbage collection; `Object.assign` onto `{}` reuses shared ones (README, Performance).
 * For rows and objects with known keys: an own `__proto__` key would set the prototype instead.
 */
export function combine<A extends object, B extends object>(a: A, b: B): A & B;
export function combine<A extends object, B extends object, C extends object>(
	a: A,
	b: B,
	c: C
): A & B & C;
export function combine(...parts: object[]) {
	return Object.assign({}, ...parts);
}
