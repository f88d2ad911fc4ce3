CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text NOT NULL,
	`actor_role` text NOT NULL,
	`action` text NOT NULL,
	`participant_id` text,
	`reason` text,
	`request_id` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_participant_idx` ON `audit_log` (`participant_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor_id`,`at`);--> statement-breakpoint
CREATE TABLE `booking` (
	`id` text PRIMARY KEY NOT NULL,
	`slot_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`status` text DEFAULT 'booked' NOT NULL,
	`booked_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`cancelled_at` integer,
	`cancel_reason` text,
	`cant_make_it_reason` text,
	`cant_make_it_at` integer,
	`checked_in_at` integer,
	`checkin_attempts` integer DEFAULT 0 NOT NULL,
	`outcome` text,
	`outcome_reason` text,
	`outcome_by` text,
	`outcome_at` integer,
	FOREIGN KEY (`slot_id`) REFERENCES `slot`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`participant_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`booked_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`outcome_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `booking_slot_idx` ON `booking` (`slot_id`);--> statement-breakpoint
CREATE INDEX `booking_participant_idx` ON `booking` (`participant_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `booking_one_active_per_slot` ON `booking` (`slot_id`,`participant_id`) WHERE status = 'booked';--> statement-breakpoint
CREATE TABLE `outcome_change` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`booking_id` text NOT NULL,
	`previous_outcome` text,
	`new_outcome` text NOT NULL,
	`reason` text,
	`changed_by` text NOT NULL,
	`changed_at` integer NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `booking`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`changed_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outcome_change_booking_idx` ON `outcome_change` (`booking_id`);--> statement-breakpoint
CREATE TABLE `slot` (
	`id` text PRIMARY KEY NOT NULL,
	`navigator_id` text NOT NULL,
	`type` text NOT NULL,
	`title` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`mode` text NOT NULL,
	`place` text,
	`map_url` text,
	`remote_details` text,
	`capacity` integer NOT NULL,
	`booked_count` integer DEFAULT 0 NOT NULL,
	`participant_id` text,
	`series_id` text,
	`checkin_secret` text NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`cancel_reason` text,
	`cancelled_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`navigator_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`participant_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `slot_navigator_starts_idx` ON `slot` (`navigator_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `slot_starts_idx` ON `slot` (`starts_at`);