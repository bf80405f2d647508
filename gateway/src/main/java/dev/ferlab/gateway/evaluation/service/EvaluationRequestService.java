package dev.ferlab.gateway.evaluation.service;

import dev.ferlab.common.datasets.DatasetManifest;
import dev.ferlab.common.messaging.EvaluationRequested;
import dev.ferlab.common.shards.Split;
import dev.ferlab.common.spec.FieldError;
import dev.ferlab.common.spec.InvalidSpecException;
import dev.ferlab.gateway.dataset.repository.Dataset;
import dev.ferlab.gateway.evaluation.repository.EvaluationRequest;
import dev.ferlab.gateway.evaluation.repository.EvaluationRequestRepository;
import dev.ferlab.gateway.evaluation.rest.EvaluationSubmission;
import dev.ferlab.gateway.experiment.repository.Experiment;
import dev.ferlab.gateway.experiment.repository.ExperimentStatus;
import dev.ferlab.gateway.experiment.service.ExperimentService;
import dev.ferlab.gateway.rest.ConflictException;
import dev.ferlab.gateway.rest.UnknownIdException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Cross-dataset evaluation requests: checked (the experiment is completed, the target exists and is another
 * dataset), then stored with their event (the outbox publishes it); the preprocessor and the evaluator answer
 * through events.
 */
@ApplicationScoped
public class EvaluationRequestService {
    static final List<String> SPLITS = List.of(EvaluationRequested.ALL_SPLITS, Split.TRAIN.id(),
            Split.VALIDATION.id(), Split.TEST.id());
    private final ExperimentService experiments;
    private final EvaluationRequestRepository requests;

    public EvaluationRequestService(ExperimentService experiments, EvaluationRequestRepository requests) {
        this.experiments = experiments;
        this.requests = requests;
    }

    public EvaluationRequest request(String experimentId, EvaluationSubmission submission) {
        Experiment e = experiments.find(experimentId)
                .orElseThrow(() -> new UnknownIdException("experiment", experimentId));
        List<FieldError> errors = new ArrayList<>();
        String dataset = submission == null || submission.dataset() == null ? "" : submission.dataset().trim();
        String split = submission == null || submission.split() == null || submission.split().isBlank()
                ? EvaluationRequested.ALL_SPLITS : submission.split().trim();
        if (dataset.isEmpty()) {
            errors.add(new FieldError("dataset", "is required: a registered dataset (dataset:<id>) or a folder "
                    + "path the services can read"));
        } else if (dataset.equals(e.dataset)) {
            errors.add(new FieldError("dataset", "is the dataset the experiment was trained on; its train, "
                    + "validation and test splits are evaluated already (GET /api/experiments/" + e.id + ")"));
        } else if (dataset.startsWith(DatasetManifest.REFERENCE_PREFIX)
                && Dataset.findById(dataset.substring(DatasetManifest.REFERENCE_PREFIX.length())) == null) {
            errors.add(new FieldError("dataset", "no registered dataset " + dataset + " (GET /api/datasets lists "
                    + "them)"));
        }
        if (!SPLITS.contains(split)) {
            errors.add(new FieldError("split", "unknown split '" + split + "'; expected one of " + SPLITS));
        }
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(errors);
        }
        if (e.status != ExperimentStatus.COMPLETED) {
            throw new ConflictException("experiment " + e.id + " is " + e.status + ": only a COMPLETED experiment "
                    + "has a model to evaluate on another dataset");
        }
        EvaluationRequest r = new EvaluationRequest();
        r.id = UUID.randomUUID().toString();
        r.experimentId = e.id;
        r.dataset = dataset;
        r.split = split;
        r.status = EvaluationRequest.Status.REQUESTED;
        r.requestedAt = Instant.now();
        r.updatedAt = r.requestedAt;
        requests.create(r, new EvaluationRequested(r.id, e.id, e.spec, dataset, split, r.requestedAt));
        return r;
    }

    public List<EvaluationRequest> ofExperiment(String experimentId) {
        experiments.find(experimentId).orElseThrow(() -> new UnknownIdException("experiment", experimentId));
        return requests.ofExperiment(experimentId);
    }
}
