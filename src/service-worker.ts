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
});

async function finishPendingSignOut() {
	if (!(await caches.has(pendingSignOutCache))) return;
	const response = await fetch('/logout', {
		method: 'POST',
		credentials: 'same-origin',
		redirect: 'manual'
	});
	if (response.type === 'opaqueredirect' || response.ok) await caches.delete(pendingSignOutCache);
}

async function offlineFallback() {
	return (await matchPrecache('/offline')) ?? Response.error();
}

async function handleNavigation(request: Request, url: URL): Promise<Response> {
	try {
		await finishPendingSignOut();
		const response = await fetch(request);
		const ownPage =
			response.ok &&
			!response.redirected &&
			response.headers.get('X-Offline-Copy') === 'participant';
		if (offlineReadablePaths.has(url.pathname)) {
			const cache = await caches.open(participantPagesCache);
			if (ownPage) await cache.put(url.pathname, response.clone());
			else await cache.delete(url.pathname);
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
	if (request.method !== 'GET' || request.mode !== 'navigate') return;
	const url = new URL(request.url);
	if (url.origin !== self.location.origin || getCacheKeyForURL(url.href)) return;
	event.respondWith(handleNavigation(request, url));
});
