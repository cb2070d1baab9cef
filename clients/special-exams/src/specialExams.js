// The library is CommonJS (Babel output with __esModule). Depending on the bundler's interop, its
// default export (SequenceExamWrapper) can arrive as mod.default or mod.default.default, and the
// named exports either on the namespace or on its .default. Unwrap both defensively.
import * as SpecialExamsModule from '@edx/frontend-lib-special-exams';

function unwrapDefault(mod) {
  let value = mod;
  for (let i = 0; i < 3 && value && typeof value === 'object' && 'default' in value; i += 1) {
    value = value.default;
  }
  return value;
}

function named(name) {
  if (SpecialExamsModule[name]) return SpecialExamsModule[name];
  let value = SpecialExamsModule.default;
  for (let i = 0; i < 3 && value; i += 1) {
    if (value[name]) return value[name];
    value = value.default;
  }
  throw new Error(`@edx/frontend-lib-special-exams has no export named ${name}`);
}

export const SequenceExamWrapper = unwrapDefault(SpecialExamsModule);
export const OuterExamTimer = named('OuterExamTimer');
export const specialExamsReducer = named('reducer');

if (typeof SequenceExamWrapper !== 'function') {
  throw new Error('Could not find SequenceExamWrapper (the default export of @edx/frontend-lib-special-exams)');
}
