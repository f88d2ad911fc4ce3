/**
 * What this device keeps of a signed-in participant: offline copies of their own pages (Cache
 * Storage) and queued actions (IndexedDB). Signing out, or a sign-in that has ended, removes it all.
 * The service worker's precache holds only public files and stays.
 */
const pendingSignOutCache = 'checkpoint-pending-sign-out';

export async function forgetPersonalData() {
	if ('caches' in window) {
		for (const name of await caches.keys()) {
			if (!name.startsWith('workbox-precache') && name !== pendingSignOutCache) {
				await caches.delete(name);
			}
		}
	}
	if ('indexedDB' in window && indexedDB.databases) {
		for (const database of await indexedDB.databases()) {
			if (database.name) await deleteDatabase(database.name);
		}
	}
	sessionStorage.clear();
}

async function reminderSubscription(): Promise<PushSubscription | null> {
	if (!('serviceWorker' in navigator)) return null;
	try {
		return (
			(await (await navigator.serviceWorker.getRegistration())?.pushManager.getSubscription()) ??
			null
		);
	} catch {
		return null;
	}
}

/** The address this device's reminders come to, or null when it has none. */
export async function reminderEndpointOnThisDevice(): Promise<string | null> {
	return (await reminderSubscription())?.endpoint ?? null;
}

/**
 * Signing out stops this device's reminders, so a shared phone does not go on showing the last
 * person's. Returns the subscription's address for the server to forget, or null if there was none.
 */
export async function stopRemindersOnThisDevice(): Promise<string | null> {
	const subscription = await reminderSubscription();
	if (!subscription) return null;
	await subscription.unsubscribe().catch(() => false);
	return subscription.endpoint;
}

function deleteDatabase(name: string) {
	return new Promise<void>((resolve) => {
		const request = indexedDB.deleteDatabase(name);
		request.onsuccess = request.onerror = request.onblocked = () => resolve();
	});
}

/**
 * With no connection the server cannot be told yet: the service worker signs out first thing
 * when the connection is back, and serves no stored page until then. It sends the address of the
 * reminders this device had, which the browser no longer knows once they are stopped.
 */
export async function rememberPendingSignOut(pushEndpoint: string) {
	if ('caches' in window) {
		const cache = await caches.open(pendingSignOutCache);
		await cache.put('/pending-sign-out', new Response(pushEndpoint));
	}
}
