package io.diode.pocketic.embedded.wasm;

/** A custom section, such as {@code icp:public candid:service}: its name and raw content. */
public record CustomSection(String name, byte[] content) {

    public CustomSection {
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }
}
