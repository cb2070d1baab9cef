import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/**
 * The layers (docs/decisions/022-reads-and-layers.md): what each folder may import. Each entry is
 * one `no-restricted-imports` per folder; ESLint lets a later entry replace a rule's options for
 * the files it matches, so no file is matched by two of them.
 */
const TESTS = ["**/*.test.ts", "**/*.test.tsx"];
const layer = (files, patterns, ignores = TESTS) => ({
  files,
  ignores,
  rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns }] },
});

const layers = [
  // The domain is pure: nothing of ours outside lib/domain (its tests may compare with the schema).
  layer(["lib/domain/**/*.ts"], [
    { regex: "^@/(?!lib/domain/)", message: "lib/domain is pure: import only lib/domain (decision 022)." },
    { group: ["../*", "../**"], message: "lib/domain is pure: import only lib/domain (decision 022)." },
  ]),
  // Reads depend on data access and the domain, never on the verbs (reads never write).
  layer(["lib/queries/**/*.ts"], [
    { group: ["@/lib/services", "@/lib/services/**", "../services/**"], message: "Queries never import lib/services: use lib/data and lib/domain (decision 022)." },
  ], []),
  // Data access: the schema, the domain and each other; no verbs, no reads, no HTTP.
  layer(["lib/data/**/*.ts"], [
    { group: ["@/lib/services/**", "@/lib/queries/**", "@/lib/http/**", "@/lib/auth/**", "@/app/**", "@/components/**"], message: "lib/data is data access only (decision 022)." },
  ]),
  // Backends are adapters beside lib/data: built from backend_configs rows, called by verbs (and,
  // for static facts, by reads); they never call back into verbs, reads, HTTP or sign-in.
  layer(["lib/backends/**/*.ts"], [
    { group: ["@/lib/services", "@/lib/services/**", "@/lib/queries/**", "@/lib/http/**", "@/lib/auth/**", "@/app/**", "@/components/**"], message: "lib/backends is an adapter layer: no verbs, reads, HTTP or sign-in (decision 022)." },
  ]),
  // Verbs are called by routes and actions; they never reach back into HTTP or sign-in.
  layer(["lib/services/**/*.ts"], [
    { group: ["@/lib/http", "@/lib/http/**", "@/lib/auth", "@/lib/auth/**", "../http/**", "../../http/**", "../auth/**", "../../auth/**"], message: "Services never import lib/http or lib/auth: the route hands in what they need (decision 022)." },
  ]),
  // Components render what pages give them: no database, no verbs, no reads, no app code; the
  // read models they render are typed in lib/domain (dashboard-views.ts and its neighbours).
  layer(["components/**/*.ts", "components/**/*.tsx"], [
    { group: ["@/db", "@/db/**"], message: "Components never import db: pass data in as props (decision 022)." },
    { group: ["@/lib/services", "@/lib/services/**"], message: "Components never import lib/services: take schemas and constants from lib/domain (decision 022)." },
    { group: ["@/app", "@/app/**"], message: "Components never import app: pass actions in as props (decision 022)." },
    { group: ["@/lib/queries", "@/lib/queries/**"], message: "Components never import lib/queries: the read models' types are in lib/domain (decision 022)." },
  ], []),
  // The schema and client sit below everything: only domain constants, the configuration, and
  // the crypto helpers (the demo seed stores its fake vendor's secret encrypted, as the app does).
  layer(["db/**/*.ts"], [
    { regex: "^@/lib/(?!domain/|env$|crypto/)", message: "db imports only domain constants, lib/env and lib/crypto (decision 022)." },
    { group: ["../lib/**", "../../lib/**"], message: "db imports only domain constants, lib/env and lib/crypto (decision 022)." },
  ]),
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".data/**",
      "clients/**",
      "test-results/**",
      "playwright-report/**",
      "e2e/.artifacts/**",
      "next-env.d.ts",
      "db/migrations/**",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  ...layers,
];

export default config;
