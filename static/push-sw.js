// Loaded into the generated service worker (workbox importScripts): shows reminders and opens
// the app when one is tapped. The server decides the words; they are discreet by design.
self.addEventListener('push', (event) => {
	let data = {};
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
		self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
			for (const client of windows) {
				if (client.url.startsWith(self.location.origin) && 'focus' in client) {
					return client.navigate(url).then((c) => (c ?? client).focus());
				}
			}
			return self.clients.openWindow(url);
		})
	);
});
