/**
 * Messages and check-ins made with no connection wait in IndexedDB and are sent when it is back.
 * Each is marked with the user who made it: on a shared phone, one person's queue is never sent
 * under someone else's account (and the server refuses it if it were). Signing out deletes the
 * database with everything else (see device.ts).
 */

type Base = { key: string; userId: string; createdAt: number };
export type QueuedMessage = Base & { kind: 'message'; body: string; concernsSafety?: boolean };
export type QueuedCheckIn = Base & {
	kind: 'check-in';
	madeAt: number;
	code?: string;
	bookingId?: string;
	/** The server's proof, from the check-in page, that the remote session was open then. */
	openProof?: { code: string; at: number };
};
export type QueuedItem = QueuedMessage | QueuedCheckIn;

export type Tracked = {
	item: QueuedItem;
	status: 'waiting' | 'sent' | 'failed';
	/** What the server answered: the check-in result, or the reason it could not be stored. */
	answer?: { done?: { status: string; title: string; late: boolean }; error?: string };
};

const databaseName = 'checkpoint-offline';
const storeName = 'queue';
const endpoints = { message: '/support/queued', 'check-in': '/check-in/queued' } as const;

export const offlineQueue = $state({ items: [] as Tracked[] });

function open(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open(databaseName, 1);
		request.onupgradeneeded = () => request.result.createObjectStore(storeName, { keyPath: 'key' });
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

async function withStore<T>(
	mode: IDBTransactionMode,
	use: (store: IDBObjectStore) => IDBRequest<T>
) {
	const db = await open();
	try {
		return await new Promise<T>((resolve, reject) => {
			const tx = db.transaction(storeName, mode);
			const request = use(tx.objectStore(storeName));
			tx.oncomplete = () => resolve(request.result);
			tx.onerror = tx.onabort = () => reject(tx.error);
		});
	} finally {
		db.close();
	}
}

function track(item: QueuedItem) {
	if (!offlineQueue.items.some((t) => t.item.key === item.key))
		offlineQueue.items.push({ item, status: 'waiting' });
}

function settle(key: string, status: Tracked['status'], answer?: Tracked['answer']) {
	const tracked = offlineQueue.items.find((t) => t.item.key === key);
	if (tracked) Object.assign(tracked, { status, answer });
}

export async function queueAction(item: QueuedItem) {
	await withStore('readwrite', (store) => store.put(item));
	track(item);
}

/** Forgets what is not this user's and shows what is still waiting. */
async function loadQueue(userId: string) {
	const stored = await withStore('readonly', (store) => store.getAll() as IDBRequest<QueuedItem[]>);
	for (const item of stored) {
		if (item.userId === userId) track(item);
		else await withStore('readwrite', (store) => store.delete(item.key));
	}
	offlineQueue.items = offlineQueue.items.filter((t) => t.item.userId === userId);
}

let running: Promise<boolean> | null = null;

/** Sends what is waiting, oldest first; true when something reached the server. */
export function replayQueue(userId: string): Promise<boolean> {
	running ??= replay(userId).finally(() => (running = null));
	return running;
}

async function replay(userId: string) {
	await loadQueue(userId);
	let delivered = false;
	const waiting = offlineQueue.items
		.filter((t) => t.status === 'waiting')
		.sort((a, b) => a.item.createdAt - b.item.createdAt);
	for (const { item } of waiting) {
		if (!navigator.onLine) break;
		const response = await fetch(endpoints[item.kind], {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify(item),
			redirect: 'manual'
		}).catch(() => null);
		// No connection after all, or signed out: keep it for later.
		if (!response || response.type === 'opaqueredirect' || response.status >= 500) break;
		const body = await response.json().catch(() => ({}));
		await withStore('readwrite', (store) => store.delete(item.key));
		if (response.ok) {
			delivered = true;
			settle(item.key, 'sent', { done: body.done });
		} else if (response.status === 400) {
			delivered = true;
			const errors: Record<string, string> = body.errors ?? {};
			settle(item.key, 'failed', { error: Object.values(errors).join(' ') });
		} else {
			offlineQueue.items = offlineQueue.items.filter((t) => t.item.key !== item.key);
		}
	}
	return delivered;
}

/** Replays on page load and whenever the connection comes back; returns the stop function. */
export function startOfflineQueue(userId: string, onDelivered: () => void) {
	const run = () => {
		replayQueue(userId)
			.then((delivered) => delivered && onDelivered())
			.catch(() => {});
	};
	run();
	window.addEventListener('online', run);
	return () => window.removeEventListener('online', run);
}
