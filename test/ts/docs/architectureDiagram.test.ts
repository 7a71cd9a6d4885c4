import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { declaredNodeIds, renderDotToSvg } from "../../../scripts/docs/diagram.js";

const docs = (name: string) => fileURLToPath(new URL(`../../../docs/${name}`, import.meta.url));

let dot: string;
let svg: string;

beforeAll(async () => {
  dot = await readFile(docs("architecture.dot"), "utf8");
  svg = await renderDotToSvg(dot);
});

describe("architecture diagram", () => {
  it("draws every node the DOT source declares", () => {
    const ids = declaredNodeIds(dot);
    // The parts the README's picture promises; a rename in the DOT that drops one fails here.
    for (const part of ["Artist", "ManagerApi", "JobStore", "Worker", "Verifier", "ContentStore", "JobMarket", "IFXGovernor", "PonderIndexer"]) {
      expect(ids).toContain(part);
    }
    for (const id of ids) expect(svg, id).toContain(`<title>${id}</title>`);
  });

  it("names contracts that exist in contracts/", async () => {
    const contracts = ["IFXToken", "IFXDollar", "EcosystemFund", "NodeLicense", "NodeRegistry", "NodeStaking", "PenaltyPool", "GuaranteedBuyback", "JobMarket", "EpochClock", "EpochRewards", "BuyAndBurn", "UniswapV2TwapOracle", "IFXGovernor", "IFXTimelock", "ParameterRegistry"];
    const ids = declaredNodeIds(dot);
    const sources = (await readdir(fileURLToPath(new URL("../../../contracts", import.meta.url)), { recursive: true })).map((f) => f.split("/").pop());
    for (const name of contracts) {
      expect(ids).toContain(name);
      expect(sources, name).toContain(`${name}.sol`);
    }
  });

  it("the committed SVG is the DOT source's current rendering (run `npm run docs:diagram` after editing the DOT)", async () => {
    expect(await readFile(docs("architecture.svg"), "utf8")).toBe(svg);
  });

  it("reads node ids from declarations only, not comments, edges or defaults", () => {
    const ids = declaredNodeIds(`digraph { node [shape=box]; // Ghost [label="x"]\n  A [label="a"];\n  subgraph cluster_x { B [label="b"]; }\n  A -> B [label="e"];\n}`);
    expect(ids).toEqual(["A", "B"]);
  });
});
