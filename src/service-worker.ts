/// <reference lib="webworker" />
/**
 * Checkpoint's service worker. Precaches the app shell, icons and the prerendered /help and
 * /offline pages. Keeps an offline copy of exactly three participant pages, only when the server
 * marked the response as the signed-in participant's own page; nothing else is ever stored.
 */
import {
	cleanupOutdatedCaches,
	getCacheKeyForURL,
	matchPrecache,
	precacheAndRoute
} from 'workbox-precaching';

declare let self: ServiceWorkerGlobalScope;

export const participantPagesCache = 'checkpoint-participant-pages';
/** Written by the page when someone signs out with no connection; see signOutEverywhereLocal. */
const pendingSignOutCache = 'checkpoint-pending-sign-out';
const offlineReadablePaths = new Set(['/', '/plan', '/sessions']);

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

self.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') self.skipWaiting();
	if (event.data?.type === 'KEEP_OFFLINE_COPY' && typeof event.data.path === 'string') {
		event.waitUntil(refreshOfflineCopy(event.data.path));
	}
});

// The first worker looks after the page that installed it at once; an update still waits for
// the person to choose "Reload".
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

async function finishPendingSignOut() {
	if (!(await caches.has(pendingSignOutCache))) return;
	const pending = await caches.match('/pending-sign-out', { cacheName: pendingSignOutCache });
	const response = await fetch('/logout', {
		method: 'POST',
		credentials: 'same-origin',
		redirect: 'manual',
		body: new URLSearchParams({ pushEndpoint: (await pending?.text()) ?? '' })
	});
	if (response.type === 'opaqueredirect' || response.ok) {
		// The page stops reminders at sign-out, but without a connection that may have failed.
		const subscription = await self.registration.pushManager?.getSubscription().catch(() => null);
		await subscription?.unsubscribe().catch(() => false);
		await caches.delete(pendingSignOutCache);
	}
}

async function offlineFallback() {
	return (await matchPrecache('/offline')) ?? Response.error();
}

/**
 * Counts sign-outs seen from any open page. A copy whose request went out before a sign-out may
 * arrive after the page and the server have cleared everything, and must not be left behind.
 */
let signOuts = 0;

async function updateOfflineCopy(path: string, response: Response, signOutsBefore: number) {
	const ownPage =
		response.ok && !response.redirected && response.headers.get('X-Offline-Copy') === 'participant';
	const cache = await caches.open(participantPagesCache);
	if (ownPage && signOuts === signOutsBefore) await cache.put(path, response.clone());
	if (!ownPage || signOuts !== signOutsBefore) await cache.delete(path);
}

/**
 * Most visits never reach the worker as a navigation: SvelteKit moves between pages with data
 * requests, and the first page is often loaded before the worker is active. The page asks for
 * those here, and the worker fetches the page itself under the same rules as a navigation.
 */
async function refreshOfflineCopy(path: string) {
	if (!offlineReadablePaths.has(path)) return;
	const signOutsBefore = signOuts;
	try {
		await finishPendingSignOut();
		const response = await fetch(path, {
			credentials: 'same-origin',
			headers: { Accept: 'text/html' }
		});
		await updateOfflineCopy(path, response, signOutsBefore);
	} catch {
		// No connection: the copy already kept is still the best there is.
	}
}

async function handleNavigation(request: Request, url: URL): Promise<Response> {
	const signOutsBefore = signOuts;
	try {
		await finishPendingSignOut();
		const response = await fetch(request);
		if (offlineReadablePaths.has(url.pathname)) {
			await updateOfflineCopy(url.pathname, response, signOutsBefore);
		}
		return response;
	} catch {
		if (offlineReadablePaths.has(url.pathname) && !(await caches.has(pendingSignOutCache))) {
			const cached = await caches.match(url.pathname, { cacheName: participantPagesCache });
			if (cached) return cached;
		}
		return offlineFallback();
	}
}

self.addEventListener('fetch', (event) => {
	const { request } = event;
	const url = new URL(request.url);
	if (url.origin !== self.location.origin) return;
	if (request.method === 'POST' && url.pathname === '/logout') signOuts++;
	if (request.method !== 'GET' || request.mode !== 'navigate' || getCacheKeyForURL(url.href))
		return;
	event.respondWith(handleNavigation(request, url));
});

// Reminders: the server decides the words, and they are discreet by design.
self.addEventListener('push', (event) => {
	let data: { title?: string; body?: string; tag?: string; url?: unknown } = {};
	try {
		data = event.data ? event.data.json() : {};
	} catch {
		data = {};
	}
	event.waitUntil(
		self.registration.showNotification(data.title || 'Checkpoint', {
			body: data.body || 'Open the app to see what is new.',
			icon: '/icons/icon-192.png',
			badge: '/icons/icon-192.png',
			tag: data.tag,
			data: { url: typeof data.url === 'string' ? data.url : '/' }
		})
	);
});

self.addEventListener('notificationclick', (event) => {
	event.notification.close();
	const target = new URL(event.notification.data?.url || '/', self.location.origin);
	const url = target.origin === self.location.origin ? target.href : self.location.origin + '/';
	event.waitUntil(
		self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(async (windows) => {
			for (const client of windows) {
				if (client.url.startsWith(self.location.origin)) {
					const navigated = await client.navigate(url);
					return (navigated ?? client).focus();
				}
			}
			return self.clients.openWindow(url);
		})
	);
});
