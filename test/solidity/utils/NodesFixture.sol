// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";
import {Fixture} from "./Fixture.sol";
import {UniswapV2, IUniswapV2FactoryLike, IUniswapV2PairLike, IWETH9Like} from "./UniswapV2.sol";
import {EpochClock} from "../../../contracts/epochs/EpochClock.sol";
import {UniswapV2TwapOracle} from "../../../contracts/oracles/UniswapV2TwapOracle.sol";
import {IUniswapV2PairPrices} from "../../../contracts/interfaces/external/IUniswapV2PairPrices.sol";
import {NodeLicense} from "../../../contracts/nodes/NodeLicense.sol";
import {NodeRegistry} from "../../../contracts/nodes/NodeRegistry.sol";
import {NodeStaking} from "../../../contracts/nodes/NodeStaking.sol";
import {PenaltyPool} from "../../../contracts/nodes/PenaltyPool.sol";
import {GuaranteedBuyback} from "../../../contracts/nodes/GuaranteedBuyback.sol";
import {INodeLicense} from "../../../contracts/interfaces/INodeLicense.sol";
import {INodeRegistry} from "../../../contracts/interfaces/INodeRegistry.sol";

/// @notice The foundation plus the node contracts, wired as the deploy module wires them, on a real Uniswap V2:
///         WETH/dUSD at $3,000 per ETH and (after the TGE) IFX/dUSD at $0.10 per IFX. `market` and `manager` are plain
///         addresses holding the market's and a benchmark manager's roles.
///         Tiers: workers 2 x $500 then 3 x $800; verifiers 10 x $300; managers 2 x $2,000. Whitelist: `alice` may buy 2.
abstract contract NodesFixture is Fixture {
    address internal market = address(0x3A4C);
    address internal manager = address(0x3A6A);
    address internal alice = address(0xA11CE);
    address internal bob = address(0xB0B);
    address internal aliceOperator = address(0xA0);
    address internal bobOperator = address(0xB0);
    bytes internal encKey = abi.encodePacked(bytes1(0x02), keccak256("encryption key"));
    bytes32 internal constant SCENE = keccak256("scene:room");
    uint256 internal constant SCENE_REFERENCE_MS = 10_000;

    IUniswapV2FactoryLike internal factory;
    IWETH9Like internal weth;
    IUniswapV2PairLike internal wethUsdPair;
    IUniswapV2PairLike internal ifxUsdPair;
    UniswapV2TwapOracle internal ethUsd;
    UniswapV2TwapOracle internal ifxUsd;
    EpochClock internal clock;
    NodeLicense internal license;
    NodeRegistry internal registry;
    PenaltyPool internal pool;
    NodeStaking internal staking;
    GuaranteedBuyback internal buyback;
    bytes32 internal whitelistRoot;
    bytes32 internal whitelistSibling;

    function deployNodes() internal {
        deployFoundation(bytes32(0));
        factory = UniswapV2.deployFactory(address(this));
        weth = UniswapV2.deployWeth();
        wethUsdPair = IUniswapV2PairLike(factory.createPair(address(weth), address(usd)));
        ifxUsdPair = IUniswapV2PairLike(factory.createPair(address(token), address(usd)));
        vm.deal(address(this), 100 ether);
        weth.deposit{value: 100 ether}();
        weth.transfer(address(wethUsdPair), 100 ether);
        usd.faucet(address(wethUsdPair), 300_000e6);
        wethUsdPair.mint(address(this));
        ethUsd = new UniswapV2TwapOracle(IUniswapV2PairPrices(address(wethUsdPair)), address(weth), address(usd), params);
        ifxUsd = new UniswapV2TwapOracle(IUniswapV2PairPrices(address(ifxUsdPair)), address(token), address(usd), params);
        ethUsd.update();

        clock = new EpochClock(params);
        license = new NodeLicense(usd, ethUsd, params, tge, timelock, timelock);
        registry = new NodeRegistry(license, params, clock, timelock);
        pool = new PenaltyPool(token, timelock);
        staking = new NodeStaking(token, registry, params, ifxUsd, pool, clock, timelock);
        buyback = new GuaranteedBuyback(license, registry, staking, eco, token, ifxUsd, tge, clock, timelock);
        _wire();
    }

    function _wire() private {
        // alice may buy 2 whitelisted licenses; the sibling leaf is another account's.
        bytes32 aliceLeaf = keccak256(bytes.concat(keccak256(abi.encode(alice, uint256(2)))));
        whitelistSibling = keccak256(bytes.concat(keccak256(abi.encode(address(0xCAFE), uint256(1)))));
        whitelistRoot = Hashes.commutativeKeccak256(aliceLeaf, whitelistSibling);
        vm.startPrank(timelock);
        license.setBuybackVault(address(buyback));
        license.setWhitelistRoot(whitelistRoot);
        license.addTier(INodeLicense.Kind.Worker, 2, 500e18);
        license.addTier(INodeLicense.Kind.Worker, 3, 800e18);
        license.addTier(INodeLicense.Kind.Verifier, 10, 300e18);
        license.addTier(INodeLicense.Kind.Manager, 2, 2_000e18);
        registry.grantRole(registry.REPORTER_ROLE(), address(staking));
        registry.grantRole(registry.REPORTER_ROLE(), market);
        registry.grantRole(registry.BENCHMARK_ROLE(), manager);
        registry.grantRole(registry.BUYBACK_ROLE(), address(buyback));
        staking.grantRole(staking.SLASHER_ROLE(), market);
        staking.grantRole(staking.BUYBACK_ROLE(), address(buyback));
        pool.grantRole(pool.NOTIFIER_ROLE(), address(staking));
        pool.grantRole(pool.RELEASER_ROLE(), market);
        eco.grantRole(eco.BUYBACK_ROLE(), address(buyback));
        params.setReferenceTime(SCENE, SCENE_REFERENCE_MS);
        vm.stopPrank();
    }

    /// @notice alice's whitelist proof for quota 2.
    function aliceProof() internal view returns (bytes32[] memory proof) {
        proof = new bytes32[](1);
        proof[0] = whitelistSibling;
    }

    /// @notice Runs the TGE and seeds IFX/dUSD with 1,000,000 IFX of the liquidity tranche and 100,000 dUSD.
    function runTgeAndSeedIfxPool() internal {
        runTge();
        vm.prank(liquidityHolder);
        token.transfer(address(ifxUsdPair), 1_000_000e18);
        usd.faucet(address(ifxUsdPair), 100_000e6);
        ifxUsdPair.mint(liquidityHolder);
        ifxUsd.update();
    }

    /// @notice Records observations, moves time by one TWAP window and records again, so that both oracles have a
    ///         fresh observation one window old (the IFX pool exists only after the TGE).
    function ageOracles() internal {
        _observe();
        vm.warp(block.timestamp + 30 minutes);
        _observe();
    }

    function _observe() private {
        ethUsd.update();
        (uint112 r0,,) = ifxUsdPair.getReserves();
        if (r0 != 0) ifxUsd.update();
    }

    /// @notice Buys a license for `buyer` in the public sale with dUSD (TGE must have run).
    function buyWithUsd(address buyer, INodeLicense.Kind kind) internal returns (uint256 tokenId) {
        usd.faucet(buyer, 10_000e6);
        vm.startPrank(buyer);
        usd.approve(address(license), type(uint256).max);
        tokenId = license.buy(kind, false);
        vm.stopPrank();
    }

    /// @notice Registers a worker node for `owner` with `operator` at $0.05 per IBM.
    function registerWorker(address owner, uint256 licenseId, address operator) internal {
        vm.prank(owner);
        registry.register(licenseId, operator, encKey, 0.05e18, "ipfs://node");
    }

    /// @notice Posts one benchmark for `licenseId` at `frameTimeMs` on SCENE.
    function benchmark(uint256 licenseId, uint256 frameTimeMs) internal {
        INodeRegistry.Benchmark[] memory b = new INodeRegistry.Benchmark[](1);
        b[0] = INodeRegistry.Benchmark(licenseId, SCENE, frameTimeMs);
        vm.prank(manager);
        registry.postBenchmarks(b);
    }

    /// @notice Gives `who` IFX from the ecosystem fund's grant channel (the DAO's) and approves staking.
    function fundIfx(address who, uint256 amount) internal {
        vm.warp(block.timestamp + 30 days); // let the 4-year schedule unlock enough
        vm.prank(timelock);
        eco.grant(who, amount, "test");
        vm.prank(who);
        IERC20(address(token)).approve(address(staking), type(uint256).max);
    }

    /// @notice Sells `amountIn` WETH (from fresh ETH) into the real WETH/dUSD pair.
    function sellWeth(uint256 amountIn) internal {
        vm.deal(address(this), amountIn);
        weth.deposit{value: amountIn}();
        weth.transfer(address(wethUsdPair), amountIn);
        UniswapV2.swapIn(wethUsdPair, address(weth), amountIn, address(this));
    }

    /// @notice Sells `amountIn` dUSD (from the faucet, in its 1M chunks) into the real WETH/dUSD pair.
    function sellUsdForWeth(uint256 amountIn) internal {
        for (uint256 left = amountIn; left != 0;) {
            uint256 chunk = left > 1_000_000e6 ? 1_000_000e6 : left;
            usd.faucet(address(wethUsdPair), chunk);
            left -= chunk;
        }
        UniswapV2.swapIn(wethUsdPair, address(usd), amountIn, address(this));
    }

    receive() external payable {}
}
