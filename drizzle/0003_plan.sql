CREATE TABLE `contract` (
	`participant_id` text PRIMARY KEY NOT NULL,
	`victim_condition` integer DEFAULT false NOT NULL,
	`community_condition` text DEFAULT 'volunteering' NOT NULL,
	`volunteering_target` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `pathway` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_id` text NOT NULL,
	`area` text NOT NULL,
	`goal` text NOT NULL,
	`position` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `pathway_participant_idx` ON `pathway` (`participant_id`,`position`);--> statement-breakpoint
CREATE UNIQUE INDEX `pathway_one_per_area` ON `pathway` (`participant_id`,`area`);--> statement-breakpoint
CREATE TABLE `plan_acknowledgement` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`participant_id` text NOT NULL,
	`up_to_change_id` integer NOT NULL,
	`acknowledged_at` integer NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `plan_acknowledgement_participant_idx` ON `plan_acknowledgement` (`participant_id`,`up_to_change_id`);--> statement-breakpoint
CREATE TABLE `plan_action` (
	`id` text PRIMARY KEY NOT NULL,
	`pathway_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`due_date` text,
	`status` text DEFAULT 'not_started' NOT NULL,
	`owner` text NOT NULL,
	`partner_name` text,
	`partner_contact` text,
	`position` integer NOT NULL,
	`done_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`pathway_id`) REFERENCES `pathway`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `plan_action_pathway_idx` ON `plan_action` (`pathway_id`,`position`);--> statement-breakpoint
CREATE TABLE `plan_change` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`participant_id` text NOT NULL,
	`changed_by` text NOT NULL,
	`changed_at` integer NOT NULL,
	`summary` text NOT NULL,
	`needs_acknowledgement` integer NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`changed_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_change_participant_idx` ON `plan_change` (`participant_id`,`id`);--> statement-breakpoint
CREATE TABLE `volunteering_entry` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_id` text NOT NULL,
	`date` text NOT NULL,
	`quarter_hours` integer NOT NULL,
	`place` text NOT NULL,
	`note` text,
	`status` text DEFAULT 'logged' NOT NULL,
	`review_note` text,
	`reviewed_by` text,
	`reviewed_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewed_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `volunteering_participant_date_idx` ON `volunteering_entry` (`participant_id`,`date`);