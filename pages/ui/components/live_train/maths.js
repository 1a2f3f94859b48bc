// The notes' network in plain JavaScript: no DOM, so node --test runs it alone
// (maths.test.js), against fixtures that metl_core writes (tests/test_browser_code.py).
export function mulberry32(seed) {
    let a = seed >>> 0;
    return function () {
        a = (a + 0x6D2B79F5) >>> 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

// Mini-batches without replacement: a partial Fisher-Yates shuffle of one permutation.
export function sampler(seed, n) {
    const u = mulberry32(seed);
    const order = Array.from({ length: n }, (_, i) => i);
    return function (batch) {
        const b = Math.min(Math.max(Math.trunc(batch), 1), n);
        if (b >= n) return Array.from({ length: n }, (_, i) => i);
        for (let i = 0; i < b; i++) {
            const j = i + Math.floor(u() * (n - i));
            const t = order[i]; order[i] = order[j]; order[j] = t;
        }
        return order.slice(0, b);
    };
}

// metl_core's a / (a + b), a = exp(min(x, 0)), b = exp(-max(x, 0)): one of the two is
// exp(0) = 1, so one exp is enough (and half the training time at the largest network).
export function sigmoid(x) {
    if (x >= 0) return 1 / (1 + Math.exp(-x));
    const a = Math.exp(x);
    return a / (a + 1);
}

// Row i of z (K logits) to probabilities, shifted by the row's maximum.
export function softmaxRow(z, out, o, K) {
    let m = -Infinity, nan = false;
    for (let k = 0; k < K; k++) {
        if (Number.isNaN(z[o + k])) nan = true;
        else if (z[o + k] > m) m = z[o + k];
    }
    if (nan) { for (let k = 0; k < K; k++) out[o + k] = NaN; return; }
    if (m === Infinity) {  // the limit: equal shares among the +inf logits
        let c = 0;
        for (let k = 0; k < K; k++) c += z[o + k] === Infinity;
        for (let k = 0; k < K; k++) out[o + k] = z[o + k] === Infinity ? 1 / c : 0;
        return;
    }
    let s = 0;
    for (let k = 0; k < K; k++) { out[o + k] = Math.exp(z[o + k] - m); s += out[o + k]; }
    for (let k = 0; k < K; k++) out[o + k] /= s;
}

// z1 = x W1 + b1, h = sigma(z1), z2 = h W2 + b2, yhat = softmax(z2); X is n rows of 2.
export function forward(p, X, n) {
    const { H, K, W1, b1, W2, b2 } = p;
    const z1 = new Float64Array(n * H), h = new Float64Array(n * H);
    const z2 = new Float64Array(n * K), yhat = new Float64Array(n * K);
    for (let i = 0; i < n; i++) {
        const x0 = X[2 * i], x1 = X[2 * i + 1];
        for (let j = 0; j < H; j++) {
            const z = x0 * W1[j] + x1 * W1[H + j] + b1[j];
            z1[i * H + j] = z;
            h[i * H + j] = sigmoid(z);
        }
        for (let k = 0; k < K; k++) {
            let s = 0;
            for (let j = 0; j < H; j++) s += h[i * H + j] * W2[j * K + k];
            z2[i * K + k] = s + b2[k];
        }
        softmaxRow(z2, yhat, i * K, K);
    }
    return { X, n, z1, h, z2, yhat };
}

// Mean CE from the logits: -(z_y - m - log sum exp(z - m)), never the log of a probability.
export function meanCE(z2, y, n, K) {
    let total = 0;
    for (let i = 0; i < n; i++) {
        let m = -Infinity;
        for (let k = 0; k < K; k++) m = Math.max(m, z2[i * K + k]);
        let s = 0;
        for (let k = 0; k < K; k++) s += Math.exp(z2[i * K + k] - m);
        total += -((z2[i * K + y[i]] - m) - Math.log(s));
    }
    return total / Math.max(n, 1);
}

// The first index of the largest logit (a NaN counts as the largest, as in NumPy).
export function argmax(z, o, K) {
    let best = 0;
    for (let k = 0; k < K; k++) {
        if (Number.isNaN(z[o + k])) return k;
        if (z[o + k] > z[o + best]) best = k;
    }
    return best;
}

// The backward pass, summed over the batch: the notes' equations, one loop each.
export function backward(p, f, y) {
    const { H, K, W2 } = p, { X, n, h, yhat } = f;
    const dz2 = Float64Array.from(yhat);                 // dz2 = yhat - y
    for (let i = 0; i < n; i++) dz2[i * K + y[i]] -= 1;
    const dW2 = new Float64Array(H * K), db2 = new Float64Array(K);
    for (let i = 0; i < n; i++)                            // dW2 = h^T dz2, db2 = sum dz2
        for (let k = 0; k < K; k++) {
            const d = dz2[i * K + k];
            db2[k] += d;
            for (let j = 0; j < H; j++) dW2[j * K + k] += h[i * H + j] * d;
        }
    const dz1 = new Float64Array(n * H);                  // dz1 = dz2 W2^T * h(1 - h)
    for (let i = 0; i < n; i++)
        for (let j = 0; j < H; j++) {
            let s = 0;
            for (let k = 0; k < K; k++) s += dz2[i * K + k] * W2[j * K + k];
            const hj = h[i * H + j];
            dz1[i * H + j] = s * hj * (1 - hj);
        }
    const dW1 = new Float64Array(2 * H), db1 = new Float64Array(H);
    for (let i = 0; i < n; i++)                            // dW1 = x^T dz1, db1 = sum dz1
        for (let j = 0; j < H; j++) {
            const d = dz1[i * H + j];
            db1[j] += d;
            dW1[j] += X[2 * i] * d;
            dW1[H + j] += X[2 * i + 1] * d;
        }
    return { dW1, db1, dW2, db2 };
}

export function take(data, idx) {
    const X = new Float64Array(2 * idx.length), y = new Int32Array(idx.length);
    idx.forEach((r, i) => {
        X[2 * i] = data.X[2 * r];
        X[2 * i + 1] = data.X[2 * r + 1];
        y[i] = data.y[r];
    });
    return { X, y, n: idx.length };
}

// One step on the batch's mean CE plus (l2 / 2) sum W^2; returns the loss before it.
export function sgdStep(p, batch, lr, l2) {
    const f = forward(p, batch.X, batch.n);
    const g = backward(p, f, batch.y);
    const loss = meanCE(f.z2, batch.y, batch.n, p.K), n = batch.n;
    const move = (w, dw, decay) => w.map((v, i) => v - lr * (dw[i] / n + decay * v));
    return {
        params: { H: p.H, K: p.K, W1: move(p.W1, g.dW1, l2), b1: move(p.b1, g.db1, 0),
                  W2: move(p.W2, g.dW2, l2), b2: move(p.b2, g.db2, 0) },
        loss,
    };
}

// (mean CE, accuracy) on a set of points.
export function evaluate(p, data) {
    const f = forward(p, data.X, data.n);
    let right = 0;
    for (let i = 0; i < data.n; i++) right += argmax(f.z2, i * p.K, p.K) === data.y[i];
    return [meanCE(f.z2, data.y, data.n, p.K), right / data.n];
}

// ||dW1|| and ||dW2|| of the mean CE over the points.
export function gradNorms(p, data) {
    const g = backward(p, forward(p, data.X, data.n), data.y);
    const norm = (a) => Math.sqrt(a.reduce((s, v) => s + v * v, 0)) / data.n;
    return [norm(g.dW1), norm(g.dW2)];
}

const WEIGHT_LIMIT = 1e6;

// Whether training has diverged, by metl_core.maths.train.diagnose's rules.
export function diverged(p, loss, limit) {
    let big = 0;
    for (const a of [p.W1, p.b1, p.W2, p.b2])
        for (const v of a) {
            if (!Number.isFinite(v)) return true;
            big = Math.max(big, Math.abs(v));
        }
    return !Number.isFinite(loss) || big > WEIGHT_LIMIT || loss > limit;
}

// `steps` SGD steps, then one row on s.history, as metl_core.maths.train.train: stops at the step
// that diverges (no row then), or after the row when the training loss is past `limit`.
export function trainSteps(s, data, steps, lr, batch, l2) {
    for (let t = 0; t < steps; t++) {
        const r = sgdStep(s.params, take(data.train, s.sample(batch)), lr, l2);
        s.params = r.params;
        s.step += 1;
        if (diverged(s.params, r.loss, Infinity)) return { stopped: true, loss: r.loss };
    }
    const [trl, tra] = evaluate(s.params, data.train), [tel, tea] = evaluate(s.params, data.test);
    const [g1, g2] = gradNorms(s.params, data.train);
    s.history.push([s.step, trl, tel, tra, tea, g1, g2]);
    const limit = 10 * Math.log(s.params.K);
    return { stopped: false, over: diverged(s.params, trl, limit) };
}

// Class probabilities over an n x n grid of the bounds: probs[(j * n + i) * K + k] at
// (xs[i], ys[j]), as metl_core.maths.train.decision_grid (np.linspace's points).
export function grid(p, bounds, n) {
    const [x0, x1, y0, y1] = bounds;
    const at = (lo, hi, i) => (i === n - 1 ? hi : lo + i * ((hi - lo) / (n - 1)));
    const X = new Float64Array(2 * n * n);
    for (let j = 0; j < n; j++)
        for (let i = 0; i < n; i++) {
            X[2 * (j * n + i)] = at(x0, x1, i);
            X[2 * (j * n + i) + 1] = at(y0, y1, j);
        }
    return forward(p, X, n * n);
}

// Every 2^k-th row and the last, at most max + 1 in all (metl_core.maths.train.thin).
export function thin(rows, max) {
    let stride = 1;
    while (Math.ceil(rows.length / stride) > max) stride *= 2;
    const out = rows.filter((_, i) => i % stride === 0);
    if (rows.length && (rows.length - 1) % stride) out.push(rows[rows.length - 1]);
    return out;
}
