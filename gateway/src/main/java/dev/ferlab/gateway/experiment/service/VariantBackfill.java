package dev.ferlab.gateway.experiment.service;

import dev.ferlab.common.spec.PreprocessingVariant;
import dev.ferlab.gateway.experiment.repository.Experiment;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Names the preprocessing variant of experiments stored before the column existed, from the one list of variants
 * ({@link PreprocessingVariant}), so that SQL never spells them.
 */
@ApplicationScoped
public class VariantBackfill {
    private static final Logger LOG = Logger.getLogger(VariantBackfill.class);

    @Transactional
    void onStart(@Observes StartupEvent start) {
        List<Experiment> unnamed = Experiment.list("preprocessingVariant is null");
        unnamed.forEach(e -> e.preprocessingVariant = PreprocessingVariant.of(e.spec.preprocessing()).id());
        if (!unnamed.isEmpty()) {
            LOG.infof("preprocessing variant named for %d earlier experiments", unnamed.size());
        }
    }
}
