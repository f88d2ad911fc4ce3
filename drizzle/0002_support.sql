CREATE TABLE `callback_request` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_id` text NOT NULL,
	`phone` text NOT NULL,
	`good_times` text NOT NULL,
	`created_at` integer NOT NULL,
	`done_at` integer,
	`done_by` text,
	FOREIGN KEY (`participant_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`done_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `callback_request_participant_idx` ON `callback_request` (`participant_id`,`done_at`);--> statement-breakpoint
CREATE TABLE `message` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`participant_id` text NOT NULL,
	`sender_id` text NOT NULL,
	`sender_role` text NOT NULL,
	`body` text NOT NULL,
	`client_key` text,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`participant_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sender_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `message_thread_idx` ON `message` (`participant_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `message_client_key_idx` ON `message` (`sender_id`,`client_key`);--> statement-breakpoint
CREATE TABLE `navigator_hours` (
	`navigator_id` text PRIMARY KEY NOT NULL,
	`hours` text NOT NULL,
	FOREIGN KEY (`navigator_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `notification` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`url` text NOT NULL,
	`booking_id` text,
	`due_at` integer NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`sent_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_key_unique` ON `notification` (`key`);--> statement-breakpoint
CREATE INDEX `notification_due_idx` ON `notification` (`status`,`due_at`);--> statement-breakpoint
CREATE TABLE `push_subscription` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`endpoint` text NOT NULL,
	`p256dh` text NOT NULL,
	`auth` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `push_subscription_endpoint_unique` ON `push_subscription` (`endpoint`);--> statement-breakpoint
CREATE INDEX `push_subscription_user_idx` ON `push_subscription` (`user_id`);--> statement-breakpoint
CREATE TABLE `wellbeing_check_in` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_id` text NOT NULL,
	`week` integer NOT NULL,
	`score` integer NOT NULL,
	`help_with` text DEFAULT '' NOT NULL,
	`note` text,
	`callback_requested` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `wellbeing_check_in_week_idx` ON `wellbeing_check_in` (`participant_id`,`week`);