package io.plumbline.scenarios;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Named moments of a scenario run (fault injected, first 503, Slack message…), measured from its start. */
final class Timeline {

    private final Instant start = Instant.now();
    private final List<Mark> marks = new ArrayList<>();

    synchronized Mark mark(String name) {
        return mark(name, Instant.now());
    }

    synchronized Mark mark(String name, Instant at) {
        Mark mark = new Mark(name, at);
        marks.add(mark);
        System.out.printf("  [%6.1f s] %s%n", seconds(at), name);
        return mark;
    }

    synchronized Optional<Mark> find(String name) {
        return marks.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    synchronized List<Mark> marks() {
        return marks.stream().sorted(Comparator.comparing(Mark::at)).toList();
    }

    Instant start() {
        return start;
    }

    double seconds(Instant at) {
        return Duration.between(start, at).toMillis() / 1000.0;
    }

    /** The time between two marks, if both happened. */
    Optional<Duration> between(String from, String to) {
        return find(from).flatMap(a -> find(to).map(b -> Duration.between(a.at(), b.at())));
    }

    record Mark(String name, Instant at) {
    }
}
