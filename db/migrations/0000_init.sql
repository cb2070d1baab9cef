CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"username" varchar(150) NOT NULL,
	"email" varchar(254) NOT NULL,
	"full_name" varchar(255) DEFAULT '' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"is_admin" boolean DEFAULT false NOT NULL,
	"oidc_subject" varchar(255),
	"last_login_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "course_roles" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "course_roles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"role" varchar(32) NOT NULL,
	CONSTRAINT "course_roles_role_check" CHECK ("course_roles"."role" in ('staff', 'instructor'))
);
--> statement-breakpoint
CREATE TABLE "course_sections" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "course_sections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"course_id" integer NOT NULL,
	"usage_key" varchar(255) NOT NULL,
	"display_name" text NOT NULL,
	"release_date" timestamp with time zone,
	"due_date" timestamp with time zone,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "courses" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "courses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"course_key" varchar(255) NOT NULL,
	"name" text NOT NULL,
	"start" timestamp with time zone,
	"end" timestamp with time zone,
	"proctoring_escalation_email" varchar(254),
	"proctoring_backend" varchar(255),
	"allow_proctoring_opt_out" boolean DEFAULT false NOT NULL,
	"enable_proctored_exams" boolean DEFAULT true NOT NULL,
	"enable_timed_exams" boolean DEFAULT true NOT NULL,
	"override_grade_on_rejected_exam" boolean DEFAULT false NOT NULL,
	CONSTRAINT "courses_course_key_key" UNIQUE("course_key")
);
--> statement-breakpoint
CREATE TABLE "due_date_extensions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "due_date_extensions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"usage_key" varchar(255) NOT NULL,
	"due_date" timestamp with time zone NOT NULL,
	"reason" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enrollments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "enrollments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"mode" varchar(64) NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "enrollments_mode_check" CHECK ("enrollments"."mode" in ('audit', 'honor', 'verified', 'professional', 'no-id-professional', 'masters', 'executive-education'))
);
--> statement-breakpoint
CREATE TABLE "exam_questions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "exam_questions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"exam_id" integer NOT NULL,
	"position" integer NOT NULL,
	"kind" varchar(32) NOT NULL,
	"prompt" text NOT NULL,
	"choices" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"correct_choice" integer,
	"points" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "exam_questions_kind_check" CHECK ("exam_questions"."kind" in ('multiple_choice', 'short_answer')),
	CONSTRAINT "exam_questions_points_check" CHECK ("exam_questions"."points" >= 0)
);
--> statement-breakpoint
CREATE TABLE "exams" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "exams_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"course_id" varchar(255) NOT NULL,
	"content_id" varchar(255) NOT NULL,
	"external_id" varchar(255),
	"exam_name" text NOT NULL,
	"time_limit_mins" integer NOT NULL,
	"due_date" timestamp with time zone,
	"is_proctored" boolean DEFAULT false NOT NULL,
	"is_practice_exam" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT false NOT NULL,
	"hide_after_due" boolean DEFAULT false NOT NULL,
	"backend" varchar(255),
	"content_url" text,
	CONSTRAINT "exams_time_limit_check" CHECK ("exams"."time_limit_mins" >= 0)
);
--> statement-breakpoint
CREATE TABLE "review_policies" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "review_policies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"set_by_user_id" integer NOT NULL,
	"exam_id" integer NOT NULL,
	"review_policy" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_policy_history" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "review_policy_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"original_id" integer NOT NULL,
	"set_by_user_id" integer NOT NULL,
	"exam_id" integer NOT NULL,
	"review_policy" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attempt_answers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "attempt_answers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"attempt_id" integer NOT NULL,
	"question_id" integer NOT NULL,
	"answer" jsonb NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"feedback" text
);
--> statement-breakpoint
CREATE TABLE "attempt_history" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "attempt_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"attempt_id" integer,
	"user_id" integer NOT NULL,
	"exam_id" integer NOT NULL,
	"course_id" varchar(255) NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"last_poll_timestamp" timestamp with time zone,
	"last_poll_ipaddr" varchar(64),
	"attempt_code" varchar(255),
	"external_id" varchar(255),
	"allowed_time_limit_mins" integer,
	"status" varchar(64) NOT NULL,
	"taking_as_proctored" boolean DEFAULT false NOT NULL,
	"is_sample_attempt" boolean DEFAULT false NOT NULL,
	"student_name" varchar(255) DEFAULT '' NOT NULL,
	"review_policy_id" integer,
	"is_status_acknowledged" boolean DEFAULT false NOT NULL,
	"time_remaining_seconds" integer
);
--> statement-breakpoint
CREATE TABLE "attempts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" integer NOT NULL,
	"exam_id" integer NOT NULL,
	"course_id" varchar(255) NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"last_poll_timestamp" timestamp with time zone,
	"last_poll_ipaddr" varchar(64),
	"attempt_code" varchar(255),
	"external_id" varchar(255),
	"allowed_time_limit_mins" integer,
	"status" varchar(64) NOT NULL,
	"taking_as_proctored" boolean DEFAULT false NOT NULL,
	"is_sample_attempt" boolean DEFAULT false NOT NULL,
	"student_name" varchar(255) DEFAULT '' NOT NULL,
	"review_policy_id" integer,
	"is_status_acknowledged" boolean DEFAULT false NOT NULL,
	"time_remaining_seconds" integer,
	"score_earned" real,
	"score_possible" real
);
--> statement-breakpoint
CREATE TABLE "allowance_history" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "allowance_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"allowance_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"exam_id" integer NOT NULL,
	"key" varchar(255) NOT NULL,
	"value" varchar(255) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "allowances" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "allowances_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" integer NOT NULL,
	"exam_id" integer NOT NULL,
	"key" varchar(255) NOT NULL,
	"value" varchar(255) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_comments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "review_comments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"review_id" integer NOT NULL,
	"start_time" integer NOT NULL,
	"stop_time" integer NOT NULL,
	"duration" integer NOT NULL,
	"comment" text NOT NULL,
	"status" varchar(255) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_history" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "review_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"review_id" integer,
	"attempt_code" varchar(255) NOT NULL,
	"is_attempt_active" boolean DEFAULT true NOT NULL,
	"review_status" varchar(255) NOT NULL,
	"raw_data" text NOT NULL,
	"video_url" text DEFAULT '' NOT NULL,
	"reviewed_by_id" integer,
	"student_id" integer,
	"exam_id" integer
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reviews_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"attempt_code" varchar(255) NOT NULL,
	"is_attempt_active" boolean DEFAULT true NOT NULL,
	"review_status" varchar(255) NOT NULL,
	"raw_data" text NOT NULL,
	"video_url" text DEFAULT '' NOT NULL,
	"reviewed_by_id" integer,
	"student_id" integer,
	"exam_id" integer,
	CONSTRAINT "reviews_status_check" CHECK ("reviews"."review_status" in ('Clean', 'Rules Violation', 'Suspicious', 'Not Reviewed'))
);
--> statement-breakpoint
CREATE TABLE "credit_requirement_statuses" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "credit_requirement_statuses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"namespace" varchar(64) NOT NULL,
	"name" varchar(255) NOT NULL,
	"status" varchar(32) NOT NULL,
	CONSTRAINT "credit_requirement_statuses_status_check" CHECK ("credit_requirement_statuses"."status" in ('satisfied', 'submitted', 'declined', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "grade_overrides" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "grade_overrides_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"usage_key" varchar(255) NOT NULL,
	"earned_all" real NOT NULL,
	"earned_graded" real NOT NULL,
	"overrider_id" integer,
	"comment" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api_tokens_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"name" varchar(255) NOT NULL,
	"token_hash" varchar(64) NOT NULL,
	"token_prefix" varchar(16) NOT NULL,
	"scopes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"backend_name" varchar(255),
	"created_by_id" integer,
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_kind" varchar(16) NOT NULL,
	"actor_user_id" integer,
	"actor_token_id" integer,
	"action" varchar(64) NOT NULL,
	"entity_type" varchar(32) NOT NULL,
	"entity_id" varchar(64),
	"course_id" varchar(255),
	"attempt_id" integer,
	"subject_user_id" integer,
	"from_status" varchar(64),
	"to_status" varchar(64),
	"source" varchar(32) NOT NULL,
	"request_id" varchar(64),
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "backend_configs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "backend_configs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"name" varchar(255) NOT NULL,
	"kind" varchar(32) NOT NULL,
	"verbose_name" varchar(255) DEFAULT '' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"secrets_encrypted" text,
	CONSTRAINT "backend_configs_kind_check" CHECK ("backend_configs"."kind" in ('null', 'mock', 'rest', 'software_secure'))
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"topic" varchar(64) NOT NULL,
	"payload" jsonb NOT NULL,
	"state" varchar(16) DEFAULT 'pending' NOT NULL,
	"tries" integer DEFAULT 0 NOT NULL,
	"max_tries" integer DEFAULT 8 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"request_id" varchar(64),
	CONSTRAINT "outbox_state_check" CHECK ("outbox"."state" in ('pending', 'done', 'dead'))
);
--> statement-breakpoint
CREATE TABLE "site_settings" (
	"key" varchar(128) PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_by_id" integer
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_endpoints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"url" text NOT NULL,
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"secret_encrypted" text,
	"enabled" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
ALTER TABLE "course_roles" ADD CONSTRAINT "course_roles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_roles" ADD CONSTRAINT "course_roles_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_sections" ADD CONSTRAINT "course_sections_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "due_date_extensions" ADD CONSTRAINT "due_date_extensions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "due_date_extensions" ADD CONSTRAINT "due_date_extensions_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_questions" ADD CONSTRAINT "exam_questions_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exams" ADD CONSTRAINT "exams_course_id_courses_course_key_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("course_key") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "review_policies" ADD CONSTRAINT "review_policies_set_by_user_id_users_id_fk" FOREIGN KEY ("set_by_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_policies" ADD CONSTRAINT "review_policies_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempt_answers" ADD CONSTRAINT "attempt_answers_attempt_id_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempt_answers" ADD CONSTRAINT "attempt_answers_question_id_exam_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."exam_questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allowances" ADD CONSTRAINT "allowances_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allowances" ADD CONSTRAINT "allowances_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_comments" ADD CONSTRAINT "review_comments_review_id_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."reviews"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_reviewed_by_id_users_id_fk" FOREIGN KEY ("reviewed_by_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_student_id_users_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_requirement_statuses" ADD CONSTRAINT "credit_requirement_statuses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_requirement_statuses" ADD CONSTRAINT "credit_requirement_statuses_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grade_overrides" ADD CONSTRAINT "grade_overrides_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grade_overrides" ADD CONSTRAINT "grade_overrides_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grade_overrides" ADD CONSTRAINT "grade_overrides_overrider_id_users_id_fk" FOREIGN KEY ("overrider_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_settings" ADD CONSTRAINT "site_settings_modified_by_id_users_id_fk" FOREIGN KEY ("modified_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_key" ON "users" USING btree ("username");--> statement-breakpoint
CREATE UNIQUE INDEX "users_oidc_subject_key" ON "users" USING btree ("oidc_subject");--> statement-breakpoint
CREATE INDEX "users_email_lower_idx" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "users_username_lower_idx" ON "users" USING btree (lower("username"));--> statement-breakpoint
CREATE UNIQUE INDEX "course_roles_user_course_role_key" ON "course_roles" USING btree ("user_id","course_id","role");--> statement-breakpoint
CREATE INDEX "course_roles_course_idx" ON "course_roles" USING btree ("course_id");--> statement-breakpoint
CREATE UNIQUE INDEX "course_sections_course_usage_key" ON "course_sections" USING btree ("course_id","usage_key");--> statement-breakpoint
CREATE UNIQUE INDEX "due_date_extensions_user_course_usage_key" ON "due_date_extensions" USING btree ("user_id","course_id","usage_key");--> statement-breakpoint
CREATE UNIQUE INDEX "enrollments_one_active_key" ON "enrollments" USING btree ("user_id","course_id") WHERE "enrollments"."is_active";--> statement-breakpoint
CREATE INDEX "enrollments_course_active_idx" ON "enrollments" USING btree ("course_id","mode","user_id") WHERE "enrollments"."is_active";--> statement-breakpoint
CREATE INDEX "enrollments_user_idx" ON "enrollments" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exam_questions_exam_position_key" ON "exam_questions" USING btree ("exam_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "exams_course_content_key" ON "exams" USING btree ("course_id","content_id");--> statement-breakpoint
CREATE INDEX "exams_content_idx" ON "exams" USING btree ("content_id");--> statement-breakpoint
CREATE INDEX "exams_external_idx" ON "exams" USING btree ("external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_policies_exam_key" ON "review_policies" USING btree ("exam_id");--> statement-breakpoint
CREATE INDEX "review_policy_history_original_idx" ON "review_policy_history" USING btree ("original_id");--> statement-breakpoint
CREATE UNIQUE INDEX "attempt_answers_attempt_question_key" ON "attempt_answers" USING btree ("attempt_id","question_id");--> statement-breakpoint
CREATE INDEX "attempt_history_attempt_idx" ON "attempt_history" USING btree ("attempt_id");--> statement-breakpoint
CREATE INDEX "attempt_history_attempt_code_idx" ON "attempt_history" USING btree ("attempt_code");--> statement-breakpoint
CREATE INDEX "attempt_history_external_id_idx" ON "attempt_history" USING btree ("external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "attempts_attempt_code_key" ON "attempts" USING btree ("attempt_code");--> statement-breakpoint
CREATE UNIQUE INDEX "attempts_external_id_key" ON "attempts" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "attempts_exam_user_created_idx" ON "attempts" USING btree ("exam_id","user_id","created" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "attempts_user_created_idx" ON "attempts" USING btree ("user_id","created" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "attempts_course_created_idx" ON "attempts" USING btree ("course_id","created" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "attempts_course_user_idx" ON "attempts" USING btree ("course_id","user_id");--> statement-breakpoint
CREATE INDEX "attempts_in_progress_idx" ON "attempts" USING btree ("started_at") WHERE "attempts"."status" in ('started', 'ready_to_submit');--> statement-breakpoint
CREATE INDEX "allowance_history_allowance_idx" ON "allowance_history" USING btree ("allowance_id");--> statement-breakpoint
CREATE UNIQUE INDEX "allowances_user_exam_key_key" ON "allowances" USING btree ("user_id","exam_id","key");--> statement-breakpoint
CREATE INDEX "allowances_exam_user_idx" ON "allowances" USING btree ("exam_id","user_id");--> statement-breakpoint
CREATE INDEX "review_comments_review_idx" ON "review_comments" USING btree ("review_id");--> statement-breakpoint
CREATE INDEX "review_history_attempt_code_idx" ON "review_history" USING btree ("attempt_code");--> statement-breakpoint
CREATE UNIQUE INDEX "reviews_attempt_code_key" ON "reviews" USING btree ("attempt_code");--> statement-breakpoint
CREATE INDEX "reviews_exam_idx" ON "reviews" USING btree ("exam_id");--> statement-breakpoint
CREATE INDEX "reviews_student_idx" ON "reviews" USING btree ("student_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_requirement_statuses_key" ON "credit_requirement_statuses" USING btree ("user_id","course_id","namespace","name");--> statement-breakpoint
CREATE INDEX "credit_requirement_statuses_course_idx" ON "credit_requirement_statuses" USING btree ("course_id");--> statement-breakpoint
CREATE UNIQUE INDEX "grade_overrides_one_active_key" ON "grade_overrides" USING btree ("user_id","course_id","usage_key") WHERE "grade_overrides"."active";--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "audit_log_attempt_idx" ON "audit_log" USING btree ("attempt_id","id");--> statement-breakpoint
CREATE INDEX "audit_log_course_idx" ON "audit_log" USING btree ("course_id","id");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "backend_configs_name_key" ON "backend_configs" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "backend_configs_one_default_key" ON "backend_configs" USING btree ("is_default") WHERE "backend_configs"."is_default";--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("next_attempt_at") WHERE "outbox"."state" = 'pending';