import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * Every way into the app that src/routes defines, read from the source: each page, each method an
 * endpoint exports, and each form action (spread-in ones included). The access matrix is checked
 * against this list, so a handler cannot be added without saying who may use it.
 */

export const endpointMethods = [
	'GET',
	'POST',
	'PUT',
	'PATCH',
	'DELETE',
	'OPTIONS',
	'HEAD'
] as const;

export type HandlerKind = 'page' | 'action' | (typeof endpointMethods)[number];

export type Handler = {
	/** How the matrix names it: `page /plan`, `action /plan/hours?/log`, `GET /account/data.json`. */
	key: string;
	kind: HandlerKind;
	/** The address, with placeholders for parameters; a named action ends in `?/name`. */
	path: string;
	/** The file that defines it, for saying where to look. */
	file: string;
};

/**
 * What a `[param]` folder stands for, given the folder as it appears in the address with its
 * parameter still in brackets (`/navigator/participants/[id]`); undefined if nobody has said.
 */
export type PlaceholderOf = (folder: string) => string | undefined;

export function handlerKey(kind: HandlerKind, path: string) {
	return `${kind} ${path}`;
}

export function parseHandlerKey(key: string): { kind: HandlerKind; path: string } {
	const space = key.indexOf(' ');
	return { kind: key.slice(0, space) as HandlerKind, path: key.slice(space + 1) };
}

const pageFiles = ['+page.svelte', '+page.ts', '+page.js', '+page.server.ts', '+page.server.js'];
const pageServerFiles = ['+page.server.ts', '+page.server.js'];
const endpointFiles = ['+server.ts', '+server.js'];

export function listHandlers(routesDir: string, placeholderOf: PlaceholderOf): Handler[] {
	const handlers: Handler[] = [];
	const visit = (dir: string, address: string) => {
		const entries = readdirSync(dir).sort();
		const present = (names: string[]) => names.find((name) => entries.includes(name));
		const file = (name: string) => relative(process.cwd(), join(dir, name)).split(sep).join('/');
		const root = address || '/';

		if (present(pageFiles)) handlers.push(handler('page', root, file(present(pageFiles)!)));
		const pageServer = present(pageServerFiles);
		if (pageServer) {
			for (const name of actionNames(join(dir, pageServer)))
				handlers.push(
					handler('action', name === 'default' ? root : `${root}?/${name}`, file(pageServer))
				);
		}
		const endpoint = present(endpointFiles);
		if (endpoint) {
			const exported = exportedValues(parse(join(dir, endpoint)));
			for (const method of endpointMethods)
				if (exported.has(method)) handlers.push(handler(method, root, file(endpoint)));
		}

		for (const entry of entries) {
			const child = join(dir, entry);
			if (!statSync(child).isDirectory()) continue;
			visit(child, address + segmentOf(entry, address, child, placeholderOf));
		}
	};
	visit(routesDir, '');
	return handlers;
}

function handler(kind: HandlerKind, path: string, file: string): Handler {
	return { key: handlerKey(kind, path), kind, path, file };
}

/** A folder's part of the address: a group adds nothing, a parameter becomes its placeholder. */
function segmentOf(name: string, address: string, dir: string, placeholderOf: PlaceholderOf) {
	if (/^\(.+\)$/.test(name)) return '';
	const params = [...name.matchAll(/\[([^\]]+)\]/g)];
	if (params.length === 0) return `/${name}`;
	if (params.length > 1 || name.includes('[[') || name.includes('[...'))
		throw new Error(`${dir}: only one plain [param] per folder is understood here`);
	const folder = `${address}/${name}`;
	const placeholder = placeholderOf(folder);
	if (!placeholder)
		throw new Error(`${dir}: tests/security/routes.ts does not say what ${folder} stands for`);
	return `/${name.replace(params[0][0], `:${placeholder}`)}`;
}

function parse(path: string) {
	return ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
}

function hasExportModifier(node: ts.Node) {
	return (
		ts.canHaveModifiers(node) &&
		(ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
	);
}

/** A module's exported names, each with its value where it is a `const` with one. */
function exportedValues(source: ts.SourceFile) {
	const exported = new Map<string, ts.Expression | undefined>();
	for (const statement of source.statements) {
		if (ts.isVariableStatement(statement) && hasExportModifier(statement)) {
			for (const declaration of statement.declarationList.declarations)
				if (ts.isIdentifier(declaration.name))
					exported.set(declaration.name.text, declaration.initializer);
		} else if (ts.isFunctionDeclaration(statement) && hasExportModifier(statement)) {
			if (statement.name) exported.set(statement.name.text, undefined);
		} else if (
			ts.isExportDeclaration(statement) &&
			statement.exportClause &&
			ts.isNamedExports(statement.exportClause)
		) {
			for (const element of statement.exportClause.elements)
				exported.set(
					element.name.text,
					localValue(source, (element.propertyName ?? element.name).text)
				);
		}
	}
	return exported;
}

/** The value of a top-level `const` of this module, exported or not. */
function localValue(source: ts.SourceFile, name: string) {
	for (const statement of source.statements)
		if (ts.isVariableStatement(statement))
			for (const declaration of statement.declarationList.declarations)
				if (ts.isIdentifier(declaration.name) && declaration.name.text === name)
					return declaration.initializer;
	return undefined;
}

/** The names of the form actions a `+page.server` module exports. */
function actionNames(path: string): string[] {
	const source = parse(path);
	const exported = exportedValues(source);
	if (!exported.has('actions')) return [];
	return objectKeys(source, exported.get('actions'), 'actions');
}

/** The keys of an object literal, following spreads of constants here or in relative imports. */
function objectKeys(
	source: ts.SourceFile,
	value: ts.Expression | undefined,
	what: string
): string[] {
	const object = value && unwrap(value);
	if (object && ts.isIdentifier(object)) return objectKeys(...constantNamed(source, object.text));
	if (!object || !ts.isObjectLiteralExpression(object))
		throw new Error(`${source.fileName}: ${what} is not an object literal that can be read`);
	return object.properties.flatMap((property) => {
		if (ts.isSpreadAssignment(property)) {
			const spread = unwrap(property.expression);
			if (!ts.isIdentifier(spread))
				throw new Error(`${source.fileName}: cannot follow the spread in ${what}`);
			return objectKeys(...constantNamed(source, spread.text));
		}
		const name = property.name;
		if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name))) return [name.text];
		throw new Error(`${source.fileName}: a key of ${what} is computed and cannot be read`);
	});
}

function unwrap(expression: ts.Expression): ts.Expression {
	if (
		ts.isSatisfiesExpression(expression) ||
		ts.isAsExpression(expression) ||
		ts.isParenthesizedExpression(expression)
	)
		return unwrap(expression.expression);
	return expression;
}

/** Where the constant `name` is defined: in this module, or exported by a relative import. */
function constantNamed(
	source: ts.SourceFile,
	name: string
): [ts.SourceFile, ts.Expression | undefined, string] {
	const local = localValue(source, name);
	if (local) return [source, local, name];
	for (const statement of source.statements) {
		if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier))
			continue;
		const bindings = statement.importClause?.namedBindings;
		if (!bindings || !ts.isNamedImports(bindings)) continue;
		const element = bindings.elements.find((e) => e.name.text === name);
		if (!element) continue;
		const imported = parse(moduleFile(source.fileName, statement.moduleSpecifier.text));
		const exportedName = (element.propertyName ?? element.name).text;
		return [imported, exportedValues(imported).get(exportedName), exportedName];
	}
	throw new Error(`${source.fileName}: cannot find where ${name} is defined`);
}

function moduleFile(importer: string, specifier: string) {
	const base = resolve(dirname(importer), specifier);
	const found = ['', '.ts', '.js', '/index.ts', '/index.js']
		.map((ending) => base + ending)
		.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
	if (!specifier.startsWith('.') || !found)
		throw new Error(`${importer}: cannot follow the import of ${specifier}`);
	return found;
}

/** Handlers in src/routes that the matrix does not list, and entries for handlers now gone. */
export function compareWithMatrix(handlers: Handler[], listed: string[]) {
	const found = new Set(handlers.map((h) => h.key));
	const known = new Set(listed);
	return {
		unlisted: handlers.filter((h) => !known.has(h.key)).map((h) => `${h.key} (${h.file})`),
		gone: listed.filter((key) => !found.has(key))
	};
}
