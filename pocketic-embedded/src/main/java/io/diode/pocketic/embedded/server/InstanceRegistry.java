package io.diode.pocketic.embedded.server;

import io.diode.pocketic.embedded.api.IcInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instances of one server, numbered from 0 like the real PocketIC server's. A deleted instance keeps its
 * number (it is listed as {@code "Deleted"}) but its engine is freed.
 */
final class InstanceRegistry implements AutoCloseable {

    private final InstanceFactory factory;
    private final AtomicInteger nextId = new AtomicInteger();
    private final ConcurrentMap<Integer, HostedInstance> instances = new ConcurrentHashMap<>();

    InstanceRegistry(InstanceFactory factory) {
        this.factory = factory;
    }

    HostedInstance create(InstanceSettings settings) {
        IcInstance engine = factory.create(settings);
        HostedInstance instance;
        synchronized (this) {
            // ids and registration in one step so that a listing never shows a gap
            instance = new HostedInstance(nextId.getAndIncrement(), engine);
            instances.put(instance.id(), instance);
        }
        settings.autoProgressDelay().ifPresent(instance::startAutoProgress);
        return instance;
    }

    /** Warms what {@link #create} goes through without creating anything: see {@link InstanceFactory#prepare()}. */
    void prepare() {
        factory.prepare();
    }

    HostedInstance get(String id) {
        HostedInstance instance = lookup(id);
        if (instance.isDeleted()) {
            throw RestApiException.notFound("instance " + id + " was deleted; create a new one with POST /instances");
        }
        return instance;
    }

    /** Deletes the instance and returns its number. */
    int delete(String id) {
        HostedInstance instance = lookup(id);
        instance.delete();
        return instance.id();
    }

    /** The state of every instance ever created, indexed by id: {@code "Available"} or {@code "Deleted"}. */
    synchronized List<String> states() {
        List<String> states = new ArrayList<>();
        for (int id = 0; id < nextId.get(); id++) {
            HostedInstance instance = instances.get(id);
            states.add(instance == null || instance.isDeleted() ? "Deleted" : "Available");
        }
        return states;
    }

    private HostedInstance lookup(String id) {
        int number;
        try {
            number = Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw RestApiException.badRequest(
                    "\"" + id + "\" is not an instance id; ids are numbers from POST /instances");
        }
        HostedInstance instance = instances.get(number);
        if (instance == null) {
            throw RestApiException.notFound(
                    "there is no instance " + id + " on this server; list them with GET /instances");
        }
        return instance;
    }

    /** Deletes every instance still alive, freeing their engines. */
    @Override
    public void close() {
        for (HostedInstance instance : instances.values()) {
            try {
                instance.delete();
            } catch (RestApiException alreadyDeleted) {
                // deleted concurrently: nothing left to free
            }
        }
    }
}
