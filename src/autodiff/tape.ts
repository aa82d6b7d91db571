import type { Arith } from '../arith/types.js';

/**
 * Reverse-mode automatic differentiation on a tape, generic over the arithmetic.
 *
 * Nodes hold vectors (a scalar is a vector of length 1) and each operation records its
 * vector-Jacobian product, as JAX or TensorFlow record one per primitive. The tape keeps every
 * value and, after `backward`, every adjoint, so it can report the largest and smallest magnitude
 * it ever held (wang2021 Corollary 1: in backpropagation through the unrolled GD loop these are
 * exponential in t).
 */
export interface Node<T> {
  readonly id: number;
  /** What produced it, e.g. "w[12]", "F", "G". */
  readonly label: string;
  readonly value: T[];
}

interface Entry<T> {
  node: Node<T>;
  /** Accumulates ∂out/∂node once backward has run. */
  adjoint?: T[];
  /** Pushes this node's adjoint to its inputs. */
  vjp?: (adj: T[]) => void;
}

/** Largest and smallest nonzero magnitude, as log10, and where they were met. */
export interface MagnitudeReport {
  /** Over every value on the tape. */
  values: Extremes;
  /** Over every adjoint on the tape (after backward). */
  adjoints: Extremes;
  /** Count of zero entries (values, adjoints): in a float these are often underflows. */
  zeros: { values: number; adjoints: number };
  /** Count of non-finite entries. */
  nonFinite: { values: number; adjoints: number };
}

export interface Extremes {
  maxLog10: number;
  maxAt: string;
  minLog10: number;
  minAt: string;
}

export class Tape<T> {
  private readonly entries: Entry<T>[] = [];

  constructor(readonly arith: Arith<T>) {}

  get size(): number {
    return this.entries.length;
  }

  private push(label: string, value: T[], vjp?: (adj: T[]) => void): Node<T> {
    const node: Node<T> = { id: this.entries.length, label, value };
    this.entries.push({ node, vjp });
    return node;
  }

  private accumulate(node: Node<T>, adj: T[]): void {
    const A = this.arith;
    const e = this.entries[node.id];
    if (!e.adjoint) e.adjoint = adj.slice();
    else e.adjoint = e.adjoint.map((a, i) => A.add(a, adj[i]));
  }

  /** An independent variable (or a constant: it simply receives an adjoint nobody reads). */
  input(label: string, value: T[]): Node<T> {
    return this.push(label, value.slice());
  }

  /** y = M x for a constant matrix M; vjp: x̄ += Mᵀȳ. */
  matVec(label: string, M: readonly (readonly T[])[], x: Node<T>): Node<T> {
    const A = this.arith;
    const n = M.length;
    const m = x.value.length;
    const y: T[] = new Array(n);
    for (let i = 0; i < n; i++) {
      let s = A.zero;
      for (let j = 0; j < m; j++) s = A.add(s, A.mul(M[i][j], x.value[j]));
      y[i] = s;
    }
    return this.push(label, y, (adj) => {
      const xa: T[] = new Array(m).fill(A.zero);
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) xa[j] = A.add(xa[j], A.mul(M[i][j], adj[i]));
      this.accumulate(x, xa);
    });
  }

  /** z = x − s·y for a scalar node s (one GD step: w − η g); vjp: x̄ += z̄, ȳ += −s z̄, s̄ += −⟨y, z̄⟩. */
  axmy(label: string, x: Node<T>, s: Node<T>, y: Node<T>): Node<T> {
    const A = this.arith;
    const sv = s.value[0];
    const z = x.value.map((xi, i) => A.sub(xi, A.mul(sv, y.value[i])));
    return this.push(label, z, (adj) => {
      this.accumulate(x, adj);
      this.accumulate(y, adj.map((a) => A.neg(A.mul(sv, a))));
      let dot = A.zero;
      for (let i = 0; i < adj.length; i++) dot = A.add(dot, A.mul(y.value[i], adj[i]));
      this.accumulate(s, [A.neg(dot)]);
    });
  }

  /** z = k·⟨x, y⟩ for a constant k; vjp: x̄ += k z̄ y, ȳ += k z̄ x. */
  dot(label: string, x: Node<T>, y: Node<T>, k: T): Node<T> {
    const A = this.arith;
    let s = A.zero;
    for (let i = 0; i < x.value.length; i++) s = A.add(s, A.mul(x.value[i], y.value[i]));
    return this.push(label, [A.mul(k, s)], (adj) => {
      const g = A.mul(k, adj[0]);
      this.accumulate(x, y.value.map((v) => A.mul(g, v)));
      this.accumulate(y, x.value.map((v) => A.mul(g, v)));
    });
  }

  /** z = ln(x) / k for a constant k (G = ln F / t); vjp: x̄ += z̄ / (k x). */
  lnOver(label: string, x: Node<T>, k: T): Node<T> {
    const A = this.arith;
    return this.push(label, [A.div(A.ln(x.value[0]), k)], (adj) => {
      this.accumulate(x, [A.div(adj[0], A.mul(k, x.value[0]))]);
    });
  }

  /**
   * Seeds ∂out/∂out = 1 and runs every recorded vjp in reverse order (earlier adjoints are cleared).
   * Returns the adjoint of `wrt`.
   */
  backward(out: Node<T>, wrt: Node<T>): T[] {
    const A = this.arith;
    for (const e of this.entries) e.adjoint = undefined;
    this.entries[out.id].adjoint = out.value.map(() => A.one);
    for (let k = out.id; k >= 0; k--) {
      const e = this.entries[k];
      if (e.adjoint && e.vjp) e.vjp(e.adjoint);
    }
    return this.entries[wrt.id].adjoint ?? wrt.value.map(() => A.zero);
  }

  /** Value and adjoint of the node with this label (for the intermediates Corollary 1 names). */
  find(label: string): { value: T[]; adjoint?: T[] } | undefined {
    const e = this.entries.find((x) => x.node.label === label);
    return e && { value: e.node.value, adjoint: e.adjoint };
  }

  magnitudes(): MagnitudeReport {
    const A = this.arith;
    const values: Extremes = { maxLog10: -Infinity, maxAt: '', minLog10: Infinity, minAt: '' };
    const adjoints: Extremes = { maxLog10: -Infinity, maxAt: '', minLog10: Infinity, minAt: '' };
    const zeros = { values: 0, adjoints: 0 };
    const nonFinite = { values: 0, adjoints: 0 };
    const scan = (xs: T[] | undefined, label: string, ex: Extremes, kind: 'values' | 'adjoints') => {
      if (!xs) return;
      for (const x of xs) {
        if (!A.isFinite(x)) {
          nonFinite[kind]++;
          continue;
        }
        if (A.isZero(x)) {
          zeros[kind]++;
          continue;
        }
        const l = A.log10Abs(x);
        if (l > ex.maxLog10) {
          ex.maxLog10 = l;
          ex.maxAt = label;
        }
        if (l < ex.minLog10) {
          ex.minLog10 = l;
          ex.minAt = label;
        }
      }
    };
    for (const e of this.entries) {
      scan(e.node.value, e.node.label, values, 'values');
      scan(e.adjoint, e.node.label, adjoints, 'adjoints');
    }
    return { values, adjoints, zeros, nonFinite };
  }
}
