package dev.ferlab.evaluator.repository;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Creates the dashboard views ({@code db/views/dashboard.sql}) at start-up. They join the gateway's tables, which
 * the gateway migrates on its own start, in any order with this service: so this waits, off the start-up path,
 * until those tables exist, then (re)creates every view in one transaction.
 */
@ApplicationScoped
public class DashboardViews {
    private static final Logger LOG = Logger.getLogger(DashboardViews.class);
    static final String SCRIPT = "db/views/dashboard.sql";
    /** Gateway tables and columns the views read: the newest gateway migration they need adds the last one. */
    static final List<String[]> NEEDS = List.of(new String[] {"experiment", "preprocessing_variant"},
            new String[] {"epoch_metric", "epoch"}, new String[] {"grid", "id"});
    private static final long RETRY_MILLIS = 2000;

    private final DataSource dataSource;
    private volatile boolean stopping;
    private volatile boolean created;

    public DashboardViews(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void onStart(@Observes StartupEvent start) {
        Thread t = new Thread(this::createWhenReady, "dashboard-views");
        t.setDaemon(true);
        t.start();
    }

    void onStop(@Observes ShutdownEvent stop) {
        stopping = true;
    }

    /** True once the views exist as this version defines them. */
    public boolean created() {
        return created;
    }

    private void createWhenReady() {
        boolean told = false;
        while (!stopping) {
            try (Connection c = dataSource.getConnection()) {
                String missing = missing(c);
                if (missing == null) {
                    create(c);
                    created = true;
                    LOG.info("dashboard views created: experiment_results, class_results, learning_curves, "
                            + "cross_dataset_results, grid_summary");
                    return;
                }
                if (!told) {
                    LOG.infof("dashboard views wait for the gateway's tables (%s is missing)", missing);
                    told = true;
                }
            } catch (SQLException | IOException e) {
                LOG.warnf("dashboard views not created yet: %s", e.getMessage());
            }
            try {
                Thread.sleep(RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String missing(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?")) {
            for (String[] need : NEEDS) {
                st.setString(1, need[0]);
                st.setString(2, need[1]);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return need[0] + "." + need[1];
                    }
                }
            }
        }
        return null;
    }

    private static void create(Connection c) throws SQLException, IOException {
        String sql;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException(SCRIPT + " is not on the classpath");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            // Two evaluators starting together would race on DROP/CREATE: one at a time.
            st.execute("SELECT pg_advisory_xact_lock(4242017)");
            st.execute(sql);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
