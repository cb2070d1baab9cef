"use client";

import { useEffect, useId, useRef, useState } from "react";

/**
 * A webhook's signing secret, shown once after create or rotate, with a copy button. It is gone
 * from the page when dismissed or reloaded: the server keeps it only encrypted and never sends it again.
 */
export function WebhookSecretPanel({ title, secret, onDismiss }: { title: string; secret: string; onDismiss: () => void }) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  useEffect(() => {
    heading.current?.focus();
  }, [secret]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <section aria-labelledby={`${id}-title`} className="mb-6 rounded border border-amber-400 bg-amber-50 p-4">
      <h3 id={`${id}-title`} ref={heading} tabIndex={-1} className="font-medium">
        {title}
      </h3>
      <p className="mt-1 text-sm">
        Give it to the LMS now: this is the only time it is shown. Each delivery carries <code>X-Invigil-Signature: sha256=</code> the HMAC-SHA256 of
        the request body with this secret.
      </p>
      <code data-testid="webhook-secret" className="mt-2 block break-all rounded bg-white p-2 text-sm">
        {secret}
      </code>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <button type="button" onClick={copy} className="rounded bg-blue-700 px-3 py-1 text-white hover:bg-blue-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2">
          Copy secret
        </button>
        <button type="button" onClick={onDismiss} className="rounded border border-slate-400 px-3 py-1 hover:bg-slate-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2">
          I have saved it
        </button>
        <span role="status" className="text-sm">
          {copied === "yes" ? "Copied." : copied === "failed" ? "The browser refused to copy: select the secret and copy it yourself." : ""}
        </span>
      </div>
    </section>
  );
}
