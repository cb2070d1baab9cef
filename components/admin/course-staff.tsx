"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { COURSE_STAFF_ROLES, GrantRoleFormSchema, type AdminActionResult, type AdminCourseDetail, type GrantRoleFormValues } from "@/lib/domain/admin-people";

const buttonClass =
  "rounded bg-blue-700 px-3 py-1 text-white hover:bg-blue-800 disabled:opacity-60 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2";

/** A course's staff and instructors: grant by username or e-mail, remove. */
export function CourseStaff({
  courseKey,
  staff,
  grantAction,
  removeAction,
}: {
  courseKey: string;
  staff: AdminCourseDetail["staff"];
  grantAction: (courseKey: unknown, values: unknown) => Promise<AdminActionResult>;
  removeAction: (courseKey: unknown, username: unknown, role: unknown) => Promise<AdminActionResult>;
}) {
  const id = useId();
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<GrantRoleFormValues>({ resolver: zodResolver(GrantRoleFormSchema), defaultValues: { who: "", role: "staff" } });
  const { errors, isSubmitting } = form.formState;

  async function onSubmit(values: GrantRoleFormValues) {
    setStatus(null);
    setError(null);
    const result = await grantAction(courseKey, values);
    if (result.ok) {
      setStatus(result.message ?? "Granted.");
      form.reset();
      return;
    }
    setError(result.detail);
    if (result.fieldErrors?.who) form.setError("who", { message: result.fieldErrors.who });
  }

  async function remove(username: string, role: string) {
    setStatus(null);
    setError(null);
    const result = await removeAction(courseKey, username, role);
    if (result.ok) setStatus(`${username} is no longer ${role === "staff" ? "course staff" : "an instructor"}.`);
    else setError(result.detail);
  }

  return (
    <div className="space-y-4">
      <p role="status" className="text-sm text-green-800">
        {status}
      </p>
      {error ? (
        <p role="alert" className="text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {staff.length === 0 ? (
        <p className="text-sm">Nobody runs this course’s dashboard yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded border border-slate-200" aria-label="Course staff and instructors">
          {staff.map((s) => (
            <li key={`${s.userId}-${s.role}`} className="flex flex-wrap items-center justify-between gap-2 p-2 text-sm">
              <span>
                <a href={`/admin/people/${s.userId}`} className="font-medium text-blue-800 underline">
                  {s.username}
                </a>{" "}
                <span className="text-slate-700">
                  {s.email} · {s.role}
                </span>
              </span>
              <button
                type="button"
                onClick={() => remove(s.username, s.role)}
                className="rounded border border-red-700 px-2 py-0.5 text-red-800 hover:bg-red-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2"
              >
                Remove<span className="sr-only"> {s.username} as {s.role}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="flex flex-wrap items-end gap-3" aria-label="Grant a course role">
        <div>
          <label htmlFor={`${id}-who`} className="block text-sm font-medium">
            Username or e-mail
          </label>
          <input
            id={`${id}-who`}
            {...form.register("who")}
            autoComplete="off"
            className="mt-1 w-64 max-w-full rounded border border-slate-400 px-2 py-1 text-sm"
            aria-invalid={errors.who ? true : undefined}
            aria-describedby={errors.who ? `${id}-who-error` : undefined}
          />
        </div>
        <div>
          <label htmlFor={`${id}-role`} className="block text-sm font-medium">
            Role
          </label>
          <select id={`${id}-role`} {...form.register("role")} className="mt-1 rounded border border-slate-400 px-2 py-1 text-sm">
            {COURSE_STAFF_ROLES.map((r) => (
              <option key={r} value={r}>
                {r === "staff" ? "Course staff" : "Instructor"}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={isSubmitting} className={buttonClass}>
          {isSubmitting ? "Granting…" : "Grant"}
        </button>
        {errors.who ? (
          <p id={`${id}-who-error`} className="w-full text-sm text-red-800">
            {errors.who.message}
          </p>
        ) : null}
      </form>
    </div>
  );
}
