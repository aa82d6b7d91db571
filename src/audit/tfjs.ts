/**
 * The external peer: TensorFlow.js computing G'(η) by its own autodiff through the unrolled loop,
 * in float32 on its CPU backend — the kind of framework wang2021's experiments used.
 *
 *   G(η) = ln(½ w_tᵀ H w_t) / t,   w_{k+1} = w_k − η H w_k,   G' = tf.grad(G)(η).
 *
 * Loading (DESIGN.md): the full `@tensorflow/tfjs` package (tfjs-core alone registers no
 * gradients), imported lazily so that commands that do not audit never pay for it, and
 * `await tf.setBackend('cpu')`. Functional ops only (tf.sub, tf.matMul, ...): the chained methods
 * need a separate import.
 *
 * The banner: on its first tensor write the CPU backend prints "Hi, looks like you are running
 * TensorFlow.js in Node.js ..." through tfjs-core's `warn`, i.e. `console.warn` → stderr (verified
 * in tfjs-backend-cpu 4.22, backend_cpu.js `write`). It never reaches stdout, but to keep both
 * streams clean (and `--json` strictly one document) console.warn and console.log are captured
 * while the package loads and writes its first tensor; what was captured is returned, banner
 * dropped, so nothing is silently lost.
 */
type Tf = typeof import('@tensorflow/tfjs');

export interface TfjsPeer {
  /** G'(η) after t steps, in float32; NaN/±Infinity as TF.js returns them. */
  metaGradient(H: readonly (readonly number[])[], w0: readonly number[], eta: number, t: number): number;
  /** tf.memory().numTensors, for checking that nothing leaks. */
  numTensors(): number;
  /** The package's version and backend, e.g. "@tensorflow/tfjs 4.22.0 (cpu)". */
  readonly description: string;
  /** What TF.js printed while loading, minus the node-backend banner. */
  readonly loadMessages: string[];
}

let loading: Promise<TfjsPeer> | undefined;

/** Loads TF.js once per process (later calls share it). */
export function loadTfjs(): Promise<TfjsPeer> {
  loading ??= load();
  return loading;
}

async function load(): Promise<TfjsPeer> {
  const captured: string[] = [];
  const saved = { warn: console.warn, log: console.log, info: console.info };
  const capture = (...args: unknown[]) => {
    captured.push(args.map(String).join(' '));
  };
  console.warn = capture;
  console.log = capture;
  console.info = capture;
  let tf: Tf;
  try {
    tf = (await import('@tensorflow/tfjs')) as Tf;
    await tf.setBackend('cpu');
    await tf.ready();
    // the banner comes with the first tensor write: provoke it while console is captured
    tf.tidy(() => tf.scalar(0).dataSync());
  } finally {
    console.warn = saved.warn;
    console.log = saved.log;
    console.info = saved.info;
  }
  const loadMessages = captured.filter((m) => !/looks like you are running TensorFlow\.js in Node\.js/.test(m) && !/^\s*=+\s*$/.test(m));
  const version = (tf.version as Record<string, string>)['tfjs'] ?? tf.version_core;
  return {
    description: `@tensorflow/tfjs ${version} (${tf.getBackend()} backend, float32)`,
    loadMessages,
    numTensors: () => tf.memory().numTensors,
    metaGradient(H, w0, eta, t) {
      return tf.tidy(() => {
        const Ht = tf.tensor2d(H.map((row) => Array.from(row)), undefined, 'float32');
        const w0t = tf.tensor2d(Array.from(w0), [w0.length, 1], 'float32');
        const G = (e: import('@tensorflow/tfjs').Tensor) => {
          let w = w0t;
          for (let k = 0; k < t; k++) w = tf.sub(w, tf.mul(e, tf.matMul(Ht, w)));
          const F = tf.mul(tf.scalar(0.5), tf.sum(tf.mul(w, tf.matMul(Ht, w))));
          return tf.div(tf.log(F), tf.scalar(t)) as import('@tensorflow/tfjs').Scalar;
        };
        const dG = tf.grad(G)(tf.scalar(eta, 'float32'));
        return dG.dataSync()[0];
      });
    },
  };
}
