/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and resolves its files from its own package folder at run time;
  // bundling it breaks that ("path argument ... received an instance of URL").
  serverExternalPackages: ["@electric-sql/pglite", "postgres"],
  poweredByHeader: false,
  experimental: {
    // forbidden() renders app/forbidden.tsx with a real 403 status.
    authInterrupts: true,
  },
};

export default nextConfig;
