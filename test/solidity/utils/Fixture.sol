// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./Test.sol";
import {IFXToken} from "../../../contracts/token/IFXToken.sol";
import {ParameterRegistry} from "../../../contracts/params/ParameterRegistry.sol";
import {TokenGenerationEvent} from "../../../contracts/tge/TokenGenerationEvent.sol";
import {EcosystemFund} from "../../../contracts/tge/EcosystemFund.sol";
import {MerkleAirdrop} from "../../../contracts/tge/MerkleAirdrop.sol";
import {IFXDollar} from "../../../contracts/credits/IFXDollar.sol";
import {DevStablecoin} from "../../../contracts/dev/DevStablecoin.sol";
import {ITokenGenerationEvent} from "../../../contracts/interfaces/ITokenGenerationEvent.sol";

/// @notice Deploys the foundation contracts as the deploy module does, with plain addresses for the holders and an
///         address standing in for the timelock (the real TimelockController is exercised end to end in vitest).
abstract contract Fixture is Test {
    uint256 internal constant T0 = 1_800_000_000;
    uint256 internal constant TGE_AT = T0 + 1 days;
    uint256 internal constant MONTH = 365 days / 12;

    address internal timelock = address(0x7100);
    address internal seedHolder = address(0x5EED);
    address internal strategicHolder = address(0x5A7E);
    address internal kolHolder = address(0x0C01);
    address internal publicHolder = address(0x9B11C);
    address internal liquidityHolder = address(0x11C0);
    address internal foundationHolder = address(0xF0DD);

    IFXToken internal token;
    ParameterRegistry internal params;
    TokenGenerationEvent internal tge;
    EcosystemFund internal eco;
    MerkleAirdrop internal airdrop;
    DevStablecoin internal usd;
    IFXDollar internal credits;

    function deployFoundation(bytes32 airdropRoot) internal {
        vm.warp(T0);
        token = new IFXToken();
        params = new ParameterRegistry(timelock);
        airdrop = new MerkleAirdrop(token, airdropRoot, TGE_AT + 180 days, timelock);
        tge = new TokenGenerationEvent(token, holders(), TGE_AT);
        eco = new EcosystemFund(token, tge, timelock);
        token.initializeMinters(address(tge), address(eco));
        usd = new DevStablecoin();
        credits = new IFXDollar(usd, params, timelock);
    }

    function holders() internal view returns (ITokenGenerationEvent.Holders memory) {
        return ITokenGenerationEvent.Holders({
            seed: seedHolder,
            strategic: strategicHolder,
            kol: kolHolder,
            publicSale: publicHolder,
            liquidity: liquidityHolder,
            airdrop: address(airdrop),
            communityTreasury: timelock,
            foundation: foundationHolder
        });
    }

    function runTge() internal {
        vm.warp(TGE_AT);
        tge.execute();
    }
}
