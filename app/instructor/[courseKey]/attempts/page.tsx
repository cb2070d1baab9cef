import { redirect } from "next/navigation";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";

/** The attempts list is the dashboard's first panel; /attempts on its own leads there. */
export default async function AttemptsIndexPage({ params }: { params: Promise<{ courseKey: string }> }) {
  redirect(`/instructor/${encodeKeySegment(decodeKeySegment((await params).courseKey))}`);
}
