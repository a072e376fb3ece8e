package io.plumbline.localstack.infra;

/**
 * Entry point of the broker's child JVM: Kafka's own {@code kafka.Kafka} main, plus a watchdog that halts the
 * broker when the parent JVM (the launcher or a test JVM) dies, so no broker outlives the run that started it.
 */
public final class KafkaMain {

    private KafkaMain() {
    }

    public static void main(String[] args) throws Exception {
        String parent = System.getProperty("plumbline.parent-pid");
        if (parent != null) {
            ProcessHandle.of(Long.parseLong(parent)).ifPresentOrElse(
                    p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(0)),
                    () -> Runtime.getRuntime().halt(0));
        }
        kafka.Kafka.main(args);
    }
}
