// The Playground's maths against metl_core: node --test, with the fixtures that
// tests/test_browser_code.py writes from metl_core (METL_JS_FIXTURES names the file).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { mulberry32, sampler, trainSteps } from "./maths.js";

const path = process.env.METL_JS_FIXTURES;
const fixtures = path ? JSON.parse(readFileSync(path, "utf8")) : null;
const skip = fixtures ? false : "METL_JS_FIXTURES is not set (run it from pytest)";
const RTOL = 1e-12; // the same sums in another order: BLAS against these loops

function close(got, want, what) {
    assert.equal(got.length, want.length, `${what}: length`);
    for (let i = 0; i < want.length; i++) {
        const [g, w] = [got[i], want[i]];
        const ok = w === null ? !Number.isFinite(g) : Math.abs(g - w) <= RTOL * Math.abs(w) + 1e-15;
        assert.ok(ok, `${what}[${i}]: ${g} against metl_core's ${w}`);
    }
}

test("the generator is metl_core's to the last bit", { skip }, () => {
    for (const [seed, want] of Object.entries(fixtures.mulberry32)) {
        const u = mulberry32(Number(seed));
        assert.deepEqual(Array.from(want, () => u()), want, `seed ${seed}`);
    }
});

test("the batches are metl_core's BrowserSampler's", { skip }, () => {
    for (const { n, batch, draws } of fixtures.sampler) {
        const next = sampler(7, n);
        assert.deepEqual(draws.map(() => next(batch)), draws, `n ${n}, batch ${batch}`);
    }
});

test("training gives metl_core.maths.train's weights and history", { skip }, () => {
    for (const c of fixtures.training) {
        const pts = (d) => ({ X: Float64Array.from(d.X), y: Int32Array.from(d.y), n: d.y.length });
        const data = { train: pts(c.train), test: pts(c.test) };
        const f = (a) => Float64Array.from(a);
        const s = {
            params: { H: c.H, K: c.K, W1: f(c.start.W1), b1: f(c.start.b1), W2: f(c.start.W2), b2: f(c.start.b2) },
            step: 0,
            history: [],
            sample: sampler(c.seed, c.train.y.length),
        };
        for (let u = 0; u < c.updates; u++) {
            const r = trainSteps(s, data, c.per, c.lr, c.batch, c.l2);
            assert.ok(!r.stopped && !r.over, `${c.case}: no divergence`);
        }
        assert.equal(s.step, c.step, `${c.case}: steps`);
        for (const name of ["W1", "b1", "W2", "b2"]) close(s.params[name], c.params[name], `${c.case} ${name}`);
        c.rows.forEach((row, i) => close(s.history[i], row, `${c.case} history row ${i}`));
    }
});
