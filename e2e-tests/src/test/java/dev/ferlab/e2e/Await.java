package dev.ferlab.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Waits for a condition with a deadline, polling; fails with the last value seen. Never a bare sleep. */
final class Await {
    private static final Duration POLL = Duration.ofMillis(500);

    private Await() {
    }

    static <T> T until(String what, Duration deadline, Callable<T> read, Predicate<T> done) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        T last = null;
        while (System.nanoTime() < end) {
            last = read.call();
            if (last != null && done.test(last)) {
                return last;
            }
            Thread.sleep(POLL.toMillis());
        }
        fail("timed out after " + deadline.toSeconds() + " s waiting for " + what + "; last seen: " + last);
        return null;
    }
}
