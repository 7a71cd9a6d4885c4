import { readFile, stat } from "node:fs/promises";
import { extname } from "node:path";
import type { Command } from "commander";
import { formatUnits, getAddress, isAddress, type Address } from "viem";
import { sendContractWrite } from "../../chain/sendContractWrite.js";
import { badInput, CliError, EXIT } from "../cliError.js";
import type { CommandContext } from "../commandContext.js";
import { configuredAddress, openWriteSession, progress } from "../openCliSession.js";
import { printResult } from "../printResult.js";
import { ARTIST_EXIT_CODES, managerUrlOf, uploadScene } from "./managerClient.js";
import { addJobSettingsOptions, describeQuote, quoteStruct, requestQuote, type JobSettingsFlags } from "./requestQuote.js";

/** Scenes are read whole to upload: the manager's own cap (512 MiB) is the limit that matters; this one fails sooner. */
const MAX_SCENE_FILE_BYTES = 512 * 1024 * 1024;

/**
 * The scene as one self-contained file: the manager stores bytes, not folders, so a .gltf with outside buffers or
 * textures cannot travel; a .blend renders only with Blender.
 */
async function readScene(path: string, engine: JobSettingsFlags["engine"]): Promise<Uint8Array<ArrayBuffer>> {
  const extension = extname(path).toLowerCase();
  if (extension !== ".glb" && extension !== ".blend") throw badInput(`${path}: a scene is one self-contained .glb or .blend file (pack a .gltf into a .glb)`);
  if (extension === ".blend" && engine !== "blender") throw badInput(`${path}: a .blend scene renders with --engine blender`);
  // The network marks Blender jobs' scenes inside the .blend (PoR marks as Blender objects): a glTF goes to the path tracer.
  if (extension === ".glb" && engine === "blender") throw badInput(`${path}: --engine blender renders .blend scenes; import the .glb into Blender and save a .blend, or render it with the built-in path tracer`);
  const size = await stat(path).then((s) => (s.isFile() ? s.size : -1), () => -2);
  if (size === -2) throw badInput(`no scene file at ${path}`);
  if (size < 0) throw badInput(`${path} is not a file`);
  if (size === 0 || size > MAX_SCENE_FILE_BYTES) throw badInput(`${path} is ${size} bytes; a scene is 1..${MAX_SCENE_FILE_BYTES} bytes`);
  return new Uint8Array(await readFile(path));
}

/**
 * `ifx quote` (price an uploaded scene) and `ifx submit <scene>` (upload, quote, accept, escrow): the artist's way in
 * (keepers/README steps 1-2). The quote is for the signing key's address, which alone may escrow it; `submit` never tops
 * up implicitly, so the artist always sees what is spent.
 */
export function addQuoteCommands(program: Command, context: CommandContext): void {
  addJobSettingsOptions(program.command("quote")
    .description("artist: ask a manager for a signed quote of rendering an uploaded scene (read-only)")
    .requiredOption("--scene-cid <cid>", "the scene's CID in the manager's store (ifx submit uploads it)")
    .option("--artist <address>", "who will escrow it (default: the configured key's address)"))
    .option("--json", "print the quote as JSON (what createJob takes, and its signature)")
    .addHelpText("after", ARTIST_EXIT_CODES)
    .action(async (flags: JobSettingsFlags & { sceneCid: string; artist?: string }) => {
      const manager = managerUrlOf(flags.manager, context.io.env);
      if (flags.artist !== undefined && !isAddress(flags.artist, { strict: false })) throw badInput(`--artist must be an address, got "${flags.artist}"`);
      const artist = flags.artist !== undefined ? getAddress(flags.artist) : await configuredAddress(context);
      if (!artist) throw badInput("whose quote? pass --artist <address>, or configure your key (IFX_PRIVATE_KEY or IFX_KEYSTORE)");
      const quote = await requestQuote(manager, artist, flags.sceneCid, flags);
      printResult(context, flags.json, quote, () => describeQuote(quote));
    });

  addJobSettingsOptions(program.command("submit")
    .description("artist: upload a scene, get it quoted, and escrow the fee from your ifxDollar credit (createJob)")
    .argument("<scene>", "the scene file, self-contained: .glb (built-in path tracer) or .blend (--engine blender)"))
    .option("--yes", "accept the quote without asking (required where no one can answer)")
    .option("--json", "print the job as JSON")
    .addHelpText("after", ARTIST_EXIT_CODES)
    .action(async (scene: string, flags: JobSettingsFlags & { yes?: boolean }) => {
      const manager = managerUrlOf(flags.manager, context.io.env);
      const bytes = await readScene(scene, flags.engine);
      const session = await openWriteSession(context);
      const me: Address = session.wallet.account.address;
      progress(context, `uploading ${scene} (${bytes.length} bytes) to ${manager}...`);
      const sceneCid = await uploadScene(manager, bytes);
      progress(context, `  ${sceneCid}\nquoting (the manager renders a preview)...`);
      const quote = await requestQuote(manager, me, sceneCid, flags);
      progress(context, describeQuote(quote));
      const fee = BigInt(quote.fee);
      const balance = await session.contracts.credits.read.balanceOf([me]);
      if (balance < fee) {
        throw new CliError(EXIT.NEGATIVE, `your ifxDollar balance ${formatUnits(balance, 18)} is short of the fee ${formatUnits(fee, 18)}: top up at least ${formatUnits(fee - balance, 18)} with \`ifx topup <usd>\``);
      }
      if (!flags.yes) {
        if (!context.io.confirm) throw badInput(`accepting the quote spends ${formatUnits(fee, 18)} ifxDollar: pass --yes to accept it`);
        if (!(await context.io.confirm(`escrow ${formatUnits(fee, 18)} ifxDollar for this job?`))) throw new CliError(EXIT.NEGATIVE, "quote declined; nothing was spent");
      }
      progress(context, "escrowing the fee (createJob)...");
      const created = await sendContractWrite(session, { address: session.contracts.market.address, abi: session.contracts.market.abi, functionName: "createJob", args: [quoteStruct(quote), quote.signature], label: "JobMarket.createJob" });
      progress(context, `  ${created.hash}`);
      printResult(context, flags.json, { jobId: quote.jobId, sceneCid, fee, taskCount: quote.taskCount, manager, tx: created.hash },
        () => `job ${quote.jobId} created: ${quote.taskCount} tasks, ${formatUnits(fee, 18)} ifxDollar escrowed\nfollow it with: ifx status ${quote.jobId} --manager ${manager} --watch`);
    });
}
