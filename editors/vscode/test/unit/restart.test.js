// The restart policy of the language client: the server is restarted each
// time it exits, up to 5 times within 3 minutes. Runs on the compiled code
// (`npm run compile` first) with Node's own test runner.
const test = require("node:test");
const assert = require("node:assert");
const { RestartBudget } = require("../../out/restart.js");

test("allows restarts up to the budget within the window", () => {
  const budget = new RestartBudget(5, 180_000);
  for (let i = 0; i < 5; i++) {
    assert.strictEqual(budget.allow(1_000 + i), true, `restart ${i + 1}`);
  }
  assert.strictEqual(budget.allow(2_000), false, "a sixth crash within 3 minutes");
});

test("forgets restarts older than the window", () => {
  const budget = new RestartBudget(2, 1_000);
  assert.strictEqual(budget.allow(0), true);
  assert.strictEqual(budget.allow(10), true);
  assert.strictEqual(budget.allow(20), false);
  assert.strictEqual(budget.allow(1_011), true, "the first two have left the window");
});
