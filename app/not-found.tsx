import Link from "next/link";

export default function NotFound() {
  return (
    <section aria-labelledby="not-found-title" className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-8">
      <h1 id="not-found-title" className="text-2xl font-semibold">
        Page not found
      </h1>
      <p className="mt-3 text-slate-700">There is nothing at this address. Check the link, or start again from your home page.</p>
      <p className="mt-6">
        <Link href="/" className="text-brand-700 underline">
          Go to your home page
        </Link>
      </p>
    </section>
  );
}
