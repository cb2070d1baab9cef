CREATE TABLE "credit_requirements" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "credit_requirements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"course_id" integer NOT NULL,
	"namespace" varchar(64) NOT NULL,
	"name" varchar(255) NOT NULL,
	"display_name" varchar(255) DEFAULT '' NOT NULL,
	"order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "credit_requirements_order_check" CHECK ("credit_requirements"."order" >= 0)
);
--> statement-breakpoint
ALTER TABLE "credit_requirement_statuses" DROP CONSTRAINT "credit_requirement_statuses_status_check";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "verification_status" varchar(16) DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "verification_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "credit_requirement_statuses" ADD COLUMN "status_date" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "credit_requirement_statuses" ADD COLUMN "source" varchar(16) DEFAULT 'proctoring' NOT NULL;--> statement-breakpoint
ALTER TABLE "credit_requirements" ADD CONSTRAINT "credit_requirements_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_requirements_key" ON "credit_requirements" USING btree ("course_id","namespace","name");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_verification_status_check" CHECK ("users"."verification_status" in ('approved', 'pending', 'must_reverify', 'expired', 'none'));--> statement-breakpoint
ALTER TABLE "credit_requirement_statuses" ADD CONSTRAINT "credit_requirement_statuses_source_check" CHECK ("credit_requirement_statuses"."source" in ('lms', 'proctoring'));--> statement-breakpoint
ALTER TABLE "credit_requirement_statuses" ADD CONSTRAINT "credit_requirement_statuses_status_check" CHECK ("credit_requirement_statuses"."status" in ('satisfied', 'submitted', 'declined', 'failed', 'pending'));