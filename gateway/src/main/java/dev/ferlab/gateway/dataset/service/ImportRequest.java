package dev.ferlab.gateway.dataset.service;

import java.util.Map;

/**
 * What to import and how.
 *
 * @param labelMapping  the dataset's class names to canonical labels, over the built-in defaults
 * @param skipInvalid   leave out (and list) bad files or rows instead of refusing the dataset
 * @param usageSplits   for a FER2013 CSV, take the splits from its Usage column
 * @param importId      optional, chosen by the client to follow the import's progress
 */
public record ImportRequest(String name, Map<String, String> labelMapping, boolean skipInvalid,
        boolean usageSplits, String importId) {
}
