package dev.ferlab.gateway.dataset.service;

import dev.ferlab.common.datasets.DatasetManifest;
import java.util.List;

/** A dataset was refused; {@link #problems()} names every file or row and what is wrong with it. */
public class InvalidDatasetException extends RuntimeException {
    private final transient List<DatasetManifest.Problem> problems;

    public InvalidDatasetException(String message, List<DatasetManifest.Problem> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public List<DatasetManifest.Problem> problems() {
        return problems;
    }
}
