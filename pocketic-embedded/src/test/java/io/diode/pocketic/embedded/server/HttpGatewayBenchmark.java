package io.diode.pocketic.embedded.server;

import io.diode.pocketic.embedded.engine.MotokoCanisters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.ic4j.types.Principal;

/**
 * What a page served through the HTTP gateway costs: a JDK {@code HttpClient} GET of the Motoko canister
 * {@code motoko/httppage} through {@code POST /http_gateway}'s port, as a query ({@code http_request}) and upgraded
 * to an update ({@code http_request_update}), against the in-process server and engine. Prints medians, p90 and the
 * load average. Arguments: {@code [calls] [warm-up calls]}, defaults 500 and 300.
 */
public final class HttpGatewayBenchmark {

    private HttpGatewayBenchmark() {}

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        byte[] wasm = MotokoCanisters.wasm("httppage");
        try (PocketIcServer server = PocketIcServer.start();
                HttpClient http = HttpClient.newHttpClient()) {
            RestClient rest = new RestClient(server.baseUrl());
            int instance = rest.createInstance();
            Principal canister = rest.installCanister(instance, wasm);
            int port = rest.json("POST", "/http_gateway", "{\"forward_to\":{\"PocketIcInstance\":" + instance + "}}")
                    .path("Created")
                    .path("port")
                    .intValue();
            URI page = URI.create("http://127.0.0.1:" + port + "/index.html?canisterId=" + canister);
            URI counted = URI.create("http://127.0.0.1:" + port + "/count?canisterId=" + canister);
            measure("page (http_request query)", http, page, warmUp, calls);
            measure("upgraded page (http_request_update)", http, counted, warmUp / 3, calls / 3);
            System.out.println("load average: "
                    + Files.readString(Path.of("/proc/loadavg")).trim());
        }
    }

    private static void measure(String what, HttpClient http, URI uri, int warmUp, int calls) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        for (int i = 0; i < warmUp; i++) {
            check(http.send(request, HttpResponse.BodyHandlers.ofString()));
        }
        long[] nanos = new long[calls];
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            long before = System.nanoTime();
            check(http.send(request, HttpResponse.BodyHandlers.ofString()));
            nanos[i] = System.nanoTime() - before;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        System.out.printf(
                "%s: %d calls after %d warm-up, median %.2f ms, p90 %.2f ms, %.0f/s%n",
                what, calls, warmUp, nanos[calls / 2] / 1e6, nanos[calls * 9 / 10] / 1e6, calls / seconds);
    }

    private static void check(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the gateway answered " + response.statusCode() + ": " + response.body());
        }
    }
}
