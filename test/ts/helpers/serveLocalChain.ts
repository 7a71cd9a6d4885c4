// The local chain and the in-process CLI live with the scripts (the demo uses them too); tests import them from here.
export { localKey, serveLocalChain, type LocalChain } from "../../../scripts/lib/serveLocalChain.js";
export { runCli } from "../../../scripts/lib/runCli.js";
