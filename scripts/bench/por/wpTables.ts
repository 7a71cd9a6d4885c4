/**
 * WP Appendix D, Tables III-VI: seconds to insert a noise vector of length n into a Blender scene, and to verify the
 * distortion regions of one rendered frame (Intel Core i5 2.5 GHz, 32 GB; no GPU used). Table I gives the scenes'
 * frame sizes: Coca-Cola 1080x1080, Grease Pencil Bike 2880x1620, Blender 3.5 Splash 1327x1250, Bathroom Above
 * Corner 4000x3000.
 */
export interface WpTable {
  table: string;
  scene: string;
  frame: string;
  /** n -> [insertion s, verification s]. */
  rows: ReadonlyMap<number, readonly [number, number]>;
}

const table = (t: string, scene: string, frame: string, rows: [number, number, number][]): WpTable => ({ table: t, scene, frame, rows: new Map(rows.map(([n, i, v]) => [n, [i, v]])) });

export const WP_TABLES: readonly WpTable[] = [
  table("III", "Coca-Cola", "1080x1080", [[2, 0.747, 0.343], [5, 0.785, 0.845], [7, 0.822, 1.059], [10, 0.871, 1.525], [12, 0.923, 1.855], [15, 0.982, 2.352], [17, 1.061, 2.612], [19, 1.062, 2.929], [20, 1.092, 3.081], [21, 1.094, 3.217], [23, 1.163, 3.508], [25, 1.204, 3.786], [27, 1.241, 4.182], [29, 1.33, 4.475], [30, 1.335, 4.673], [32, 1.394, 5.059], [35, 1.472, 5.585], [37, 1.49, 5.982], [40, 1.612, 6.409]]),
  table("IV", "Grease Pencil Bike", "2880x1620", [[2, 0.92, 0.477], [5, 1.3, 1.077], [7, 1.524, 1.412], [10, 2.085, 1.976], [12, 2.239, 2.286], [15, 2.55, 2.722], [17, 2.865, 3.068], [19, 3.153, 3.453], [20, 3.269, 3.527], [21, 3.439, 3.747], [23, 3.592, 4.123], [25, 3.975, 4.546], [27, 4.279, 4.913], [29, 4.594, 5.313], [30, 4.666, 5.557], [32, 5.087, 5.812], [35, 5.434, 6.265], [37, 5.729, 6.654], [40, 6.229, 7.116]]),
  table("V", "Blender 3.5 Splash", "1327x1250", [[2, 3.959, 0.546], [5, 7.125, 0.922], [7, 7.468, 1.251], [10, 8.938, 1.642], [12, 9.934, 1.871], [15, 12.773, 2.443], [17, 13.721, 2.751], [19, 14.028, 3.083], [20, 15.351, 3.228], [21, 15.766, 3.347], [23, 17.384, 3.717], [25, 18.587, 3.978], [27, 21.182, 4.281], [29, 21.549, 4.523], [30, 22.224, 4.706], [32, 23.549, 5.037], [35, 27.202, 5.444], [37, 29.063, 5.764], [40, 29.277, 6.087]]),
  table("VI", "Bathroom Above Corner", "4000x3000", [[2, 2.313, 0.657], [5, 5.012, 1.152], [7, 10.228, 1.498], [10, 15.495, 1.997], [12, 17.667, 2.415], [15, 19.627, 2.964], [17, 23.986, 3.311], [19, 26.091, 3.738], [20, 27.808, 3.816], [21, 28.326, 4.08], [23, 31.014, 4.479], [25, 32.523, 4.77], [27, 34.605, 5.151], [29, 36.062, 5.462], [30, 36.456, 5.71], [32, 38.921, 6.031], [35, 42.441, 6.496], [37, 44.138, 6.919], [40, 49.456, 7.458]]),
];

/** The WP's value at n, or the linear interpolation between its nearest rows (n = 8 is not in the tables). */
export function wpAt(t: WpTable, n: number, column: 0 | 1): { value: number; interpolated: boolean } {
  const exact = t.rows.get(n);
  if (exact) return { value: exact[column], interpolated: false };
  const ns = [...t.rows.keys()].sort((a, b) => a - b);
  const hi = ns.find((m) => m > n)!;
  const lo = [...ns].reverse().find((m) => m < n)!;
  const a = t.rows.get(lo)![column];
  const b = t.rows.get(hi)![column];
  return { value: a + ((b - a) * (n - lo)) / (hi - lo), interpolated: true };
}
