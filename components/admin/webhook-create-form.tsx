"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import {
  WEBHOOK_EVENT_HELP,
  WEBHOOK_EVENT_NAMES,
  WebhookEndpointFormSchema,
  type WebhookEndpointFormValues,
  type WebhookSecretResult,
} from "@/lib/domain/webhooks";
import { WebhookSecretPanel } from "./webhook-secret-panel";

const inputClass =
  "mt-1 block w-full max-w-xl rounded border border-slate-400 px-2 py-1 focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-700";

/** Registers a webhook endpoint; its signing secret comes back once and is shown with a copy button. */
export function WebhookCreateForm({ createAction }: { createAction: (values: unknown) => Promise<WebhookSecretResult> }) {
  const id = useId();
  const [created, setCreated] = useState<{ secret: string } | null>(null);
  const [detail, setDetail] = useState<string | null>(null);
  const form = useForm<WebhookEndpointFormValues>({
    resolver: zodResolver(WebhookEndpointFormSchema),
    defaultValues: { url: "", events: [] },
  });
  const { errors, isSubmitting } = form.formState;

  async function onSubmit(values: WebhookEndpointFormValues) {
    setDetail(null);
    const result = await createAction(values);
    if (result.ok) {
      setCreated({ secret: result.secret });
      form.reset();
      return;
    }
    setDetail(result.detail);
    for (const [field, message] of Object.entries(result.fieldErrors)) {
      if (field === "url" || field === "events") form.setError(field, { message });
    }
  }

  return (
    <div>
      {created ? <WebhookSecretPanel title="Webhook added: copy its signing secret now" secret={created.secret} onDismiss={() => setCreated(null)} /> : null}
      <form onSubmit={form.handleSubmit(onSubmit)} noValidate aria-labelledby={`${id}-heading`} className="space-y-4">
        <h3 id={`${id}-heading`} className="font-medium">
          New webhook
        </h3>
        {detail ? (
          <p role="alert" className="text-sm text-red-800">
            {detail}
          </p>
        ) : null}
        <div>
          <label htmlFor={`${id}-url`} className="block text-sm font-medium">
            URL
          </label>
          <input
            id={`${id}-url`}
            type="url"
            inputMode="url"
            {...form.register("url")}
            className={inputClass}
            aria-invalid={errors.url ? true : undefined}
            aria-describedby={errors.url ? `${id}-url-error` : undefined}
          />
          {errors.url ? (
            <p id={`${id}-url-error`} className="mt-1 text-sm text-red-800">
              {errors.url.message}
            </p>
          ) : null}
        </div>
        <fieldset aria-describedby={errors.events ? `${id}-events-error` : `${id}-events-help`}>
          <legend className="text-sm font-medium">Events</legend>
          <p id={`${id}-events-help`} className="text-sm text-slate-700">
            None chosen: every event.
          </p>
          <ul className="mt-1 space-y-1">
            {WEBHOOK_EVENT_NAMES.map((event) => (
              <li key={event}>
                <label className="flex items-start gap-2 text-sm">
                  <input type="checkbox" value={event} {...form.register("events")} className="mt-1" />
                  <span>
                    <code>{event}</code> <span className="text-slate-700">{WEBHOOK_EVENT_HELP[event]}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {errors.events ? (
            <p id={`${id}-events-error`} className="mt-1 text-sm text-red-800">
              {errors.events.message}
            </p>
          ) : null}
        </fieldset>
        <button
          type="submit"
          disabled={isSubmitting}
          className="rounded bg-blue-700 px-3 py-1 text-white hover:bg-blue-800 disabled:opacity-60 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2"
        >
          {isSubmitting ? "Adding…" : "Add webhook"}
        </button>
      </form>
    </div>
  );
}
