// What every browser test script here shares: its settings from the environment, checks, and scenarios recorded
// into the results file its JUnit driver reads ({scenarios: [{name, passed, ms, error?}], ...}).

/** The value of environment variable {@code name}; throws when it is not set. */
export function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`environment variable ${name} is not set`);
  return v;
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** A scenario runner recording into results.scenarios: a failing scenario is recorded, and the next one runs. */
export function scenarios(results) {
  return async function scenario(name, body) {
    const started = Date.now();
    try {
      await body();
      results.scenarios.push({ name, passed: true, ms: Date.now() - started });
    } catch (e) {
      results.scenarios.push({ name, passed: false, ms: Date.now() - started, error: String((e && e.stack) || e) });
    }
  };
}
