package io.plumbline.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * More slow clients than Tomcat has worker threads (200), each trickling a request body one byte a second — under
 * the read timeout, so only the body deadline stops them: bookings and look-ups still answer at once, and the server
 * closes every slow connection once {@code plumbline.booking.body-read-timeout} is up.
 */
class SlowClientTest extends BookingApiTestSupport {

    private static final int SLOW_CLIENTS = 250;

    @Value("${plumbline.booking.body-read-timeout}")
    Duration bodyReadTimeout;

    @Test
    void bookingsAndLookUpsAnswerWhileSlowClientsTrickleTheirBodies() throws Exception {
        Duration bound = bodyReadTimeout.plusSeconds(5); // the deadline plus Tomcat's once-a-second timeout check
        long started = System.nanoTime();
        List<SocketChannel> slow = new ArrayList<>();
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        long[] closedAfter = new long[SLOW_CLIENTS];
        byte[] head = ("POST /api/bookings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2000\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                channel.write(ByteBuffer.wrap(head));
                channel.write(ByteBuffer.wrap(new byte[] {'{'}));
                channel.configureBlocking(false);
                slow.add(channel);
            }
            // the load runs in the background, one byte a second on each connection, until the server closes it
            long[] nextByte = {System.nanoTime() + TimeUnit.SECONDS.toNanos(1)};
            load.scheduleWithFixedDelay(() -> tick(slow, closedAfter, started, nextByte), 100, 100, TimeUnit.MILLISECONDS);

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String phone = "010-5555-" + String.format("%04d", (int) (Math.random() * 10_000));
            HttpResponse<String> booked = http.send(HttpRequest.newBuilder(URI.create(url("/api/bookings")))
                    .timeout(Duration.ofSeconds(3)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(bookingJson(freeSlot(), phone))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(booked.statusCode()).as(booked.body()).isEqualTo(201);
            Matcher code = Pattern.compile("\"bookingCode\":\"([^\"]+)\"").matcher(booked.body());
            assertThat(code.find()).isTrue();
            HttpResponse<String> lookedUp = http.send(HttpRequest.newBuilder(URI.create(url("/api/bookings/" + code.group(1))))
                    .timeout(Duration.ofSeconds(3)).header("X-Phone-Last4", phone.substring(phone.length() - 4)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(lookedUp.statusCode()).as(lookedUp.body()).isEqualTo(200);
            assertThat(System.nanoTime() - started).as("the slow clients were still trickling during both requests")
                    .isLessThan(bodyReadTimeout.toNanos());

            await().atMost(bound.plusSeconds(5)).until(() -> java.util.Arrays.stream(closedAfter).allMatch(t -> t != 0));
            load.shutdownNow();
            load.awaitTermination(5, TimeUnit.SECONDS);
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                assertThat(closedAfter[i]).as("slow connection %d closed by the server within %s", i, bound)
                        .isPositive().isLessThanOrEqualTo(bound.toNanos());
            }
        } finally {
            load.shutdownNow();
            for (SocketChannel channel : slow) {
                channel.close();
            }
        }
    }

    /** One round of the load: note what the server closed, and send a body byte a second on the rest. */
    private static void tick(List<SocketChannel> slow, long[] closedAfter, long started, long[] nextByte) {
        ByteBuffer sink = ByteBuffer.allocate(4096);
        boolean send = System.nanoTime() >= nextByte[0];
        if (send) {
            nextByte[0] += TimeUnit.SECONDS.toNanos(1);
        }
        for (int i = 0; i < slow.size(); i++) {
            if (closedAfter[i] != 0) {
                continue;
            }
            SocketChannel channel = slow.get(i);
            try {
                int read;
                do {
                    sink.clear(); // the 408 problem detail; the end of the stream is what counts
                    read = channel.read(sink);
                } while (read > 0);
                if (read < 0) {
                    closedAfter[i] = System.nanoTime() - started;
                } else if (send) {
                    channel.write(ByteBuffer.wrap(new byte[] {' '}));
                }
            } catch (java.io.IOException e) {
                closedAfter[i] = System.nanoTime() - started; // reset by the server
            }
        }
    }
}
