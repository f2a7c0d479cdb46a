package io.diode.maven.build;

/**
 * One canister in {@code canisters.json}.
 *
 * @param file       the file to install: {@code <name>.wasm}, or {@code <name>.wasm.gz} with gzip on
 * @param size       its size in bytes
 * @param moduleHash SHA-256 of {@code file}: what the IC reports as {@code module_hash} once it is
 *                   installed (the IC hashes a gzipped module as uploaded, compressed)
 * @param wasm       the raw (uncompressed) WebAssembly module, with its own size and hash
 * @param candid     the Candid interface file
 */
public record ManifestEntry(
        String name, String version, String file, long size, String moduleHash, ModuleFile wasm, String candid) {}
