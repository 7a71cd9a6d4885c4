/**
 * A bounding volume hierarchy over triangles, built top-down with binned SAH (Wald 2007): at each node the centroids
 * are binned along all three axes in one pass and the split with the lowest surface-area cost wins, or the node
 * becomes a leaf when testing its triangles is cheaper. Children are stored side by side so a node needs one index.
 */
export interface Bvh {
  /** 6 floats per node: min xyz, max xyz. */
  nodeBounds: Float32Array;
  /** 2 ints per node: [left child, 0] for an inner node (the right child is left + 1), [first, count] for a leaf. */
  nodeInfo: Int32Array;
  /** Triangle indices in leaf order: leaf [first, count] holds order[first .. first + count). */
  order: Int32Array;
  nodeCount: number;
}

const BINS = 16;
const MAX_LEAF = 8;
/** Cost of visiting a node relative to one triangle test. */
const TRAVERSAL_COST = 1;

/** Per axis and bin: triangle count and bounds (min xyz, max xyz). */
const binCounts = new Int32Array(3 * BINS);
const binBounds = new Float64Array(3 * BINS * 6);
/** Per axis and plane: area x count of everything right of it. */
const rightCost = new Float64Array(3 * BINS);
/** A running box: min xyz, max xyz. */
const box = new Float64Array(6);

function halfArea(b: Float64Array | Float32Array, o: number): number {
  const dx = b[o + 3]! - b[o]!, dy = b[o + 4]! - b[o + 1]!, dz = b[o + 5]! - b[o + 2]!;
  return dx * dy + dy * dz + dz * dx;
}

function resetBox(): void {
  box[0] = box[1] = box[2] = Infinity;
  box[3] = box[4] = box[5] = -Infinity;
}

/** Grows `box` by bin `bin` (axis-major index) of `binBounds`. */
function growByBin(bin: number): void {
  const o = bin * 6;
  for (let k = 0; k < 3; k++) {
    if (binBounds[o + k]! < box[k]!) box[k] = binBounds[o + k]!;
    if (binBounds[o + 3 + k]! > box[3 + k]!) box[3 + k] = binBounds[o + 3 + k]!;
  }
}

function binOf(c: number, cmin: number, scale: number): number {
  const b = Math.floor((c - cmin) * scale);
  return b < BINS - 1 ? b : BINS - 1;
}

interface Split {
  axis: number;
  plane: number;
  cost: number;
}

/** Bins the range along every axis with extent (one pass) and returns the cheapest split plane, axis -1 if none. */
function bestSplit(triBounds: Float32Array, centroids: Float32Array, order: Int32Array, start: number, count: number, cbox: Float64Array, scale: Float64Array): Split {
  binCounts.fill(0);
  for (let i = 0; i < 3 * BINS; i++) {
    binBounds[i * 6] = binBounds[i * 6 + 1] = binBounds[i * 6 + 2] = Infinity;
    binBounds[i * 6 + 3] = binBounds[i * 6 + 4] = binBounds[i * 6 + 5] = -Infinity;
  }
  for (let i = start; i < start + count; i++) {
    const t = order[i]!;
    for (let axis = 0; axis < 3; axis++) {
      if (scale[axis] === 0) continue;
      const bin = axis * BINS + binOf(centroids[t * 3 + axis]!, cbox[axis]!, scale[axis]!);
      binCounts[bin]!++;
      const o = bin * 6;
      for (let k = 0; k < 3; k++) {
        const lo = triBounds[t * 6 + k]!, hi = triBounds[t * 6 + 3 + k]!;
        if (lo < binBounds[o + k]!) binBounds[o + k] = lo;
        if (hi > binBounds[o + 3 + k]!) binBounds[o + 3 + k] = hi;
      }
    }
  }
  const best: Split = { axis: -1, plane: -1, cost: Infinity };
  for (let axis = 0; axis < 3; axis++) {
    if (scale[axis] === 0) continue;
    const first = axis * BINS;
    resetBox();
    let n = 0;
    for (let b = BINS - 1; b > 0; b--) {
      if (binCounts[first + b]! > 0) growByBin(first + b);
      n += binCounts[first + b]!;
      rightCost[first + b] = n > 0 ? halfArea(box, 0) * n : 0;
    }
    resetBox();
    n = 0;
    for (let plane = 1; plane < BINS; plane++) {
      if (binCounts[first + plane - 1]! > 0) growByBin(first + plane - 1);
      n += binCounts[first + plane - 1]!;
      if (n === 0 || n === count) continue;
      const cost = halfArea(box, 0) * n + rightCost[first + plane]!;
      if (cost < best.cost) {
        best.axis = axis;
        best.plane = plane;
        best.cost = cost;
      }
    }
  }
  return best;
}

/** Moves the range's triangles left of the plane to its front; returns how many there are. */
function partition(centroids: Float32Array, order: Int32Array, start: number, count: number, axis: number, cmin: number, scale: number, plane: number): number {
  let i = start;
  let j = start + count - 1;
  while (i <= j) {
    const t = order[i]!;
    if (binOf(centroids[t * 3 + axis]!, cmin, scale) < plane) i++;
    else {
      order[i] = order[j]!;
      order[j--] = t;
    }
  }
  return i - start;
}

/** Writes the node's bounds to `out` and its centroid bounds to `cbox`. */
function boundsOf(triBounds: Float32Array, centroids: Float32Array, order: Int32Array, start: number, count: number, out: Float32Array, node: number, cbox: Float64Array): void {
  resetBox();
  cbox.fill(Infinity, 0, 3);
  cbox.fill(-Infinity, 3, 6);
  for (let i = start; i < start + count; i++) {
    const t = order[i]!;
    for (let k = 0; k < 3; k++) {
      const lo = triBounds[t * 6 + k]!, hi = triBounds[t * 6 + 3 + k]!, c = centroids[t * 3 + k]!;
      if (lo < box[k]!) box[k] = lo;
      if (hi > box[k + 3]!) box[k + 3] = hi;
      if (c < cbox[k]!) cbox[k] = c;
      if (c > cbox[k + 3]!) cbox[k + 3] = c;
    }
  }
  for (let k = 0; k < 6; k++) out[node * 6 + k] = count > 0 ? box[k]! : 0;
}

/** Builds the BVH of `count` triangles from their bounds (6 floats each) and centroids (3 floats each). */
export function buildBvh(triBounds: Float32Array, centroids: Float32Array, count: number): Bvh {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const capacity = Math.max(1, 2 * count - 1);
  const nodeBounds = new Float32Array(capacity * 6);
  const nodeInfo = new Int32Array(capacity * 2);
  const cbox = new Float64Array(6);
  const scale = new Float64Array(3);
  let nodeCount = 1;
  const stack: number[] = [0, 0, count];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const start = stack.pop()!;
    const node = stack.pop()!;
    boundsOf(triBounds, centroids, order, start, n, nodeBounds, node, cbox);
    for (let axis = 0; axis < 3; axis++) {
      const extent = cbox[axis + 3]! - cbox[axis]!;
      scale[axis] = extent > 0 ? BINS / extent : 0;
    }
    const split = n > 2 ? bestSplit(triBounds, centroids, order, start, n, cbox, scale) : { axis: -1, plane: -1, cost: Infinity };
    const area = halfArea(nodeBounds, node * 6);
    const splitCost = area > 0 ? TRAVERSAL_COST + split.cost / area : split.cost;
    let left = 0;
    if (split.axis >= 0 && (splitCost < n || n > MAX_LEAF)) {
      left = partition(centroids, order, start, n, split.axis, cbox[split.axis]!, scale[split.axis]!, split.plane);
    } else if (n > MAX_LEAF) {
      left = n >> 1; // all centroids coincide: any halving is as good as another
    }
    if (left === 0 || left === n) {
      nodeInfo[node * 2] = start;
      nodeInfo[node * 2 + 1] = n;
      continue;
    }
    const child = nodeCount;
    nodeCount += 2;
    nodeInfo[node * 2] = child;
    nodeInfo[node * 2 + 1] = 0;
    stack.push(child + 1, start + left, n - left, child, start, left);
  }
  return { nodeBounds: nodeBounds.subarray(0, nodeCount * 6), nodeInfo: nodeInfo.subarray(0, nodeCount * 2), order, nodeCount };
}
