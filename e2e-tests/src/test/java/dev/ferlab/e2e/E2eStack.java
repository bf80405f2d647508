package dev.ferlab.e2e;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the end-to-end pipeline ({@link E2e}) once for the whole run, stopped after the last test class, and
 * before every test brings back any part an earlier test stopped or killed: each test starts from a running stack,
 * so one failure stays one failure.
 */
final class E2eStack implements BeforeAllCallback, BeforeEachCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent("ferlab-e2e", key -> {
            E2e.start();
            return new Running();
        });
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        E2e.ensureRunning();
    }

    /** Held in the run's root store, which closes it after the last test: the pipeline then stops. */
    private static final class Running implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() throws Exception {
            E2e.stop();
        }
    }
}
