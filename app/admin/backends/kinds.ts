import type { BackendKindChoice } from "@/components/admin/backend-form";
import { BACKEND_KIND_RULES, CONFIGURABLE_BACKEND_KINDS } from "@/lib/services/backend-configs";

const LABELS: Record<(typeof CONFIGURABLE_BACKEND_KINDS)[number], { label: string; example: string }> = {
  rest: {
    label: "REST vendor (edx-proctoring's REST API)",
    example: '{"base_url": "https://vendor.example", "client_id": "…", "ping_interval": 60}',
  },
  software_secure: {
    label: "RPNow (Software Secure)",
    example: '{"organization": "…", "exam_register_endpoint": "https://…/exam/register", "software_download_url": "https://…"}',
  },
  mock: { label: "Mock (for testing: no vendor)", example: '{"ping_interval": 60, "review_delay_seconds": 30}' },
  null: { label: "Null (no proctoring software)", example: "{}" },
};

/** The kinds the console offers, with the secrets each takes (the same rules as the CLI's). */
export function backendKindChoices(): BackendKindChoice[] {
  return CONFIGURABLE_BACKEND_KINDS.map((kind) => ({ kind, ...LABELS[kind], secretNames: BACKEND_KIND_RULES[kind].secretNames }));
}
