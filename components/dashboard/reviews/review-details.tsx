"use client";

import Link from "next/link";
import { DateTime } from "@/components/dashboard/attempts/date-time";
import type { ReviewQueueRow } from "@/lib/domain/dashboard-views";
import { formatOffset, reviewStatusLabel } from "./labels";

/**
 * The accordion panel of a queue row: the vendor's review (verdict, reviewer, when, the link to
 * the vendor's dashboard) and its comments with their ratings and times in the recording.
 */
export function ReviewDetails({ row, attemptHref }: { row: ReviewQueueRow; attemptHref: string }) {
  const review = row.review;
  return (
    <div className="flex max-w-4xl flex-col gap-3 text-sm">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <dt className="font-semibold">Session</dt>
        <dd>
          <DateTime iso={row.startedAt} /> to <DateTime iso={row.completedAt} />{" "}
          <Link href={attemptHref} className="ml-2 text-blue-800 underline underline-offset-2 hover:text-blue-900">
            Attempt timeline<span className="sr-only"> of {row.user.username} at {row.exam.name}</span>
          </Link>
        </dd>
        {review ? (
          <>
            <dt className="font-semibold">Vendor&apos;s verdict</dt>
            <dd>{reviewStatusLabel(review.status)}</dd>
            <dt className="font-semibold">Received</dt>
            <dd>
              <DateTime iso={review.received} />
              {review.modified !== review.received ? (
                <>
                  {" "}
                  (updated <DateTime iso={review.modified} />)
                </>
              ) : null}
            </dd>
            <dt className="font-semibold">Reviewed by</dt>
            <dd>{review.reviewedBy ? review.reviewedBy.username : "Nobody yet (the vendor's automatic review)"}</dd>
            {review.reviewUrl ? (
              <>
                <dt className="font-semibold">Recording</dt>
                <dd>
                  <a href={review.reviewUrl} target="_blank" rel="noreferrer" className="text-blue-800 underline underline-offset-2 hover:text-blue-900">
                    Open in the proctoring vendor&apos;s dashboard<span className="sr-only"> (opens a new tab)</span>
                  </a>
                </dd>
              </>
            ) : null}
          </>
        ) : (
          <>
            <dt className="font-semibold">Vendor&apos;s review</dt>
            <dd>None received{row.status === "error" ? " (the session ended in a technical error)" : ""}.</dd>
          </>
        )}
      </dl>

      {review && review.comments.length > 0 ? (
        <table className="w-full border-collapse text-left">
          <caption className="pb-2 text-left font-medium text-slate-900">
            Reviewer comments on {row.user.username}&apos;s session
            {review.commentCount > review.comments.length ? ` (the latest ${review.comments.length} of ${review.commentCount})` : ` (${review.commentCount})`}
          </caption>
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="py-1 pr-4 font-semibold">
                In the recording
              </th>
              <th scope="col" className="py-1 pr-4 font-semibold">
                Rating
              </th>
              <th scope="col" className="py-1 pr-4 font-semibold">
                Comment
              </th>
              <th scope="col" className="py-1 pr-4 font-semibold">
                Received
              </th>
            </tr>
          </thead>
          <tbody>
            {review.comments.map((c) => (
              <tr key={c.id} className="border-b border-slate-200 align-top">
                <td className="py-1 pr-4 whitespace-nowrap">
                  {formatOffset(c.startTime)}–{formatOffset(c.stopTime)}
                  <span className="sr-only"> ({c.duration} seconds)</span>
                </td>
                <td className="py-1 pr-4">{c.status}</td>
                <td className="py-1 pr-4 break-words whitespace-pre-wrap">{c.comment}</td>
                <td className="py-1 pr-4 whitespace-nowrap">
                  <DateTime iso={c.created} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : review ? (
        <p className="text-slate-700">The reviewer left no comments.</p>
      ) : null}
    </div>
  );
}
