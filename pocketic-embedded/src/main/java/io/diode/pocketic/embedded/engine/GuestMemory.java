package io.diode.pocketic.embedded.engine;

/** The linear memory of the instance calling a system API function. Out-of-bounds access traps. */
interface GuestMemory {

    void read(long address, byte[] destination, int offset, int length);

    void write(long address, byte[] source, int offset, int length);
}
