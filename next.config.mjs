import createNextIntlPlugin from "next-intl/plugin";

// next-intl reads the request's locale and messages from lib/i18n/request.ts
// (docs/decisions/028-translations.md).
const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and resolves its files from its own package folder at run time;
  // bundling it breaks that ("path argument ... received an instance of URL").
  // rate-limiter-flexible imports drizzle-orm by a computed name at run time, which a bundle
  // cannot resolve; loaded by Node it finds the package in node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "rate-limiter-flexible"],
  poweredByHeader: false,
  // edx-proctoring's URLs end in "/" (Django) and the Open edX client calls several that way
  // (…/settings/exam_id/5/, …/review_policy/exam_id/5/, retire_user/7/). Next would answer those
  // with a 308 to the slash-less path; a cross-origin client (the Learning MFE on its own host)
  // cannot follow a redirect that carries no CORS headers, and a redirected POST is one more
  // round trip. Both forms are served directly (pages too, which only adds harmless aliases).
  skipTrailingSlashRedirect: true,
  // proxy.ts sets the full set (with the CSP) on pages and API answers; these also cover the
  // static build files it does not run for.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
  // Every page's <title> is in the <head> of its first HTML, not streamed into the body later:
  // a screen reader announces the title on load, and a page re-rendered after a server action
  // (an interstitial after "Submit") never goes without one while its metadata resolves. Our
  // generateMetadata functions only read the locale's messages, so waiting for them costs little.
  htmlLimitedBots: /.*/,
  // CI type-checks the whole tree with `tsc` right after the build (.ci/run), route types from
  // .next/types included, so it asks the build not to run the same check a second time. Any
  // other build checks types as usual.
  typescript: { ignoreBuildErrors: process.env.INVIGIL_BUILD_TYPECHECKED_ELSEWHERE === "1" },
  experimental: {
    // forbidden() renders app/forbidden.tsx with a real 403 status.
    authInterrupts: true,
  },
};

export default withNextIntl(nextConfig);
