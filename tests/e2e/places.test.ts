import { expect, test, type Browser } from '@playwright/test';
import { addDays, londonDate } from '../../src/lib/dates';
import { expectAccessible, signIn } from './helpers';

async function as(browser: Browser, username: string) {
	const page = await (await browser.newContext()).newPage();
	await signIn(page, username);
	return page;
}

test('the coordinator adds a place, a navigator puts a session there, and the participant sees how to get there', async ({
	browser
}) => {
	test.slow();
	const name = `Family centre ${Date.now() % 1_000_000}`;
	const address = '7 Gilesgate, Durham DH1 1QW';
	const mapUrl = 'https://www.openstreetmap.org/way/123456';
	const directions = 'Bus 20 to Gilesgate roundabout. The green building behind the church.';

	const coordinator = await as(browser, 'coordinator');
	await coordinator.getByRole('link', { name: 'Places' }).click();
	await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText('Places');
	const add = coordinator.getByRole('region', { name: 'Add a place' });
	await add.getByLabel('Name').fill(name);
	await add.getByLabel('Map link (optional)').fill('http://example.org/map');
	await add.getByLabel('How to get there (optional)').fill(directions);
	await add.getByRole('button', { name: 'Add place' }).click();
	await expect(coordinator.getByRole('alert')).toContainText('Enter the address.');
	await expect(add.locator('#mapUrl-error')).toContainText('starting with https://');
	await expect(add.getByLabel('Name')).toHaveValue(name);
	await expect(add.getByLabel('How to get there (optional)')).toHaveValue(directions);

	await add.getByLabel('Address').fill(address);
	await add.getByLabel('Map link (optional)').fill(mapUrl);
	await add.getByLabel('Step-free access').selectOption({ label: 'No, there are steps' });
	await add.getByRole('button', { name: 'Add place' }).click();
	await expect(coordinator.getByRole('status')).toContainText(`${name} added`);
	const card = coordinator.getByRole('article', { name });
	await expect(card).toContainText(address);
	await expect(card).toContainText(directions);
	await expect(add.getByLabel('Name')).toHaveValue('');
	await coordinator.setViewportSize({ width: 390, height: 844 });
	await coordinator.screenshot({ path: 'test-results/coordinator-places.png', fullPage: true });

	const navigator = await as(browser, 'navigator1');
	const title = `Parenting group ${Date.now() % 1_000_000}`;
	await navigator.goto('/navigator/schedule/new');
	await navigator.getByLabel('Type of session').selectOption('group');
	await navigator.getByLabel('Title').fill(title);
	await navigator.getByLabel('Date').fill(addDays(londonDate(new Date()), 11));
	await navigator.getByLabel('Start time').fill('05:20');
	await navigator.getByRole('button', { name: 'Create' }).click();
	await expect(navigator.getByRole('alert')).toContainText('Choose the place.');
	await expect(navigator.getByLabel('Title')).toHaveValue(title);
	await navigator.getByLabel('Place (in person)').selectOption({ label: `${name}, ${address}` });
	await navigator.getByRole('button', { name: 'Create' }).click();
	await expect(navigator.getByRole('status')).toContainText('Session created');
	const about = navigator.getByRole('region', { name: 'About this session' });
	await expect(about).toContainText(directions);
	await expect(about).toContainText('No, there are steps');
	await navigator.getByLabel('Who').selectOption({ label: 'Jordan Ellis' });
	await navigator.getByRole('button', { name: 'Book them in' }).click();
	await expect(navigator.getByText('Jordan Ellis is booked in.')).toBeVisible();
	await navigator.setViewportSize({ width: 390, height: 844 });
	await navigator.screenshot({ path: 'test-results/navigator-slot-place.png', fullPage: true });

	const participant = await as(browser, 'participant1');
	await participant.goto('/sessions');
	await participant
		.locator('article', { hasText: title })
		.getByRole('link', { name: title })
		.click();
	const how = participant.getByRole('region', { name: 'How to get there' });
	await expect(how).toContainText(name);
	await expect(how).toContainText(address);
	await expect(how).toContainText(directions);
	await expect(how).toContainText('There are steps to get in.');
	await expect(how.getByRole('link', { name: /Open the map/ })).toHaveAttribute('href', mapUrl);
	await expectAccessible(participant);
	await participant.screenshot({
		path: 'test-results/participant-session-place.png',
		fullPage: true
	});

	// A change to the place reaches the session booked there.
	const newDirections = 'Bus 20 to Gilesgate roundabout. Use the side door on Sunderland Road.';
	await card.getByText(`Change ${name}`).click();
	await card.getByLabel('Address').fill('');
	await card.getByLabel('How to get there (optional)').fill(newDirections);
	await card.getByRole('button', { name: `Save ${name}` }).click();
	await expect(card.getByText('Enter the address.').first()).toBeVisible();
	await expect(card.getByLabel('How to get there (optional)')).toHaveValue(newDirections);
	await card.getByLabel('Address').fill(address);
	await card.getByRole('button', { name: `Save ${name}` }).click();
	await expect(coordinator.getByRole('status')).toContainText(`${name} saved`);
	await participant.reload();
	await expect(how).toContainText(newDirections);

	// Taken off the list: no longer offered, and the session booked there keeps it.
	await card.getByRole('button', { name: `Take ${name} off the list` }).click();
	await expect(coordinator.getByRole('status')).toContainText('Taken off the list');
	await expect(coordinator.getByRole('region', { name: 'Taken off the list' })).toContainText(name);
	await navigator.goto('/navigator/schedule/new');
	await expect(
		navigator.getByLabel('Place (in person)').locator('option', { hasText: name })
	).toHaveCount(0);
	await participant.reload();
	await expect(how).toContainText(newDirections);

	await coordinator.goto('/coordinator/audit?actor=coordinator&action=place');
	for (const action of ['place.create', 'place.update', 'place.deactivate'])
		await expect(coordinator.getByRole('cell', { name: action }).first()).toBeVisible();
});
