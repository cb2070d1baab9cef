import type { CreditRequirement } from "@/lib/domain/credit";

const NAMESPACE_LABELS: Record<string, string> = {
  proctored_exam: "Proctored exam",
  reverification: "Identity reverification",
  grade: "Grade",
};

/**
 * The course's credit requirements in order, as the LMS synced them (§12.3): the ones before this
 * exam are its prerequisites (a `grade` requirement never is). Read-only: the LMS owns them.
 */
export function CreditRequirementsList({ requirements, contentId }: { requirements: CreditRequirement[]; contentId: string }) {
  const own = requirements.findIndex((r) => r.namespace === "proctored_exam" && r.name === contentId);
  return (
    <section aria-labelledby="credit-requirements-heading" className="space-y-3">
      <h3 id="credit-requirements-heading" className="text-lg font-semibold text-slate-900">
        Credit requirements of the course
      </h3>
      {requirements.length === 0 ? (
        <p className="text-slate-800">
          The learning platform has sent no credit requirements for this course, so nothing is checked before a learner starts this exam.
        </p>
      ) : (
        <>
          <p className="text-slate-800">
            {own < 0
              ? "This exam is not one of the requirements, so a learner must first satisfy every requirement listed (grades excepted) to take it with proctoring."
              : "A learner must satisfy the requirements before this exam (grades excepted) to take it with proctoring."}{" "}
            They come from the learning platform, which keeps them up to date.
          </p>
          <ol className="list-decimal space-y-1 pl-6 text-slate-900" data-testid="credit-requirements">
            {requirements.map((r, i) => (
              <li key={`${r.namespace}:${r.name}`} className="break-words">
                <span className={i === own ? "font-semibold" : ""}>{r.displayName || r.name}</span>{" "}
                <span className="text-sm text-slate-700">
                  ({NAMESPACE_LABELS[r.namespace] ?? r.namespace}
                  {i === own ? ", this exam" : own >= 0 && i < own && r.namespace !== "grade" ? ", prerequisite" : ""})
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
