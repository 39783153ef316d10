/**
 * Softmax and its relatives in plain double precision, stable for large scores.
 */

/**
 * \operatorname{logsumexp}(s) = m + \ln\sum_i e^{s_i - m},\quad m = \max_i s_i.
 * Returns -Infinity for an empty vector (the log of an empty sum).
 */
export function logSumExp(scores: readonly number[]): number {
  if (scores.length === 0) return -Infinity;
  let m = -Infinity;
  for (const s of scores) if (s > m) m = s;
  if (!Number.isFinite(m)) return m;
  let sum = 0;
  for (const s of scores) sum += Math.exp(s - m);
  return m + Math.log(sum);
}

/** \ln\operatorname{softmax}(s)_i = s_i - \operatorname{logsumexp}(s). */
export function logSoftmax(scores: readonly number[]): number[] {
  const lse = logSumExp(scores);
  return scores.map((s) => s - lse);
}

/** \operatorname{softmax}(s)_i = e^{s_i} / \sum_j e^{s_j}, computed as e^{s_i - \operatorname{logsumexp}(s)}. */
export function softmax(scores: readonly number[]): number[] {
  return logSoftmax(scores).map(Math.exp);
}

/**
 * Entropy in nats of a probability vector, H(p) = -\sum_i p_i \ln p_i (with 0 \ln 0 = 0).
 */
export function entropy(probabilities: readonly number[]): number {
  let h = 0;
  for (const p of probabilities) if (p > 0) h -= p * Math.log(p);
  return h;
}

/**
 * KL divergence of two categorical distributions given by their logits,
 * KL(p\Vert q) = \sum_i p_i(\ln p_i - \ln q_i),\ p = \operatorname{softmax}(a),\ q = \operatorname{softmax}(b).
 * Working from logits keeps it finite and accurate when probabilities underflow.
 */
export function categoricalKlFromLogits(
  logitsP: readonly number[],
  logitsQ: readonly number[],
): number {
  if (logitsP.length !== logitsQ.length) {
    throw new RangeError(
      `categoricalKlFromLogits: logits have lengths ${logitsP.length} and ${logitsQ.length}`,
    );
  }
  const lp = logSoftmax(logitsP);
  const lq = logSoftmax(logitsQ);
  let kl = 0;
  for (let i = 0; i < lp.length; i++) kl += Math.exp(lp[i]) * (lp[i] - lq[i]);
  return Math.max(0, kl);
}
