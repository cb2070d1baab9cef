import { Card, PageHeading } from "@/components/ui/card";

export const metadata = { title: "Mock proctoring software" };

/**
 * Stands in for a vendor's desktop application when an exam uses the mock backend: in a real
 * deployment "Start System Check" sends the learner to the vendor's download page.
 */
export default function MockProctoringSoftwarePage() {
  return (
    <div className="mx-auto max-w-xl">
      <PageHeading title="Mock proctoring software is running">
        This demo backend needs no download. Your system check has passed.
      </PageHeading>
      <Card>
        <p className="text-slate-700">
          Go back to your exam tab (or use your browser&apos;s Back button) and select <strong>Start Exam</strong>.
        </p>
      </Card>
    </div>
  );
}
