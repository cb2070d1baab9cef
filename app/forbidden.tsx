import Link from "next/link";

export default function Forbidden() {
  return (
    <section aria-labelledby="forbidden-title" className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-8">
      <h1 id="forbidden-title" className="text-2xl font-semibold">
        You do not have access to this page
      </h1>
      <p className="mt-3 text-slate-700">
        This page is for people with another role (course staff of this course, or site administrators). If you think
        you should have access, ask the course team or your site administrator to add you.
      </p>
      <p className="mt-6">
        <Link href="/" className="text-brand-700 underline">
          Go to your home page
        </Link>
      </p>
    </section>
  );
}
