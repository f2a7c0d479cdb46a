package io.diode.ic.management;

import io.diode.candid.CandidName;
import io.diode.candid.Principal;
import java.util.Optional;

/** {@code install_code_args}. */
public record InstallCodeArgs(
        CanisterInstallMode mode,
        @CandidName("canister_id") Principal canisterId,
        @CandidName("wasm_module") byte[] wasmModule,
        byte[] arg,
        @CandidName("sender_canister_version") Optional<Long> senderCanisterVersion) {}
