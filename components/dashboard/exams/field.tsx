import type { ReactNode } from "react";

export const inputClass =
  "w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-sm text-slate-900 aria-[invalid=true]:border-red-700 disabled:bg-slate-100 disabled:text-slate-600";
export const buttonClass =
  "rounded-md border px-3 py-1.5 text-sm font-medium focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:cursor-not-allowed disabled:opacity-60";
export const primaryButtonClass = `${buttonClass} border-blue-700 bg-blue-700 text-white hover:bg-blue-800`;
export const secondaryButtonClass = `${buttonClass} border-slate-400 bg-white text-slate-900 hover:bg-slate-100`;

/** The ids a control points its aria-describedby at: its hint, then its error. */
export function describedBy(id: string, hint: boolean, error: string | undefined): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

/**
 * A labelled form field: label, the control (given the ids it needs), a hint and the error, tied
 * together with aria-describedby so a screen reader reads them with the control.
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: (aria: { id: string; "aria-invalid": boolean; "aria-describedby": string | undefined }) => ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-900">
        {label}
      </label>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": describedBy(id, Boolean(hint), error) })}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-700">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="text-sm font-medium text-red-800">
      <span aria-hidden="true">⚠ </span>
      {message}
    </p>
  );
}

/** The form's outcome: a refusal as an alert (focused by the caller), a success as a status. */
export function FormMessage({ kind, children, id }: { kind: "error" | "success"; children: ReactNode; id?: string }) {
  return kind === "error" ? (
    <div id={id} role="alert" tabIndex={-1} className="rounded-md border border-red-700 bg-red-50 p-3 text-sm text-red-900">
      {children}
    </div>
  ) : (
    <div id={id} role="status" className="rounded-md border border-green-700 bg-green-50 p-3 text-sm text-green-900">
      {children}
    </div>
  );
}
