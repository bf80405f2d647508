package dev.ferlab.common.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** SmallRye Fault Tolerance, as ferlab configures it: outages are waited out, other failures tried a few times. */
class RetryingTest {
    private final Retrying retrying = new Retrying(new Retrying.Settings(Duration.ofMillis(1), Duration.ofMillis(4),
            3));

    @Test
    void anInfrastructureFaultIsRetriedUntilItPassesHoweverLong() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        // Far more than the three tries other failures get, and past Fault Tolerance's default 180-try cap too.
        int outage = 250;
        String result = retrying.call("work", () -> {
            if (calls.incrementAndGet() <= outage) {
                throw new IllegalStateException("wrapped", new ConnectException("Connection refused"));
            }
            return "done";
        });
        assertEquals("done", result);
        assertEquals(outage + 1, calls.get());
    }

    @Test
    void anyOtherFailureIsTriedThreeTimesThenThrown() {
        AtomicInteger calls = new AtomicInteger();
        IllegalArgumentException bad = new IllegalArgumentException("not a message");
        Exception thrown = assertThrows(Exception.class, () -> retrying.run("work", () -> {
            calls.incrementAndGet();
            throw bad;
        }));
        assertSame(bad, thrown);
        assertEquals(3, calls.get());
    }

    @Test
    void handleGivesAnExperimentFaultToItsFailurePathOnceAndWaitsOutOutagesFirst() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<Exception> reported = new ArrayList<>();
        IllegalArgumentException bad = new IllegalArgumentException("model file unreadable");
        retrying.handle("work", () -> {
            if (calls.incrementAndGet() <= 2) {
                throw new ConnectException("object store away");
            }
            throw bad;
        }, reported::add);
        assertEquals(3, calls.get(), "two outages waited out, then the experiment's own fault, not retried");
        assertEquals(List.of(bad), reported);
    }

    @Test
    void theFailurePathIsItselfRetriedOnOutages() throws Exception {
        AtomicInteger reports = new AtomicInteger();
        retrying.handle("work", () -> {
            throw new IllegalArgumentException("bad data");
        }, e -> {
            if (reports.incrementAndGet() <= 2) {
                throw new org.apache.kafka.common.errors.TimeoutException("broker away");
            }
        });
        assertEquals(3, reports.get());
    }

    @Test
    void whileTheServiceStopsNoFailureIsGivenUpOrBlamedOnTheExperiment() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean(true);
        Retrying stoppingService = new Retrying(new Retrying.Settings(Duration.ofMillis(1), Duration.ofMillis(4), 3),
                stopping::get);
        AtomicInteger calls = new AtomicInteger();
        List<Exception> reported = new ArrayList<>();
        // The entity manager closing under the work: not an outage, yet not the experiment's fault either.
        stoppingService.handle("work", () -> {
            if (calls.incrementAndGet() <= 10) {
                throw new IllegalStateException("EntityManagerFactory is closed");
            }
        }, reported::add);
        assertEquals(11, calls.get(), "tried on and on, past the three tries of an ordinary failure");
        assertEquals(List.of(), reported, "not reported as the experiment's failure");
    }
}
