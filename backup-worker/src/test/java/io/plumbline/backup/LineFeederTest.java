package io.plumbline.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

/** The digest sees exactly the dump's lines, however the bytes arrive. */
class LineFeederTest {

    @Test
    void linesSplitAcrossChunksAndMultiByteCharactersSurvive() throws Exception {
        String dump = "-- MariaDB dump\nINSERT INTO `booking` VALUES ('RES-1','김철수','서울시 강남구'),\n('RES-2','이영희','부산');\n"
                + "-- Dump completed";
        byte[] bytes = dump.getBytes(StandardCharsets.UTF_8);
        for (int size : new int[] {1, 2, 3, 7, 64, bytes.length}) {
            List<String> lines = new CopyOnWriteArrayList<>();
            try (LineFeeder feeder = new LineFeeder((b, off, len) -> lines.add(new String(b, off, len, StandardCharsets.UTF_8)), "test")) {
                for (int from = 0; from < bytes.length; from += size) {
                    byte[] chunk = java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + size));
                    feeder.feed(chunk, chunk.length);
                }
                feeder.finish();
            }
            assertThat(lines).as("chunks of %d bytes", size).containsExactly("-- MariaDB dump",
                    "INSERT INTO `booking` VALUES ('RES-1','김철수','서울시 강남구'),", "('RES-2','이영희','부산');",
                    "-- Dump completed");
        }
    }

    @Test
    void aFailingDigestStopsTheBackupWithItsReason() throws Exception {
        LineFeeder feeder = new LineFeeder((b, off, len) -> {
            throw new IllegalArgumentException("unparseable line");
        }, "test");
        byte[] line = "boom\n".getBytes(StandardCharsets.UTF_8);
        feeder.feed(line, line.length);
        assertThatThrownBy(feeder::finish).isInstanceOf(IllegalStateException.class).hasMessageContaining("unparseable line");
    }
}
