package io.plumbline.scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stand-in for ProxySQL's writer hostgroup: a TCP endpoint on 127.0.0.1 that forwards to whichever
 * server is the writer now. Services connect to it instead of to a server, so promoting the replica is what it
 * is in production: the same address, another server behind it. Switching drops the open connections, as
 * ProxySQL does for a server that left the writer hostgroup. ProxySQL cannot run here (see docs).
 */
final class WriterEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WriterEndpoint.class);

    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile InetSocketAddress target;
    private volatile boolean closed;

    WriterEndpoint(int port, InetSocketAddress target) throws IOException {
        this.server = new ServerSocket(port, 200, InetAddress.getLoopbackAddress());
        this.target = target;
        Thread acceptor = new Thread(this::acceptLoop, "writer-endpoint-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Points the endpoint at another server and drops every connection to the old one. */
    void switchTo(InetSocketAddress newTarget) {
        log.info("writer endpoint {} -> {}", target, newTarget);
        target = newTarget;
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> connect(client), "writer-endpoint-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void connect(Socket client) {
        Socket upstream = new Socket();
        try {
            upstream.connect(target, 1_000);
        } catch (IOException e) {
            closeQuietly(client); // no writer: fail fast, the client sees the connection closed
            closeQuietly(upstream);
            return;
        }
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // either side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "writer-endpoint-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(new Socket());
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(WriterEndpoint::closeQuietly);
    }
}
