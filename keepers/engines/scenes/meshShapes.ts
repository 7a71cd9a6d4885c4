/** Indexed triangle geometry for the procedural sample scenes (counter-clockwise fronts, glTF's convention). */
export interface Shape {
  positions: Float32Array;
  normals: Float32Array;
  uvs: Float32Array;
  indices: Uint32Array;
}

type V3 = [number, number, number];

function fromLists(positions: number[], normals: number[], uvs: number[], indices: number[]): Shape {
  return {
    positions: Float32Array.from(positions),
    normals: Float32Array.from(normals),
    uvs: Float32Array.from(uvs),
    indices: Uint32Array.from(indices),
  };
}

/**
 * A rectangle from `origin` spanning `u` and `v`, facing u x v, split into a grid of `segments` x `segments` quads,
 * with uv running 0..`tiles` along each side.
 */
export function quad(origin: V3, u: V3, v: V3, tiles = 1, segments = 1): Shape {
  const n: V3 = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
  const length = Math.hypot(...n);
  const positions: number[] = [], normals: number[] = [], uvs: number[] = [], indices: number[] = [];
  for (let j = 0; j <= segments; j++) {
    for (let i = 0; i <= segments; i++) {
      const a = i / segments, b = j / segments;
      positions.push(origin[0] + a * u[0] + b * v[0], origin[1] + a * u[1] + b * v[1], origin[2] + a * u[2] + b * v[2]);
      normals.push(n[0] / length, n[1] / length, n[2] / length);
      uvs.push(a * tiles, (1 - b) * tiles);
    }
  }
  const row = segments + 1;
  for (let j = 0; j < segments; j++) {
    for (let i = 0; i < segments; i++) {
      const k = j * row + i;
      indices.push(k, k + 1, k + row + 1, k, k + row + 1, k + row);
    }
  }
  return fromLists(positions, normals, uvs, indices);
}

/** Concatenates shapes into one. */
export function merge(shapes: readonly Shape[]): Shape {
  const positions: number[] = [], normals: number[] = [], uvs: number[] = [], indices: number[] = [];
  for (const shape of shapes) {
    const base = positions.length / 3;
    positions.push(...shape.positions);
    normals.push(...shape.normals);
    uvs.push(...shape.uvs);
    for (const index of shape.indices) indices.push(base + index);
  }
  return fromLists(positions, normals, uvs, indices);
}

/** An axis-aligned box centred on the origin, faces outwards, each face with the full texture. */
export function box(sx: number, sy: number, sz: number): Shape {
  const x = sx / 2, y = sy / 2, z = sz / 2;
  return merge([
    quad([-x, -y, z], [sx, 0, 0], [0, sy, 0]),
    quad([x, -y, -z], [-sx, 0, 0], [0, sy, 0]),
    quad([x, -y, z], [0, 0, -sz], [0, sy, 0]),
    quad([-x, -y, -z], [0, 0, sz], [0, sy, 0]),
    quad([-x, y, z], [sx, 0, 0], [0, 0, -sz]),
    quad([-x, -y, -z], [sx, 0, 0], [0, 0, sz]),
  ]);
}

/** A UV sphere: `rings` x `segments` quads, 2 x rings x segments triangles (minus the poles' degenerate ones). */
export function sphere(radius: number, segments: number, rings: number): Shape {
  const positions: number[] = [], normals: number[] = [], uvs: number[] = [], indices: number[] = [];
  for (let j = 0; j <= rings; j++) {
    const theta = (j / rings) * Math.PI;
    for (let i = 0; i <= segments; i++) {
      const phi = (i / segments) * 2 * Math.PI;
      const n: V3 = [Math.sin(theta) * Math.cos(phi), Math.cos(theta), -Math.sin(theta) * Math.sin(phi)];
      positions.push(n[0] * radius, n[1] * radius, n[2] * radius);
      normals.push(...n);
      uvs.push(i / segments, j / rings);
    }
  }
  const row = segments + 1;
  for (let j = 0; j < rings; j++) {
    for (let i = 0; i < segments; i++) {
      const k = j * row + i;
      if (j > 0) indices.push(k, k + row, k + 1);
      if (j < rings - 1) indices.push(k + 1, k + row, k + row + 1);
    }
  }
  return fromLists(positions, normals, uvs, indices);
}

/** A torus around the y axis. */
export function torus(major: number, minor: number, segments: number, sides: number): Shape {
  const positions: number[] = [], normals: number[] = [], uvs: number[] = [], indices: number[] = [];
  for (let j = 0; j <= sides; j++) {
    const a = (j / sides) * 2 * Math.PI;
    for (let i = 0; i <= segments; i++) {
      const b = (i / segments) * 2 * Math.PI;
      const n: V3 = [Math.cos(a) * Math.cos(b), Math.sin(a), -Math.cos(a) * Math.sin(b)];
      positions.push((major + minor * Math.cos(a)) * Math.cos(b), minor * Math.sin(a), -(major + minor * Math.cos(a)) * Math.sin(b));
      normals.push(...n);
      uvs.push(i / segments, j / sides);
    }
  }
  const row = segments + 1;
  for (let j = 0; j < sides; j++) {
    for (let i = 0; i < segments; i++) {
      const k = j * row + i;
      indices.push(k, k + 1, k + row + 1, k, k + row + 1, k + row);
    }
  }
  return fromLists(positions, normals, uvs, indices);
}

/**
 * A surface of revolution around the y axis from a (radius, height) profile listed bottom to top, with smooth normals
 * from the profile's slope.
 */
export function lathe(profile: readonly [number, number][], segments: number): Shape {
  const positions: number[] = [], normals: number[] = [], uvs: number[] = [], indices: number[] = [];
  profile.forEach(([r, h], j) => {
    const [r0, h0] = profile[Math.max(0, j - 1)]!;
    const [r1, h1] = profile[Math.min(profile.length - 1, j + 1)]!;
    const dr = r1 - r0, dh = h1 - h0;
    const length = Math.hypot(dr, dh) || 1;
    for (let i = 0; i <= segments; i++) {
      const b = (i / segments) * 2 * Math.PI;
      positions.push(r * Math.cos(b), h, -r * Math.sin(b));
      normals.push((dh / length) * Math.cos(b), -dr / length, (-dh / length) * Math.sin(b));
      uvs.push(i / segments, 1 - j / (profile.length - 1));
    }
  });
  const row = segments + 1;
  for (let j = 0; j < profile.length - 1; j++) {
    for (let i = 0; i < segments; i++) {
      const k = j * row + i;
      indices.push(k, k + 1, k + row + 1, k, k + row + 1, k + row);
    }
  }
  return fromLists(positions, normals, uvs, indices);
}

/** An icosphere: the icosahedron subdivided `levels` times, 20 x 4^levels triangles. */
export function icosphere(radius: number, levels: number): Shape {
  const t = (1 + Math.sqrt(5)) / 2;
  let vertices: V3[] = [[-1, t, 0], [1, t, 0], [-1, -t, 0], [1, -t, 0], [0, -1, t], [0, 1, t], [0, -1, -t], [0, 1, -t], [t, 0, -1], [t, 0, 1], [-t, 0, -1], [-t, 0, 1]];
  let faces = [[0, 11, 5], [0, 5, 1], [0, 1, 7], [0, 7, 10], [0, 10, 11], [1, 5, 9], [5, 11, 4], [11, 10, 2], [10, 7, 6], [7, 1, 8], [3, 9, 4], [3, 4, 2], [3, 2, 6], [3, 6, 8], [3, 8, 9], [4, 9, 5], [2, 4, 11], [6, 2, 10], [8, 6, 7], [9, 8, 1]];
  const unit = (v: V3): V3 => {
    const l = Math.hypot(...v);
    return [v[0] / l, v[1] / l, v[2] / l];
  };
  vertices = vertices.map(unit);
  for (let level = 0; level < levels; level++) {
    const midpoints = new Map<string, number>();
    const mid = (a: number, b: number): number => {
      const key = a < b ? `${a}:${b}` : `${b}:${a}`;
      let index = midpoints.get(key);
      if (index === undefined) {
        const va = vertices[a]!, vb = vertices[b]!;
        index = vertices.push(unit([va[0] + vb[0], va[1] + vb[1], va[2] + vb[2]])) - 1;
        midpoints.set(key, index);
      }
      return index;
    };
    faces = faces.flatMap(([a, b, c]) => {
      const ab = mid(a!, b!), bc = mid(b!, c!), ca = mid(c!, a!);
      return [[a!, ab, ca], [b!, bc, ab], [c!, ca, bc], [ab, bc, ca]];
    });
  }
  return fromLists(
    vertices.flatMap((v) => [v[0] * radius, v[1] * radius, v[2] * radius]),
    vertices.flat(),
    vertices.flatMap((v) => [0.5 + Math.atan2(v[2], v[0]) / (2 * Math.PI), 0.5 - Math.asin(v[1]) / Math.PI]),
    faces.flat(),
  );
}

/**
 * A heightfield over [-size/2, size/2]^2 in x and z with `cells` x `cells` quads (2 x cells^2 triangles), normals from
 * central differences, uv tiled `tiles` times.
 */
export function terrain(size: number, cells: number, tiles: number, height: (x: number, z: number) => number): Shape {
  const n = cells + 1;
  const step = size / cells;
  const heights = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) heights[j * n + i] = height(-size / 2 + i * step, -size / 2 + j * step);
  const positions = new Float32Array(n * n * 3), normals = new Float32Array(n * n * 3), uvs = new Float32Array(n * n * 2);
  const h = (i: number, j: number) => heights[Math.min(n - 1, Math.max(0, j)) * n + Math.min(n - 1, Math.max(0, i))]!;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const k = j * n + i;
      positions.set([-size / 2 + i * step, heights[k]!, -size / 2 + j * step], k * 3);
      const dx = (h(i + 1, j) - h(i - 1, j)) / (2 * step), dz = (h(i, j + 1) - h(i, j - 1)) / (2 * step);
      const l = Math.hypot(dx, 1, dz);
      normals.set([-dx / l, 1 / l, -dz / l], k * 3);
      uvs.set([(i / cells) * tiles, (j / cells) * tiles], k * 2);
    }
  }
  const indices = new Uint32Array(cells * cells * 6);
  for (let j = 0, o = 0; j < cells; j++) {
    for (let i = 0; i < cells; i++, o += 6) {
      const k = j * n + i;
      indices.set([k, k + n, k + 1, k + 1, k + n, k + n + 1], o);
    }
  }
  return { positions, normals, uvs, indices };
}
