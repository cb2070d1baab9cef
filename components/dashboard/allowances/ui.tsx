/** Shared looks of the allowances panel's forms (Tailwind classes and a field error line). */

const base =
  "inline-flex items-center justify-center gap-2 rounded-md border px-3 py-1.5 text-sm font-medium focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:cursor-not-allowed disabled:opacity-60";

export const buttonClass = {
  primary: `${base} border-blue-800 bg-blue-800 text-white hover:bg-blue-900`,
  secondary: `${base} border-slate-400 bg-white text-slate-900 hover:bg-slate-100`,
  danger: `${base} border-red-800 bg-white text-red-800 hover:bg-red-50`,
  small: "rounded-md border px-2 py-0.5 text-xs font-medium focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:opacity-60",
};

export const inputClass =
  "w-full rounded-md border border-slate-500 bg-white px-3 py-2 text-sm text-slate-900 aria-[invalid=true]:border-red-700 focus-visible:border-blue-700 focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-blue-700";

export const labelClass = "text-sm font-medium text-slate-900";

/** The error line under a field, tied to it by aria-describedby; empty when there is none. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="text-sm text-red-800">
      <span aria-hidden="true">✖ </span>
      {message}
    </p>
  );
}

/** An indeterminate progress bar with what is happening and for how long, for slow work. */
export function Working({ label, seconds }: { label: string; seconds: number }) {
  return (
    <div className="flex flex-col gap-1 rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-950">
      <span>
        {/* Only the label is announced: a ticking counter would interrupt every second. */}
        <span role="status">{label}</span>
        {seconds >= 2 ? <span aria-hidden="true"> ({seconds} s)</span> : null}
      </span>
      <progress aria-label={label} className="h-2 w-full max-w-md accent-blue-800" />
    </div>
  );
}
