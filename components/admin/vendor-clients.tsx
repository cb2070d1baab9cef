"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useId, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { ConfirmDialog } from "@/components/dashboard/confirm-dialog";
import { LocalTime } from "@/components/local-time/local-time";
import {
  VendorClientFormSchema,
  type AdminVendorClientRow,
  type BackendActionResult,
  type VendorClientCreateResult,
  type VendorClientFormValues,
} from "@/lib/domain/backend-admin";

const buttonClass =
  "rounded bg-blue-700 px-3 py-1 text-white hover:bg-blue-800 disabled:opacity-60 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2";

export interface VendorClientsProps {
  backendName: string;
  clients: readonly AdminVendorClientRow[];
  locale: string;
  createAction: (backendName: unknown, values: unknown) => Promise<VendorClientCreateResult>;
  revokeAction: (clientId: unknown) => Promise<BackendActionResult>;
}

/**
 * The OAuth clients a vendor uses to call back (ready, reviewed): create one (its secret shown once,
 * with a copy button), see when each was last used, revoke.
 */
export function VendorClients({ backendName, clients, locale, createAction, revokeAction }: VendorClientsProps) {
  const id = useId();
  const [created, setCreated] = useState<{ clientId: string; clientSecret: string; name: string } | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const [detail, setDetail] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<AdminVendorClientRow | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const form = useForm<VendorClientFormValues>({ resolver: zodResolver(VendorClientFormSchema), defaultValues: { name: "" } });
  const { errors, isSubmitting } = form.formState;

  useEffect(() => {
    if (created) heading.current?.focus();
  }, [created]);

  async function onSubmit(values: VendorClientFormValues) {
    setDetail(null);
    const result = await createAction(backendName, values);
    if (result.ok) {
      setCopied(null);
      setCreated({ clientId: result.clientId, clientSecret: result.clientSecret, name: result.name });
      form.reset();
      return;
    }
    setDetail(result.detail);
    if (result.fieldErrors.name) form.setError("name", { message: result.fieldErrors.name });
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(`client_id=${created.clientId}\nclient_secret=${created.clientSecret}`);
      setCopied("Copied.");
    } catch {
      setCopied("The browser refused to copy: select the text and copy it yourself.");
    }
  }

  async function revoke() {
    if (!revoking) return;
    setBusy(true);
    setRevokeError(null);
    const result = await revokeAction(revoking.clientId);
    setBusy(false);
    if (result.ok) setRevoking(null);
    else setRevokeError(result.detail);
  }

  return (
    <div className="space-y-4">
      {created ? (
        <section aria-labelledby={`${id}-secret`} className="rounded border border-amber-400 bg-amber-50 p-4">
          <h3 id={`${id}-secret`} ref={heading} tabIndex={-1} className="font-medium">
            Client “{created.name}” created: give these to the vendor now
          </h3>
          <p className="mt-1 text-sm">The secret is shown only this once; only a fingerprint of it is kept.</p>
          <pre data-testid="new-vendor-client" className="mt-2 whitespace-pre-wrap break-all rounded bg-white p-2 text-sm">
            {`client_id=${created.clientId}\nclient_secret=${created.clientSecret}`}
          </pre>
          <div className="mt-2 flex flex-wrap items-center gap-3">
            <button type="button" onClick={copy} className={buttonClass}>
              Copy
            </button>
            <button type="button" onClick={() => setCreated(null)} className="rounded border border-slate-400 px-3 py-1 hover:bg-slate-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2">
              I have saved it
            </button>
            <span role="status" className="text-sm">
              {copied}
            </span>
          </div>
        </section>
      ) : null}
      {clients.length === 0 ? (
        <p className="text-sm">No vendor clients yet: the vendor cannot call back until one is created.</p>
      ) : (
        <div className="overflow-x-auto rounded border border-slate-200" role="region" aria-labelledby={`${id}-list`} tabIndex={0}>
          <table className="w-full text-left text-sm">
            <caption id={`${id}-list`} className="sr-only">
              Vendor clients of {backendName}
            </caption>
            <thead>
              <tr className="border-b border-slate-200">
                <th scope="col" className="p-2">Name</th>
                <th scope="col" className="p-2">Client id</th>
                <th scope="col" className="p-2">Created</th>
                <th scope="col" className="p-2">Last used</th>
                <th scope="col" className="p-2">Status</th>
              </tr>
            </thead>
            <tbody>
              {clients.map((c) => (
                <tr key={c.clientId} className="border-b border-slate-100 align-top">
                  <th scope="row" className="p-2 font-medium">{c.name}</th>
                  <td className="p-2"><code className="break-all">{c.clientId}</code></td>
                  <td className="p-2"><LocalTime iso={c.created} locale={locale} /></td>
                  <td className="p-2">{c.lastUsedAt ? <LocalTime iso={c.lastUsedAt} locale={locale} /> : "Never"}</td>
                  <td className="p-2">
                    {c.revokedAt ? (
                      <>Revoked <LocalTime iso={c.revokedAt} locale={locale} /></>
                    ) : (
                      <button type="button" onClick={() => setRevoking(c)} className="rounded border border-red-700 px-2 py-0.5 text-red-800 hover:bg-red-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2">
                        Revoke<span className="sr-only"> {c.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="flex flex-wrap items-end gap-2">
        {detail ? <p role="alert" className="w-full text-sm text-red-800">{detail}</p> : null}
        <div>
          <label htmlFor={`${id}-name`} className="block text-sm font-medium">New client’s name</label>
          <input
            id={`${id}-name`}
            {...form.register("name")}
            className="mt-1 rounded border border-slate-400 px-2 py-1 text-sm"
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? `${id}-name-error` : undefined}
          />
        </div>
        <button type="submit" disabled={isSubmitting} className={buttonClass}>
          {isSubmitting ? "Creating…" : "Create vendor client"}
        </button>
        {errors.name ? <p id={`${id}-name-error`} className="w-full text-sm text-red-800">{errors.name.message}</p> : null}
      </form>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke the vendor client “${revoking?.name ?? ""}”?`}
        confirmLabel="Revoke client"
        tone="danger"
        busy={busy}
        error={revokeError}
        onConfirm={revoke}
        onCancel={() => {
          setRevoking(null);
          setRevokeError(null);
        }}
      >
        The vendor’s tokens from this client stop working at once; its callbacks are refused until it is given a new client. This cannot be undone.
      </ConfirmDialog>
    </div>
  );
}
