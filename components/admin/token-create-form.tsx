"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useId, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { API_TOKEN_SCOPES, AdminTokenFormSchema, type AdminTokenFormValues, type CreateTokenResult } from "@/lib/domain/api-tokens";

const SCOPE_HELP: Record<(typeof API_TOKEN_SCOPES)[number], string> = {
  "lms:sync": "The LMS pushes courses, exams and enrolments.",
  "lms:act-as-user": "The LMS acts for a learner (user JWTs).",
  "vendor:callbacks": "A proctoring vendor reports on its own backend's attempts.",
  "admin:api": "Scripts use the admin API.",
  "metrics:read": "Prometheus scrapes GET /api/metrics (counters and outbox figures, no personal data).",
};

const inputClass =
  "mt-1 block w-full max-w-md rounded border border-slate-400 px-2 py-1 focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-700";

/**
 * Creates an API token. The secret comes back once, is shown with a copy button, and is gone from
 * the page when it is dismissed or reloaded (only its hash is stored).
 */
export function TokenCreateForm({ backends, createAction }: { backends: string[]; createAction: (values: unknown) => Promise<CreateTokenResult> }) {
  const id = useId();
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const [detail, setDetail] = useState<string | null>(null);
  const secretHeading = useRef<HTMLHeadingElement>(null);
  const form = useForm<AdminTokenFormValues>({
    resolver: zodResolver(AdminTokenFormSchema),
    defaultValues: { name: "", scopes: [], backendName: "", expiresDays: "" },
  });
  const { errors, isSubmitting } = form.formState;

  useEffect(() => {
    if (created) secretHeading.current?.focus();
  }, [created]);

  async function onSubmit(values: AdminTokenFormValues) {
    setDetail(null);
    const result = await createAction(values);
    if (result.ok) {
      setCopied(null);
      setCreated({ token: result.token, name: result.name });
      form.reset();
      return;
    }
    setDetail(result.detail);
    for (const [field, message] of Object.entries(result.fieldErrors)) {
      if (field === "name" || field === "scopes" || field === "backendName" || field === "expiresDays") form.setError(field, { message });
    }
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <div>
      {created ? (
        <section aria-labelledby={`${id}-secret`} className="mb-6 rounded border border-amber-400 bg-amber-50 p-4">
          <h3 id={`${id}-secret`} ref={secretHeading} tabIndex={-1} className="font-medium">
            Token “{created.name}” created: copy it now
          </h3>
          <p className="mt-1 text-sm">This is the only time it is shown. Only a fingerprint of it is kept; if it is lost, revoke it and create another.</p>
          <code data-testid="new-token" className="mt-2 block break-all rounded bg-white p-2 text-sm">
            {created.token}
          </code>
          <div className="mt-2 flex flex-wrap items-center gap-3">
            <button type="button" onClick={copy} className="rounded bg-blue-700 px-3 py-1 text-white hover:bg-blue-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2">
              Copy token
            </button>
            <button type="button" onClick={() => setCreated(null)} className="rounded border border-slate-400 px-3 py-1 hover:bg-slate-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2">
              I have saved it
            </button>
            <span role="status" className="text-sm">
              {copied === "yes" ? "Copied." : copied === "failed" ? "The browser refused to copy: select the token and copy it yourself." : ""}
            </span>
          </div>
        </section>
      ) : null}
      <form onSubmit={form.handleSubmit(onSubmit)} noValidate aria-labelledby={`${id}-heading`} className="space-y-4">
        <h3 id={`${id}-heading`} className="font-medium">
          New token
        </h3>
        {detail ? (
          <p role="alert" className="text-sm text-red-800">
            {detail}
          </p>
        ) : null}
        <div>
          <label htmlFor={`${id}-name`} className="block text-sm font-medium">
            Name
          </label>
          <input
            id={`${id}-name`}
            {...form.register("name")}
            className={inputClass}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? `${id}-name-error` : undefined}
          />
          {errors.name ? (
            <p id={`${id}-name-error`} className="mt-1 text-sm text-red-800">
              {errors.name.message}
            </p>
          ) : null}
        </div>
        <fieldset aria-describedby={errors.scopes ? `${id}-scopes-error` : undefined}>
          <legend className="text-sm font-medium">Scopes</legend>
          <ul className="mt-1 space-y-1">
            {API_TOKEN_SCOPES.map((scope) => (
              <li key={scope}>
                <label className="flex items-start gap-2 text-sm">
                  <input type="checkbox" value={scope} {...form.register("scopes")} className="mt-1" />
                  <span>
                    <code>{scope}</code> <span className="text-slate-700">{SCOPE_HELP[scope]}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {errors.scopes ? (
            <p id={`${id}-scopes-error`} className="mt-1 text-sm text-red-800">
              {errors.scopes.message}
            </p>
          ) : null}
        </fieldset>
        <div>
          <label htmlFor={`${id}-backend`} className="block text-sm font-medium">
            Backend (for vendor:callbacks)
          </label>
          <select
            id={`${id}-backend`}
            {...form.register("backendName")}
            className={inputClass}
            aria-invalid={errors.backendName ? true : undefined}
            aria-describedby={errors.backendName ? `${id}-backend-error` : undefined}
          >
            <option value="">None</option>
            {backends.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          {errors.backendName ? (
            <p id={`${id}-backend-error`} className="mt-1 text-sm text-red-800">
              {errors.backendName.message}
            </p>
          ) : null}
        </div>
        <div>
          <label htmlFor={`${id}-expires`} className="block text-sm font-medium">
            Expires after (days; empty for never)
          </label>
          <input
            id={`${id}-expires`}
            inputMode="numeric"
            {...form.register("expiresDays")}
            className={inputClass}
            aria-invalid={errors.expiresDays ? true : undefined}
            aria-describedby={errors.expiresDays ? `${id}-expires-error` : undefined}
          />
          {errors.expiresDays ? (
            <p id={`${id}-expires-error`} className="mt-1 text-sm text-red-800">
              {errors.expiresDays.message}
            </p>
          ) : null}
        </div>
        <button
          type="submit"
          disabled={isSubmitting}
          className="rounded bg-blue-700 px-3 py-1 text-white hover:bg-blue-800 disabled:opacity-60 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2"
        >
          {isSubmitting ? "Creating…" : "Create token"}
        </button>
      </form>
    </div>
  );
}
