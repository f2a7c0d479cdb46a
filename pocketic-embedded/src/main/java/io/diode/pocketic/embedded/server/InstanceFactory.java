package io.diode.pocketic.embedded.server;

import io.diode.pocketic.embedded.api.IcInstance;

/** Makes the engine behind each instance the server creates: the only seam between server and engine. */
@FunctionalInterface
public interface InstanceFactory {

    IcInstance create(InstanceSettings settings);

    /**
     * Does the one-off work of the first {@link #create} ahead of time (the server calls it on a background thread
     * at start), so that the first {@code POST /instances} does not wait for it. Must leave nothing observable
     * behind; the default does nothing.
     */
    default void prepare() {}
}
