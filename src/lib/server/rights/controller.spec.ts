import { describe, expect, it } from 'vitest';
import { controllerFromEnv, demoController } from './controller';

describe('the controller named in the privacy notice', () => {
	it('is the demo placeholder, marked as such, until all three settings are given', () => {
		expect(controllerFromEnv({})).toEqual({ ...demoController, placeholder: true });
		expect(controllerFromEnv({ CONTROLLER_NAME: 'Northshire Police' })).toMatchObject({
			name: 'Northshire Police',
			contact: demoController.contact,
			placeholder: true
		});
	});

	it('comes from the environment', () => {
		expect(
			controllerFromEnv({
				CONTROLLER_NAME: ' Northshire Police ',
				CONTROLLER_CONTACT: 'Checkpoint, PO Box 1, Northshire',
				DPO_CONTACT: 'dpo@northshire.police.uk'
			})
		).toEqual({
			name: 'Northshire Police',
			contact: 'Checkpoint, PO Box 1, Northshire',
			dataProtectionOfficer: 'dpo@northshire.police.uk',
			placeholder: false
		});
	});
});
