package dev.ferlab.gateway.evaluation.rest;

/**
 * A cross-dataset evaluation as a client asks for it.
 *
 * @param dataset a registered dataset ({@code dataset:<id>}) or a folder path the services can read
 * @param split   {@code all} (default), {@code train}, {@code validation} or {@code test} of the target
 */
public record EvaluationSubmission(String dataset, String split) {
}
