package io.plumbline.localstack.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port helpers: free ports for tests, a clear error for a busy configured port. */
public final class Ports {

    private Ports() {
    }

    /** An ephemeral port on 127.0.0.1 that was free a moment ago. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1", e);
        }
    }

    /** Fails with a message naming the setting when a configured port is taken. */
    public static void requireFree(int port, String setting) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " (" + setting + ") is already in use on 127.0.0.1: "
                    + "stop what is using it or choose another with " + setting);
        }
    }
}
