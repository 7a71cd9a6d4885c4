import { join } from "node:path";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareLocalVoter } from "../../../scripts/governance/prepareLocalVoter.js";
import { localKey, runCli, serveLocalChain, type LocalChain } from "../helpers/serveLocalChain.js";

const IFX = 10n ** 18n;
/** Account #4 holds the public-sale tranche locally: prepareLocalVoter releases and delegates it (30M votes). */
const VOTER = 4;
const PASSWORD = "correct horse battery";

interface ParamsJson { parameters: { name: string; value: string; min: string; max: string; unit: string }[]; referenceTimes: { scene: string; timeMs: string }[] }

describe("ifx for a DAO member and keystores, over HTTP JSON-RPC against the deployed protocol", () => {
  let chain: LocalChain;
  let env: Record<string, string>;
  const ifx = (...argv: string[]) => runCli(argv, env);
  const advance = async (seconds: number) => {
    await chain.rpc("evm_increaseTime", [seconds + 1]);
    await chain.rpc("evm_mine");
  };

  beforeAll(async () => {
    chain = await serveLocalChain();
    await prepareLocalVoter(chain.connection, chain.deployment);
    await advance(1); // votes count from the second after the delegation (the Governor reads clock() - 1)
    env = { IFX_RPC_URL: chain.url, IFX_DEPLOYMENT: chain.deploymentFile, IFX_PRIVATE_KEY: localKey(VOTER) };
  });
  afterAll(() => chain?.close());

  it("lists every governed parameter with its value, unit and bounds (--json and text)", async () => {
    const run = await ifx("params", "--json");
    expect(run.code, run.err).toBe(0);
    const params = JSON.parse(run.out) as ParamsJson;
    expect(params.parameters.find((p) => p.name === "emissionRatePerIbm")).toEqual(expect.objectContaining({ value: IFX.toString(), min: "0", max: (1_000n * IFX).toString(), unit: "ifx" }));
    expect(params.parameters).toHaveLength(30);
    expect(params.referenceTimes).toContainEqual({ scene: "inferix/room", sceneId: expect.any(String), timeMs: "12000" });
    expect((await ifx("params")).out).toMatch(/epochLengthSeconds\s+259200 s \(72 h\)\s+\[3600 s \(1 h\) \.\. 2592000 s \(720 h\)\]/);
  });

  it("propose an E_p change, vote from a keystore, queue, execute after the delays: params shows the new value", async () => {
    const proposed = await ifx("gov", "propose", "--param", "emissionRatePerIbm", "--value", "2.5", "--description", "E_p to 2.5 IFX per IBM", "--json");
    expect(proposed.code, proposed.err).toBe(0);
    const { proposalId, changes } = JSON.parse(proposed.out) as { proposalId: string; changes: { shown: string }[] };
    expect(changes).toEqual([expect.objectContaining({ param: "emissionRatePerIbm", value: (25n * IFX / 10n).toString(), shown: "2.5 IFX" })]);
    await advance(chain.deployment.governance.votingDelaySeconds);

    // The voter's key, moved into a keystore: the vote is signed with it (password from the environment).
    const file = join(chain.dir, "voter.json");
    const imported = await runCli(["keystore", "import", file, "--json"], { IFX_PRIVATE_KEY: localKey(VOTER), IFX_KEYSTORE_PASSWORD: PASSWORD });
    expect(imported.code, imported.err).toBe(0);
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ version: 3, Crypto: expect.objectContaining({ kdf: "scrypt" }) });
    expect(imported.out).not.toContain(localKey(VOTER).slice(2));
    const keystoreEnv = { IFX_RPC_URL: chain.url, IFX_DEPLOYMENT: chain.deploymentFile, IFX_KEYSTORE: file, IFX_KEYSTORE_PASSWORD: PASSWORD };
    const voted = await runCli(["gov", "vote", proposalId, "for", "--json"], keystoreEnv);
    expect(voted.code, voted.err).toBe(0);
    expect(JSON.parse(voted.out)).toMatchObject({ support: "for", weight: (30_000_000n * IFX).toString() });
    const wrong = await runCli(["gov", "vote", proposalId, "for"], { ...keystoreEnv, IFX_KEYSTORE_PASSWORD: "wrong password" });
    expect([wrong.code, wrong.err]).toEqual([2, `ifx: wrong password for the keystore ${file}\n`]);

    await advance(chain.deployment.governance.votingPeriodSeconds);
    const queued = await ifx("gov", "queue", proposalId, "--json");
    expect(queued.code, queued.err).toBe(0);
    expect(JSON.parse(queued.out)).toMatchObject({ state: "queued" });
    const early = await ifx("gov", "execute", proposalId);
    expect(early.code).toBe(1);
    expect(early.err).toMatch(/\nifx: IFXGovernor\.execute reverted: TimelockUnexpectedOperationState\(0x[0-9a-f]{64}, 0x[0-9a-f]{64}\)\n$/);
    await advance(chain.deployment.governance.timelockDelaySeconds);
    const executed = await ifx("gov", "execute", proposalId, "--json");
    expect(executed.code, executed.err).toBe(0);
    expect(JSON.parse(executed.out)).toMatchObject({ state: "executed" });
    const params = JSON.parse((await ifx("params", "--json")).out) as ParamsJson;
    expect(params.parameters.find((p) => p.name === "emissionRatePerIbm")?.value).toBe((25n * IFX / 10n).toString());
    expect(JSON.parse((await ifx("gov", "show", proposalId, "--json")).out)).toMatchObject({ state: "executed", votes: { for: (30_000_000n * IFX).toString() } });
  });

  it("changes the emission split and an IB reference time in one proposal (one setMany: the split is checked as a whole)", async () => {
    // Verifiers first: set one at a time, 30% beside the workers' 75% would break the 100% rule; as one setMany it holds.
    const proposed = await ifx(
      "gov", "propose", "--param", "verifierShareBps", "--value", "30%", "--param", "workerShareBps", "--value", "6500",
      "--param", "referenceTimeMs:inferix/room", "--value", "15000", "--description", "split 65/30/2.5, room reference 15 s", "--json",
    );
    expect(proposed.code, proposed.err).toBe(0);
    const { proposalId, changes } = JSON.parse(proposed.out) as { proposalId: string; changes: { param: string; value: string }[] };
    expect(changes.map((c) => [c.param, c.value])).toEqual([["verifierShareBps", "3000"], ["workerShareBps", "6500"], ["referenceTimeMs:inferix/room", "15000"]]);
    await advance(chain.deployment.governance.votingDelaySeconds);
    expect((await ifx("gov", "vote", proposalId, "for")).code).toBe(0);
    await advance(chain.deployment.governance.votingPeriodSeconds);
    expect((await ifx("gov", "queue", proposalId)).code).toBe(0);
    await advance(chain.deployment.governance.timelockDelaySeconds);
    const executed = await ifx("gov", "execute", proposalId, "--json");
    expect(executed.code, executed.err).toBe(0);
    const params = JSON.parse((await ifx("params", "--json")).out) as ParamsJson;
    const value = (name: string) => params.parameters.find((p) => p.name === name)?.value;
    expect([value("workerShareBps"), value("verifierShareBps"), value("managerShareBps")]).toEqual(["6500", "3000", "250"]);
    expect(params.referenceTimes).toContainEqual({ scene: "inferix/room", sceneId: expect.any(String), timeMs: "15000" });
  });

  it("refuses a split over 100% before the vote with the registry's error (exit 1)", async () => {
    const run = await ifx("gov", "propose", "--param", "workerShareBps", "--value", "90%", "--description", "workers 90%");
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^ifx: the proposal would fail when executed: ParamsEmissionSplitTooLarge\(\d+\)\n$/);
  });

  it("refuses a value outside its bounds before the vote with the registry's error (exit 1)", async () => {
    const run = await ifx("gov", "propose", "--param", "slashBps", "--value", "60%", "--description", "slash 60%");
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^ifx: the proposal would fail when executed: ParamsOutOfBounds\(0x[0-9a-f]{64}, 6000, 0, 5000\)\n$/);
  });

  it("refuses bad input with exit 2: an unknown parameter, a malformed value, unpaired flags, a bad vote", async () => {
    const unknown = await ifx("gov", "propose", "--param", "emissionRate", "--value", "2", "--description", "x");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^ifx: unknown parameter "emissionRate": one of epochLengthSeconds, /);
    expect((await ifx("gov", "propose", "--param", "epochLengthSeconds", "--value", "3 days", "--description", "x")).code).toBe(2);
    expect((await ifx("gov", "propose", "--param", "committeeSize", "--param", "committeeThreshold", "--value", "5", "--description", "x")).code).toBe(2);
    expect((await ifx("gov", "vote", "1", "maybe")).code).toBe(2);
    expect((await ifx("gov", "queue", "abc")).code).toBe(2);
  });

  it("creates a new keystore and uses it; never overwrites one", async () => {
    const file = join(chain.dir, "new.json");
    const created = await runCli(["keystore", "new", file, "--json"], { IFX_KEYSTORE_PASSWORD: PASSWORD });
    expect(created.code, created.err).toBe(0);
    const { address } = JSON.parse(created.out) as { address: string };
    const listed = await runCli(["license", "list", "--json"], { IFX_RPC_URL: chain.url, IFX_DEPLOYMENT: chain.deploymentFile, IFX_KEYSTORE: file, IFX_KEYSTORE_PASSWORD: PASSWORD });
    expect(listed.code, listed.err).toBe(0);
    expect(JSON.parse(listed.out)).toEqual({ owner: address, licenses: [] });
    const again = await runCli(["keystore", "new", file], { IFX_KEYSTORE_PASSWORD: PASSWORD });
    expect([again.code, again.err]).toEqual([2, `ifx: ${file} exists: choose another path (a keystore is never overwritten)\n`]);
    const noPassword = await runCli(["keystore", "new", join(chain.dir, "other.json")], {});
    expect(noPassword.code).toBe(2);
  });
});
