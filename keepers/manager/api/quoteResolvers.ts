import { randomBytes } from "node:crypto";
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { GraphQLError } from "graphql";
import { bytesToHex } from "viem";
import type { JobSettings } from "../../db/schema.js";
import { EngineError, engineForScene, type EngineId, type SceneInfo } from "../../engines/index.js";
import { buildQuote } from "../quote/buildQuote.js";
import { estimateWorkWad } from "../quote/estimateWorkWad.js";
import { priceOptions, type PriceOption } from "../quote/priceOptions.js";
import { timePreview } from "../quote/timePreview.js";
import { liveWorkerOffers } from "../store/liveWorkerOffers.js";
import { quoteJson, recordQuote } from "../store/recordQuote.js";
import type { ApiContext } from "./authenticateNode.js";
import type { ContentStore } from "../../storage/contentStore.js";
import type { QuotingDeps } from "./managerApiDeps.js";
import { badUserInput, parseQuoteInput } from "./parseQuoteInput.js";

/** Largest scene a quote fetches for inspection: the same cap as `POST /scenes`. */
export const MAX_SCENE_BYTES = 512 * 1024 * 1024;
const EXTENSION: Readonly<Record<JobSettings["engine"], string>> = { pathtracer: ".glb", blender: ".blend" };

/** Quotes waiting for a preview beyond this are refused: an unauthenticated caller cannot queue unbounded work. */
const MAX_WAITING_PREVIEWS = 8;

/** Previews take the CPU: one at a time per manager, later quotes wait their turn (a few of them). */
const previews = new WeakMap<QuotingDeps, { tail: Promise<unknown>; waiting: number }>();
function oneAtATime<T>(deps: QuotingDeps, run: () => Promise<T>): Promise<T> {
  const queue = previews.get(deps) ?? { tail: Promise.resolve(), waiting: 0 };
  if (queue.waiting >= (deps.maxWaitingPreviews ?? MAX_WAITING_PREVIEWS)) throw new GraphQLError("the manager is busy quoting: try again in a minute", { extensions: { code: "UNAVAILABLE" } });
  queue.waiting += 1;
  const next = queue.tail.then(run, run).finally(() => (queue.waiting -= 1));
  queue.tail = next.catch(() => undefined);
  previews.set(deps, queue);
  return next;
}

async function sceneFile(store: ContentStore, dir: string, cid: string, engine: JobSettings["engine"]): Promise<string> {
  // The manager's own store only: a quote never makes it fetch from the network for a stranger.
  if (!(await store.has(cid))) throw badUserInput(`scene ${cid} is not in this manager's store: upload it first (POST /scenes)`);
  const path = join(dir, `${cid}${EXTENSION[engine]}`);
  if (await stat(path).then(() => true, () => false)) return path;
  await mkdir(dir, { recursive: true });
  await store.saveFile(cid, path, { maxBytes: MAX_SCENE_BYTES });
  return path;
}

/** Engine errors about the artist's scene are their input; a crash or anything else is ours (masked, logged). */
function asInputError(error: unknown): unknown {
  if (error instanceof EngineError && (error.code === "SCENE_INVALID" || error.code === "OPTIONS_INVALID" || error.code === "ENGINE_MISSING")) return badUserInput(`the scene cannot be rendered: ${error.message}`);
  if (error instanceof EngineError && error.code === "TIMEOUT") return badUserInput(`the scene's preview did not finish in time: too heavy to quote automatically (${error.message})`);
  return error;
}

/** A scene travels as one file: one that needs files beside it would fail on every worker, so it is refused now. */
/** Preview timings by scene and settings, kept 10 minutes: an artist re-quoting (another frame range, another price
 *  option) or several artists quoting one scene cost one preview, and quotes stay fast under load. */
const PREVIEW_TTL_MS = 600_000;
const timings = new WeakMap<QuotingDeps, Map<string, { at: number; preview: ReturnType<typeof timePreview> }>>();
function cachedPreview(deps: QuotingDeps, key: string, run: () => ReturnType<typeof timePreview>): ReturnType<typeof timePreview> {
  let cache = timings.get(deps);
  if (!cache) timings.set(deps, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < PREVIEW_TTL_MS) return hit.preview;
  const preview = run();
  cache.set(key, { at: Date.now(), preview });
  preview.catch(() => cache.delete(key)); // failures are not kept: the next quote tries again
  if (cache.size > 1_000) cache.delete(cache.keys().next().value!);
  return preview;
}

function checkSelfContained(info: SceneInfo): void {
  const missing = [...(info.missingTextures ?? []).map((t) => t.path), ...(info.linkedLibraries ?? []).map((l) => l.path)];
  if (missing.length > 0) throw badUserInput(`the scene needs files it does not carry (pack them into it): ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", ..." : ""}`);
}

function optionJson(o: PriceOption) {
  return { name: o.name, pricePerIbmWad: o.pricePerIbmWad.toString(), workers: o.workers, ibWad: o.ibWad.toString(), etaMinutes: Number.isFinite(o.etaMinutes) ? o.etaMinutes : null };
}

export const quoteMutations = {
  /**
   * An artist's quote (keepers/README step 1): free to ask (no signature; the manager signs the offer), so every input
   * is checked and capped before the one costly step, a preview render, which runs one at a time.
   */
  async quote(_: unknown, { input }: { input: unknown }, context: ApiContext) {
    const { db, store, quoting, logger } = context.deps;
    if (!quoting || !store) throw new GraphQLError("this manager does not quote jobs (started without a quoting identity)", { extensions: { code: "NOT_IMPLEMENTED" } });
    const request = parseQuoteInput(input);
    const { settings } = request;
    const clock = quoting.clock ?? (() => new Date());
    const since = new Date(clock().getTime() - (quoting.heartbeatTimeoutSeconds ?? 60) * 1_000);
    const ibFloorWad = quoting.ibFloorWad ?? 0n;
    const offers = await liveWorkerOffers(db, settings.engine, since, ibFloorWad);
    if (offers.length === 0) throw new GraphQLError(`no eligible ${settings.engine} worker is live on this manager now: try again later`, { extensions: { code: "UNAVAILABLE" } });
    const started = performance.now();
    const previewKey = JSON.stringify([request.sceneCid, request.frameStart, settings.engine, settings.resolution, settings.samples, settings.bounces]);
    const preview = await cachedPreview(quoting, previewKey, () => oneAtATime(quoting, async () => {
      const path = await sceneFile(store, quoting.sceneCacheDir, request.sceneCid, settings.engine);
      const engine = engineForScene(path, { engine: settings.engine as EngineId });
      checkSelfContained(await engine.inspect(path));
      return timePreview(engine, path, { frame: request.frameStart, resolution: settings.resolution, samples: settings.samples, bounces: settings.bounces });
    })).catch((error: unknown) => {
      throw asInputError(error);
    });
    const frames = request.frameEnd - request.frameStart + 1;
    const workWad = estimateWorkWad(preview, { pixelSamples: settings.resolution.width * settings.resolution.height * settings.samples, frames }, quoting.managerIbWad);
    const options = priceOptions(offers, workWad);
    const chosen = options.find((o) => o.name === request.option)!;
    const { quote, signature } = await buildQuote({
      artist: request.artist, sceneWord: request.sceneWord, frameStart: request.frameStart, frameEnd: request.frameEnd, framesPerTask: settings.framesPerTask,
      workWad, pricePerIbmWad: chosen.pricePerIbmWad, ibFloorWad, validForSeconds: quoting.validForSeconds ?? 3_600,
      deadlineSeconds: quoting.deadlineSeconds ?? 3 * 86_400, nowSeconds: await quoting.chainSeconds(), salt: bytesToHex(randomBytes(32)),
    }, quoting.identity);
    await recordQuote(db, quote, signature, request.sceneCid, settings);
    context.deps.metrics?.quotes.inc();
    context.deps.metrics?.quoteSeconds.observe((performance.now() - started) / 1000);
    logger.info({ jobId: quote.jobId, artist: quote.artist, fee: quote.fee.toString(), option: chosen.name }, "quoted a job");
    return {
      ...quoteJson(quote), sceneWord: quote.sceneCid, sceneCid: request.sceneCid, signature, option: chosen.name, options: options.map(optionJson),
      preview: { seconds: preview.seconds, pixelSamples: preview.pixelSamples },
      settings: { engine: settings.engine, width: settings.resolution.width, height: settings.resolution.height, samples: settings.samples, bounces: settings.bounces, framesPerTask: settings.framesPerTask },
    };
  },
};
