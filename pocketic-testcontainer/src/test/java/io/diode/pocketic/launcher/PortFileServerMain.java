package io.diode.pocketic.launcher;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in server process for launcher tests, with the real server's command line. The first argument picks
 * how it behaves: {@code serve} (port file, then {@code /status}, exits after {@code --ttl} seconds),
 * {@code crash} (prints and exits 3), {@code mute} (never writes its port).
 */
public final class PortFileServerMain {

    private PortFileServerMain() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path portFile = null;
        long ttlSeconds = 60;
        for (int i = 1; i < args.length - 1; i++) {
            switch (args[i]) {
                case "--port-file" -> portFile = Path.of(args[i + 1]);
                case "--ttl" -> ttlSeconds = Long.parseLong(args[i + 1]);
                default -> {}
            }
        }
        switch (mode) {
            case "crash" -> {
                System.out.println("fatal: cannot open the state directory");
                System.exit(3);
            }
            case "mute" -> Thread.sleep(60_000);
            default -> {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                server.createContext("/status", exchange -> {
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                });
                server.start();
                // written in two steps, as a real server might be caught mid-write
                Path temporary = Files.createTempFile(portFile.getParent(), "port", ".tmp");
                Files.writeString(temporary, server.getAddress().getPort() + "\n");
                Files.move(temporary, portFile);
                System.out.println("listening, ttl " + ttlSeconds);
                Thread.sleep(ttlSeconds * 1000);
                System.exit(0);
            }
        }
    }
}
