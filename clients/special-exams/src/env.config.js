// @edx/frontend-platform's initialize.js imports a module named "env.config", which Open edX's
// webpack setup aliases to an MFE's optional env.config.js. We never call initialize(), but the
// import is still resolved at build time, so vite.config.js aliases it to this empty config.
export default {};
