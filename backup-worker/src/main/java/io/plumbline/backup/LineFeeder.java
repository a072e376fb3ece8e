package io.plumbline.backup;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands a byte stream to a line consumer on its own thread, so that reading the dump and compressing it (the caller's
 * thread) and digesting it (this one) run side by side — as {@code mariadb-dump | gzip} runs two processes. Lines are
 * split on {@code \n} and handed over as bytes, without a copy where a line lies within one chunk; the bounded queue
 * keeps memory flat when the digest falls behind.
 */
final class LineFeeder implements AutoCloseable {

    /** Receives each line's bytes, without the {@code \n}; the array is only valid during the call. */
    interface Lines {
        void line(byte[] bytes, int offset, int length);
    }

    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(64);
    private final Lines lines;
    private final Thread thread;
    private volatile Throwable failure;
    private byte[] carry = new byte[0];

    LineFeeder(Lines lines, String name) {
        this.lines = lines;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a copy of {@code bytes[0, length)}; blocks while the consumer is 64 chunks behind. */
    void feed(byte[] bytes, int length) throws InterruptedException {
        if (failure != null) {
            throw new IllegalStateException("digest failed: " + failure.getMessage(), failure);
        }
        chunks.put(Arrays.copyOf(bytes, length));
    }

    /** Waits until every fed byte has been consumed (a last line without {@code \n} included). */
    void finish() throws InterruptedException {
        chunks.put(END);
        thread.join();
        if (failure != null) {
            throw new IllegalStateException("digest failed: " + failure.getMessage(), failure);
        }
    }

    private void run() {
        try {
            for (byte[] chunk = chunks.take(); chunk != END; chunk = chunks.take()) {
                split(chunk);
            }
            if (carry.length > 0) {
                lines.line(carry, 0, carry.length);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
            chunks.clear();
        }
    }

    private void split(byte[] chunk) {
        int from = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                if (carry.length == 0) {
                    lines.line(chunk, from, i - from);
                } else {
                    byte[] line = Arrays.copyOf(carry, carry.length + i - from);
                    System.arraycopy(chunk, from, line, carry.length, i - from);
                    lines.line(line, 0, line.length);
                    carry = new byte[0];
                }
                from = i + 1;
            }
        }
        if (from < chunk.length) {
            byte[] rest = Arrays.copyOf(carry, carry.length + chunk.length - from);
            System.arraycopy(chunk, from, rest, carry.length, chunk.length - from);
            carry = rest;
        }
    }

    /** Stops the consumer without waiting (the dump failed; its digest no longer matters). */
    @Override
    public void close() {
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }
}
